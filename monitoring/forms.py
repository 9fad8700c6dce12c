from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import Indicator, Measurement, StatusUpdate
from monitoring.services import BAD_DATE

# Dates are typed and shown as Dutch people write them (31-12-2025); 2025-12-31 is read too.
# Not the browser's date input: it shows the date in the browser's language, as 12/31/2025 in
# an English one, so 1-12 and 12-1 would look alike.
DATE_WIDGET = forms.DateInput(format="%d-%m-%Y", attrs={"placeholder": _("dd-mm-yyyy"), "size": 12})
DATE_ERRORS = {"invalid": BAD_DATE}


class StatusUpdateForm(forms.ModelForm):
    class Meta:
        model = StatusUpdate
        fields = ["status", "date", "note"]
        widgets = {"date": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3}), "status": forms.RadioSelect}
        error_messages = {"date": DATE_ERRORS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every option is a status: no empty "---------" radio button.
        self.fields["status"].choices = StatusUpdate._meta.get_field("status").choices


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name",
            "kind",
            "unit",
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_year",
            "source_text",
        ]
        widgets = {
            "baseline_date": DATE_WIDGET,
            "source_text": forms.Textarea(attrs={"rows": 2}),
            "kind": forms.RadioSelect,
            "direction": forms.RadioSelect,
        }
        error_messages = {"baseline_date": DATE_ERRORS}
        # Dutch users write decimals with a comma.
        localized_fields = ["baseline_value", "target_value"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A few fixed options, each a radio button, with no empty "---------" among them.
        for name in ("kind", "direction"):
            self.fields[name].choices = Indicator._meta.get_field(name).choices


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["date", "value", "source"]
        widgets = {"date": DATE_WIDGET}
        error_messages = {"date": DATE_ERRORS}
        localized_fields = ["value"]


class ImportForm(forms.Form):
    KIND_CHOICES = [("status", _("status updates")), ("metingen", _("measurements"))]

    kind = forms.ChoiceField(label=_("What does the file contain?"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(label=_("File (.csv or .xlsx)"))
