from django import forms
from django.utils.translation import gettext_lazy as _

from regioplan.models import AgendaItem
from workagenda.models import Agenda, OperationalGoal


class AgendaItemForm(forms.ModelForm):
    """An action point of the work agenda; choices limited to the agenda's own coalitions and goals."""

    class Meta:
        model = AgendaItem
        fields = ["theme", "year", "text", "operational_goal"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, agenda: Agenda, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = agenda.themes.order_by("number")
        self.fields["theme"].empty_label = _("All coalitions (overarching)")
        self.fields["operational_goal"].empty_label = _("None")
        self.fields["operational_goal"].queryset = OperationalGoal.objects.filter(
            group__theme__agenda=agenda
        ).select_related("group__theme")
