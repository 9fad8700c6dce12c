from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.models import Indicator, Measurement, StatusUpdate

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StatusUpdateForm(forms.ModelForm):
    class Meta:
        model = StatusUpdate
        fields = ["status", "date", "note"]
        widgets = {"date": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 3}), "status": forms.RadioSelect}

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
        localized_fields = ["value"]


class ImportForm(forms.Form):
    KIND_CHOICES = [("status", _("status updates")), ("metingen", _("measurements"))]

    kind = forms.ChoiceField(label=_("What does the file contain?"), choices=KIND_CHOICES, widget=forms.RadioSelect)
    file = forms.FileField(label=_("File (.csv or .xlsx)"))
