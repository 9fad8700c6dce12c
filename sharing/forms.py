from django import forms
from django.utils.translation import gettext_lazy as _

from sharing.models import SharedView

BAD_DATE = _("Write the date as 31-12-2026.")


class SharedViewForm(forms.Form):
    """What to share; the scope and round come from the dashboards' own filter (PriorityCoverageFilter)."""

    kind = forms.ChoiceField(label=_("Dashboard"), choices=SharedView.Kind.choices, widget=forms.RadioSelect)
    expires_on = forms.DateField(
        label=_("Link works until"),
        required=False,
        # As Dutch people write a date, whatever language the browser speaks (see monitoring's forms).
        widget=forms.DateInput(format="%d-%m-%Y", attrs={"placeholder": _("dd-mm-yyyy"), "size": 12}),
        error_messages={"invalid": BAD_DATE},
        help_text=_("The last day the link works. Leave empty for a link that works until you revoke it."),
    )
