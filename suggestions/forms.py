from django import forms
from django.utils.translation import gettext_lazy as _


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ThemeAcceptForm(forms.Form):
    threshold = forms.IntegerField(label=_("Lowest score (0-99)"), min_value=1, max_value=99, initial=12)
