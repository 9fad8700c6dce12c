"""Reads for the anchoring (verankering) dashboards: how many distinct operational goals
serve each recommendation, within the filters a page or command was given."""

from dataclasses import dataclass

from django.db.models import Count, Q

from recommendations.models import Recommendation
from regioplan.models import Region
from workagenda.models import GoalLink, OperationalGoal, Theme
from workagenda.selectors import GoalScope, operational_goal_list


@dataclass(frozen=True)
class CoverageRow:
    number: int
    short_title: str
    linked_goals: int


@dataclass(frozen=True)
class HeatmapRow:
    theme: Theme
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Heatmap:
    numbers: list[int]
    rows: list[HeatmapRow]


@dataclass(frozen=True)
class RegionShare:
    count: int
    share: float


@dataclass(frozen=True)
class ComparisonRow:
    number: int
    short_title: str
    regions: list[RegionShare]


@dataclass(frozen=True)
class Comparison:
    regions: list[Region]
    rows: list[ComparisonRow]


@dataclass(frozen=True)
class ThemeOrphans:
    theme: Theme
    recommendations: list[Recommendation]
    goals: list[OperationalGoal]


def recommendation_coverage(*, scope: GoalScope | None = None) -> list[CoverageRow]:
    """Per recommendation, the number of distinct goals in scope linked to it; one query."""
    goals = operational_goal_list(scope=scope)
    recommendations = Recommendation.objects.annotate(
        linked_goals=Count("goal_links__goal", filter=Q(goal_links__goal__in=goals.values("pk")), distinct=True)
    ).order_by("number")
    return [CoverageRow(rec.number, rec.short_title, rec.linked_goals) for rec in recommendations]


def _themes_in_scope(goals) -> list[Theme]:
    return list(
        Theme.objects.filter(pk__in=goals.values("group__theme"))
        .select_related("agenda__region")
        .order_by("agenda__region__name", "agenda__name", "number")
    )


def _theme_counts(goals) -> dict[tuple[int, int], int]:
    counts = (
        GoalLink.objects.filter(goal__in=goals.values("pk"))
        .values_list("goal__group__theme", "recommendation__number")
        .annotate(goals=Count("goal", distinct=True))
    )
    return {(theme_id, number): count for theme_id, number, count in counts}


def theme_heatmap(*, scope: GoalScope | None = None) -> Heatmap:
    """Themes x recommendations, with the number of distinct linked goals in each cell."""
    goals = operational_goal_list(scope=scope)
    numbers = list(Recommendation.objects.order_by("number").values_list("number", flat=True))
    counts = _theme_counts(goals)
    rows = [
        HeatmapRow(theme=theme, counts=[counts.get((theme.pk, number), 0) for number in numbers])
        for theme in _themes_in_scope(goals)
    ]
    return Heatmap(numbers=numbers, rows=rows)


def region_comparison(*, scope: GoalScope | None = None) -> Comparison:
    """Each recommendation's coverage per region, absolute and as a share of the region's goals."""
    goals = operational_goal_list(scope=scope)
    regions = list(
        Region.objects.filter(agendas__themes__groups__operational_goals__in=goals.values("pk"))
        .annotate(goal_count=Count("agendas__themes__groups__operational_goals", distinct=True))
        .order_by("name")
    )
    counts = {
        (region_id, number): count
        for region_id, number, count in GoalLink.objects.filter(goal__in=goals.values("pk"))
        .values_list("goal__group__theme__agenda__region", "recommendation__number")
        .annotate(goals=Count("goal", distinct=True))
    }
    rows = []
    for rec in Recommendation.objects.order_by("number"):
        shares = []
        for region in regions:
            count = counts.get((region.pk, rec.number), 0)
            shares.append(RegionShare(count=count, share=count / region.goal_count if region.goal_count else 0.0))
        rows.append(ComparisonRow(number=rec.number, short_title=rec.short_title, regions=shares))
    return Comparison(regions=regions, rows=rows)


def theme_orphans(*, scope: GoalScope | None = None) -> list[ThemeOrphans]:
    """Per theme: recommendations none of its goals serve, and its goals linked to nothing."""
    goals = operational_goal_list(scope=scope)
    recommendations = list(Recommendation.objects.order_by("number"))
    counts = _theme_counts(goals)
    unlinked: dict[int, list[OperationalGoal]] = {}
    for goal in (
        goals.filter(links__isnull=True)
        .select_related("group__theme")
        .order_by("group__theme", "group__number", "letter")
    ):
        unlinked.setdefault(goal.group.theme_id, []).append(goal)
    return [
        ThemeOrphans(
            theme=theme,
            recommendations=[rec for rec in recommendations if (theme.pk, rec.number) not in counts],
            goals=unlinked.get(theme.pk, []),
        )
        for theme in _themes_in_scope(goals)
    ]
