"""Filters of the API lists, with the query parameters the pages use (regio, agenda, thema, doeljaar)."""

import django_filters

from monitoring.models import Indicator, Status, StatusUpdate
from regioplan.models import RegionalPlan
from workagenda.models import Agenda, Theme


class RegionalPlanFilter(django_filters.FilterSet):
    regio = django_filters.CharFilter(field_name="region__slug")

    class Meta:
        model = RegionalPlan
        fields: list[str] = []


class AgendaFilter(django_filters.FilterSet):
    regio = django_filters.CharFilter(field_name="region__slug")

    class Meta:
        model = Agenda
        fields: list[str] = []


class ThemeFilter(django_filters.FilterSet):
    regio = django_filters.CharFilter(field_name="agenda__region__slug")
    agenda = django_filters.CharFilter(field_name="agenda__slug")

    class Meta:
        model = Theme
        fields: list[str] = []


class StatusUpdateFilter(django_filters.FilterSet):
    """A status is about a goal or about a theme; both kinds are found through their theme's agenda."""

    regio = django_filters.CharFilter(method="by_region")
    agenda = django_filters.CharFilter(method="by_agenda")
    status = django_filters.ChoiceFilter(choices=Status.choices)

    class Meta:
        model = StatusUpdate
        fields: list[str] = []

    def by_region(self, queryset, name, value):
        return queryset.filter(goal__group__theme__agenda__region__slug=value) | queryset.filter(
            theme__agenda__region__slug=value
        )

    def by_agenda(self, queryset, name, value):
        return queryset.filter(goal__group__theme__agenda__slug=value) | queryset.filter(theme__agenda__slug=value)


class IndicatorFilter(django_filters.FilterSet):
    regio = django_filters.CharFilter(field_name="goal__group__theme__agenda__region__slug")
    agenda = django_filters.CharFilter(field_name="goal__group__theme__agenda__slug")
    kind = django_filters.ChoiceFilter(choices=Indicator.Kind.choices)

    class Meta:
        model = Indicator
        fields: list[str] = []
