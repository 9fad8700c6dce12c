from django import forms
from django.utils.translation import gettext_lazy as _

from sharing.models import SharedView


class SharedViewForm(forms.Form):
    """What to share; the scope and round come from the dashboards' own filter (PriorityCoverageFilter)."""

    kind = forms.ChoiceField(label=_("Dashboard"), choices=SharedView.Kind.choices, widget=forms.RadioSelect)
    expires_on = forms.DateField(
        label=_("Link works until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The last day the link works. Leave empty for a link that works until you revoke it."),
    )
