"""Reads of agendas, themes and operational goals."""

from django.db.models import QuerySet

from workagenda.models import OperationalGoal, Theme


def operational_goal_get(*, pk: int) -> OperationalGoal:
    return OperationalGoal.objects.select_related("group__theme__agenda__region").get(pk=pk)


def operational_goal_links(*, goal: OperationalGoal):
    return goal.links.select_related("recommendation", "created_by", "updated_by").order_by("recommendation__number")


def agenda_themes_with_goals(*, agenda_ids: list[int]) -> QuerySet[Theme]:
    return (
        Theme.objects.filter(agenda_id__in=agenda_ids)
        .prefetch_related("groups__operational_goals")
        .order_by("agenda__name", "number")
    )
