import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from recommendations.models import Recommendation
from regioplan.models import Region
from workagenda.models import Agenda, OperationalGoal, Theme
from workagenda.selectors import GoalScope, operational_goal_list


def _target_years() -> list[tuple[int | str, int | str]]:
    years = OperationalGoal.objects.exclude(target_year=None).values_list("target_year", flat=True).distinct()
    return [("", "---------"), *((year, year) for year in sorted(years))]


class GoalScopeFilter(django_filters.FilterSet):
    """Region, agenda, theme and target year: the filters every dashboard offers.

    Filtering itself is done by selectors.operational_goal_list, which the export
    commands call too, so a page and a command with the same filters agree."""

    regio = django_filters.ModelChoiceFilter(
        label=_("Region"), queryset=Region.objects.order_by("name"), to_field_name="slug", method="keep"
    )
    agenda = django_filters.ModelChoiceFilter(
        label=_("Agenda"), queryset=Agenda.objects.order_by("name"), to_field_name="slug", method="keep"
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Theme"), queryset=Theme.objects.select_related("agenda"), method="keep"
    )
    doeljaar = django_filters.TypedChoiceFilter(
        label=_("Target year"), choices=_target_years, coerce=int, method="keep"
    )

    def keep(self, queryset, name, value):
        return queryset  # filter_queryset applies the whole scope at once

    @property
    def scope(self) -> GoalScope:
        data = self.form.cleaned_data if self.is_bound and self.form.is_valid() else {}
        return GoalScope(
            region=data.get("regio"),
            agenda=data.get("agenda"),
            theme=data.get("thema"),
            target_year=data.get("doeljaar") or None,
            recommendation=data.get("aanbeveling"),
            without_links=bool(data.get("zonder")),
            search=data.get("zoek") or "",
        )

    def filter_queryset(self, queryset):
        return operational_goal_list(scope=self.scope, goals=queryset)


class GoalFilter(GoalScopeFilter):
    aanbeveling = django_filters.ModelChoiceFilter(
        label=_("Linked recommendation"),
        queryset=Recommendation.objects.order_by("number"),
        to_field_name="number",
        method="keep",
    )
    zonder = django_filters.BooleanFilter(
        label=_("Only goals without any link"), widget=forms.CheckboxInput, method="keep"
    )
    zoek = django_filters.CharFilter(label=_("Search in code and text"), method="keep")

    class Meta:
        model = OperationalGoal
        fields: list[str] = []
