from django import forms
from django.utils.translation import gettext_lazy as _

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
        # Following no region or agenda means following them all: the empty choice says so.
        self.fields["region"].empty_label = _("All regions")
        self.fields["agenda"].empty_label = _("All agendas")
        if not can_read_dashboards:
            # The weekly summary shows dashboards' news: for managers and policy advisors.
            del self.fields["digest"]
