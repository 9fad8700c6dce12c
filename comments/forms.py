from django import forms
from django.utils.translation import gettext_lazy as _

from comments.models import BODY_MAX_LENGTH


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Your comment"),
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Plain text. Empty lines and web addresses are kept; everyone who can open this page reads it."),
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this comment hidden?"),
        max_length=300,
        help_text=_("Readers see this reason instead of the comment. The history keeps the original text."),
    )
