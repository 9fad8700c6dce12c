import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from regioplan.models import Region
from workagenda.models import Agenda, OperationalGoal, Theme

TARGET_YEAR_UNSET = _("not set")


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
