import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from regioplan.models import Region
from workagenda.filters import offer_at_most
from workagenda.models import Agenda, OperationalGoal, Theme
from workagenda.selectors import operational_goal_target_years

TARGET_YEAR_UNSET = _("not set")


def _target_year_choices():
    return [(year, year) for year in operational_goal_target_years()]


class GoalFilter(django_filters.FilterSet):
    """Narrows the operational goals of the dashboard and the deadlines view."""

    region = django_filters.ModelChoiceFilter(
        field_name="group__theme__agenda__region",
        queryset=Region.objects.order_by("name"),
        label=_("Region"),
        empty_label=_("All regions"),
    )
    agenda = django_filters.ModelChoiceFilter(
        field_name="group__theme__agenda",
        queryset=Agenda.objects.order_by("name"),
        label=_("Agenda"),
        empty_label=_("All agendas"),
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="group__theme",
        queryset=Theme.objects.select_related("agenda").order_by("agenda__name", "number"),
        label=_("Theme"),
        empty_label=_("All themes"),
    )
    target_year = django_filters.ChoiceFilter(
        choices=_target_year_choices, label=_("Target year"), empty_label=_("All years")
    )

    class Meta:
        model = OperationalGoal
        fields = ["region", "agenda", "theme", "target_year"]

    def limit_choices(self) -> None:
        """Keeps the agenda and theme dropdowns short for a page that shows the form (charts need not)."""
        region, agenda = self._chosen_pk("region"), self._chosen_pk("agenda")
        agendas = Agenda.objects.order_by("name")
        themes = Theme.objects.order_by("agenda__name", "number")
        if region is not None:
            agendas = agendas.filter(region=region)
            themes = themes.filter(agenda__region=region)
        if agenda is not None:
            themes = themes.filter(agenda=agenda)
        self._offer_at_most("agenda", agendas, _("Choose a region first and press Show."))
        self._offer_at_most("theme", themes, _("Choose a region or agenda first and press Show."))

    def _chosen_pk(self, name: str) -> int | None:
        value = self.data.get(name, "")
        return int(value) if value.isdigit() else None

    def _offer_at_most(self, name: str, options: QuerySet, hint: str) -> None:
        """offer_at_most, with a hint below the dropdown how to narrow it when it offers none."""
        field = self.form.fields[name]
        chosen = self.form.cleaned_data.get(name) if self.is_bound and self.form.is_valid() else None
        if offer_at_most(field, options, chosen=chosen):
            field.help_text = hint


class DashboardFilter(GoalFilter):
    since = django_filters.DateFilter(
        label=_("Changes since the meeting of"),
        method="keep_all",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Show which statuses changed after this date."),
    )

    class Meta(GoalFilter.Meta):
        fields = [*GoalFilter.Meta.fields, "since"]

    def keep_all(self, queryset, name, value):
        """The meeting date marks changes; it does not hide goals."""
        return queryset
