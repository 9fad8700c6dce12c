from django import forms

from notifications.models import Preferences
from regioplan.models import Region
from workagenda.models import Agenda


class PreferencesForm(forms.ModelForm):
    class Meta:
        model = Preferences
        fields = ["round_opened", "round_reminder", "round_closed", "digest", "comment", "region", "agenda"]

    def __init__(self, *args, can_read_dashboards: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.order_by("name")
        self.fields["agenda"].queryset = Agenda.objects.select_related("region").order_by("region__name", "name")
        self.fields["agenda"].label_from_instance = lambda agenda: f"{agenda.region.name}: {agenda.name}"
        if not can_read_dashboards:
            # The weekly summary shows dashboards' news: for managers and policy advisors.
            del self.fields["digest"]
