"""Reads of regions and their plans."""

from django.db.models import Count, Prefetch, QuerySet

from regioplan.models import Region, RegionalPlan
from workagenda.models import Agenda


def region_list_with_agendas() -> QuerySet[Region]:
    """Regions with their plans and agendas, each agenda counting its themes and goals.

    Three queries whatever the number of regions, agendas or goals."""
    agendas = (
        Agenda.objects.select_related("plan")
        .annotate(
            theme_count=Count("themes", distinct=True),
            goal_count=Count("themes__groups__operational_goals", distinct=True),
        )
        .order_by("name")
    )
    return Region.objects.prefetch_related(
        Prefetch("agendas", queryset=agendas),
        Prefetch("plans", queryset=RegionalPlan.objects.order_by("name")),
    ).order_by("name")


def region_get(*, slug: str) -> Region:
    return Region.objects.get(slug=slug)


def region_plans_with_objectives(*, region: Region) -> QuerySet[RegionalPlan]:
    return region.plans.prefetch_related("objectives").order_by("name")
