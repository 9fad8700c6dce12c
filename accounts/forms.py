from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.roles import role_groups


class InvitationForm(forms.ModelForm):
    """What an administrator fills in to invite someone: no password, they choose it themselves."""

    groups = forms.ModelMultipleChoiceField(
        label=_("Roles"),
        queryset=role_groups(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Programme team members vote, policy advisors maintain agendas and links, managers read dashboards."
        ),
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "first_name", "last_name", "email", "groups"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # An invitation goes to a named person with an address for the link and for password resets.
        for name in ("first_name", "last_name", "email"):
            self.fields[name].required = True
