import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from regioplan.models import Region
from workagenda.models import Agenda, OperationalGoal, Theme

TARGET_YEAR_UNSET = _("not set")
# Beyond this many options a dropdown no longer helps; choosing a region or agenda first narrows it.
CHOICES_LIMIT = 50


def _target_year_choices():
    years = (
        OperationalGoal.objects.exclude(target_year=None).order_by("target_year").values_list("target_year", flat=True)
    )
    return [(year, year) for year in years.distinct()]


class GoalFilter(django_filters.FilterSet):
    """Narrows the operational goals of the dashboard and the deadlines view."""

    region = django_filters.ModelChoiceFilter(
        field_name="group__theme__agenda__region", queryset=Region.objects.order_by("name"), label=_("Region")
    )
    agenda = django_filters.ModelChoiceFilter(
        field_name="group__theme__agenda", queryset=Agenda.objects.order_by("name"), label=_("Agenda")
    )
    theme = django_filters.ModelChoiceFilter(
        field_name="group__theme",
        queryset=Theme.objects.select_related("agenda").order_by("agenda__name", "number"),
        label=_("Theme"),
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
        self._offer_at_most(CHOICES_LIMIT, "agenda", agendas, _("Choose a region first and press Show."))
        self._offer_at_most(CHOICES_LIMIT, "theme", themes, _("Choose a region or agenda first and press Show."))

    def _chosen_pk(self, name: str) -> int | None:
        value = self.data.get(name, "")
        return int(value) if value.isdigit() else None

    def _offer_at_most(self, limit: int, name: str, options: QuerySet, hint: str) -> None:
        """Offers the options within the chosen region or agenda; when they are still too many, none
        but a hint how to narrow them. The current choice is always offered, and any valid one accepted."""
        field = self.form.fields[name]
        shown = list(options[: limit + 1])
        if len(shown) > limit:
            shown = []
            field.help_text = hint
        current = self.form.cleaned_data.get(name) if self.is_bound and self.form.is_valid() else None
        if current is not None and current not in shown:
            shown.append(current)
        field.widget.choices = [
            ("", field.empty_label),
            *((item.pk, field.label_from_instance(item)) for item in shown),
        ]


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
