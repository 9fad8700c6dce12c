from django import forms
from django.utils.translation import gettext_lazy as _

from prioritisation.models import Round
from regioplan.models import Region
from reports.models import Section
from reports.selectors import closed_rounds
from reports.services import COMMENT_LIMIT
from workagenda.filters import CHOOSE_REGION_FIRST, offer_at_most
from workagenda.models import Agenda, Theme


class AgendaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, agenda: Agenda) -> str:
        return f"{agenda.name} ({agenda.region.name})"


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, theme: Theme) -> str:
        return f"{theme.code} {theme.name} ({theme.agenda.name})"


class ReportForm(forms.Form):
    """What the report is about. The service checks that the agenda and theme belong together."""

    round = forms.ModelChoiceField(
        label=_("Prioritisation round"),
        queryset=Round.objects.none(),
        empty_label=None,
        help_text=_("Only closed rounds: their results no longer change."),
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.order_by("name"), empty_label=None)
    agenda = AgendaChoiceField(
        label=_("Agenda"),
        queryset=Agenda.objects.select_related("region").order_by("region__name", "name"),
        empty_label=_("Choose an agenda"),
    )
    theme = ThemeChoiceField(
        label=_("Focus theme (optional)"),
        queryset=Theme.objects.select_related("agenda").order_by("agenda__region__name", "agenda__name", "number"),
        required=False,
        empty_label=_("No focus theme"),
        help_text=_("A theme of the chosen agenda, looked at on its own as in chapter 2.4 of the first report."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = closed_rounds()
        self._narrow_choices()

    def _narrow_choices(self) -> None:
        """Offer the agendas of the chosen region and the themes of the chosen agenda, at most
        CHOICES_LIMIT of each, as the dashboards' filters do; any valid choice is still accepted."""
        agendas, themes = self.fields["agenda"].queryset, self.fields["theme"].queryset
        region, agenda = self.data.get("region", ""), self.data.get("agenda", "")
        if str(region).isdigit():
            agendas = agendas.filter(region_id=int(region))
            themes = themes.filter(agenda__region_id=int(region))
        if str(agenda).isdigit():
            themes = themes.filter(agenda_id=int(agenda))
        for name, options in (("agenda", agendas), ("theme", themes)):
            if offer_at_most(self.fields[name], options, chosen=None):
                self.fields[name].widget.choices[0] = ("", CHOOSE_REGION_FIRST)


class CommentForm(forms.Form):
    section = forms.ChoiceField(choices=Section.choices, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("Commentary"),
        required=False,
        max_length=COMMENT_LIMIT,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
