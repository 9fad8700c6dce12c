"""Reads for the anchoring (verankering) dashboards: how many distinct operational goals
serve each recommendation, within the filters a page or command was given."""

from builtins import round as round_number
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from prioritisation.models import Round
from prioritisation.selectors import round_results
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
    page: Page


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
    page: Page


@dataclass(frozen=True)
class ThemeOrphans:
    theme: Theme
    recommendations: list[Recommendation]
    goals: list[OperationalGoal]

    @property
    def recommendation_numbers(self) -> str:
        return ", ".join(str(rec.number) for rec in self.recommendations)


@dataclass(frozen=True)
class Orphans:
    themes: list[ThemeOrphans]
    page: Page


def recommendation_coverage(*, scope: GoalScope | None = None) -> list[CoverageRow]:
    """Per recommendation, the number of distinct goals in scope linked to it; one query."""
    goals = operational_goal_list(scope=scope)
    recommendations = Recommendation.objects.annotate(
        linked_goals=Count("goal_links__goal", filter=Q(goal_links__goal__in=goals.values("pk")), distinct=True)
    ).order_by("number")
    return [CoverageRow(rec.number, rec.short_title, rec.linked_goals) for rec in recommendations]


THEME_ORDER = ("agenda__region__name", "agenda__name", "number")


def _paginate(items: QuerySet, *, page: int | str, per_page: int | None, busiest_first: QuerySet | None = None) -> Page:
    """The requested page of items; all of them on one page without per_page.

    When they need more than one page, busiest_first (the same items, the busiest first)
    gives the pages, so that the first page is the one worth reading."""
    if per_page is None:
        everything = list(items)
        return Paginator(everything, max(len(everything), 1)).page(1)
    paginator = Paginator(items, per_page)
    if paginator.num_pages > 1 and busiest_first is not None:
        paginator.object_list = busiest_first
    return paginator.get_page(page)


def _themes_in_scope(goals) -> QuerySet[Theme]:
    return (
        Theme.objects.filter(pk__in=goals.values("group__theme"))
        .select_related("agenda__region")
        .order_by(*THEME_ORDER)
    )


def _themes_most_linked_first(goals) -> QuerySet[Theme]:
    links = Count("groups__operational_goals__links", filter=Q(groups__operational_goals__in=goals.values("pk")))
    return _themes_in_scope(goals).annotate(links=links).order_by("-links", *THEME_ORDER)


def _theme_counts(goals, themes: list[Theme]) -> dict[tuple[int, int], int]:
    counts = (
        GoalLink.objects.filter(goal__in=goals.values("pk"), goal__group__theme__in=themes)
        .values_list("goal__group__theme", "recommendation__number")
        .annotate(goals=Count("goal", distinct=True))
    )
    return {(theme_id, number): count for theme_id, number, count in counts}


def theme_heatmap(*, scope: GoalScope | None = None, page: int | str = 1, per_page: int | None = None) -> Heatmap:
    """Themes x recommendations, with the number of distinct linked goals in each cell.

    With per_page, one page of themes; those with the most links first when there is more than one."""
    goals = operational_goal_list(scope=scope)
    numbers = list(Recommendation.objects.order_by("number").values_list("number", flat=True))
    themes = _paginate(
        _themes_in_scope(goals), page=page, per_page=per_page, busiest_first=_themes_most_linked_first(goals)
    )
    counts = _theme_counts(goals, list(themes))
    rows = [
        HeatmapRow(theme=theme, counts=[counts.get((theme.pk, number), 0) for number in numbers]) for theme in themes
    ]
    return Heatmap(numbers=numbers, rows=rows, page=themes)


def region_comparison(
    *, scope: GoalScope | None = None, page: int | str = 1, per_page: int | None = None
) -> Comparison:
    """Each recommendation's coverage per region, absolute and as a share of the region's goals.

    With per_page, one page of regions; those with the most linked goals first when there is more than one."""
    goals = operational_goal_list(scope=scope)
    in_scope = Region.objects.filter(agendas__themes__groups__operational_goals__in=goals.values("pk")).annotate(
        goal_count=Count("agendas__themes__groups__operational_goals", distinct=True)
    )
    regions = _paginate(
        in_scope.order_by("name"),
        page=page,
        per_page=per_page,
        busiest_first=in_scope.annotate(
            linked_goals=Count("agendas__themes__groups__operational_goals__links__goal", distinct=True)
        ).order_by("-linked_goals", "name"),
    )
    counts = {
        (region_id, number): count
        for region_id, number, count in GoalLink.objects.filter(
            goal__in=goals.values("pk"), goal__group__theme__agenda__region__in=list(regions)
        )
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
    return Comparison(regions=list(regions), rows=rows, page=regions)


def theme_orphans(*, scope: GoalScope | None = None, page: int | str = 1, per_page: int | None = None) -> Orphans:
    """Per theme: recommendations none of its goals serve, and its goals linked to nothing.

    With per_page, one page of themes, in their usual order."""
    goals = operational_goal_list(scope=scope)
    recommendations = list(Recommendation.objects.order_by("number"))
    themes = _paginate(_themes_in_scope(goals), page=page, per_page=per_page)
    counts = _theme_counts(goals, list(themes))
    unlinked: dict[int, list[OperationalGoal]] = {}
    for goal in (
        goals.filter(links__isnull=True, group__theme__in=list(themes))
        .select_related("group__theme")
        .order_by("group__theme", "group__number", "letter")
    ):
        unlinked.setdefault(goal.group.theme_id, []).append(goal)
    rows = [
        ThemeOrphans(
            theme=theme,
            recommendations=[rec for rec in recommendations if (theme.pk, rec.number) not in counts],
            goals=unlinked.get(theme.pk, []),
        )
        for theme in themes
    ]
    return Orphans(themes=rows, page=themes)


class Reading:
    """How a recommendation's priority and its anchoring relate (see priority_readings)."""

    HIGH_BOTH = "high_both"
    LOW_BOTH = "low_both"
    PRIORITY_AHEAD = "priority_ahead"
    COVERAGE_AHEAD = "coverage_ahead"
    MIDDLE = "middle"
    # The order the page names them in: disagreements first, as they ask for action.
    NAMED = (PRIORITY_AHEAD, COVERAGE_AHEAD, HIGH_BOTH, LOW_BOTH)
    LABELS = {
        PRIORITY_AHEAD: _("Important and urgent, but barely anchored"),
        COVERAGE_AHEAD: _("Anchored, but given low priority"),
        HIGH_BOTH: _("High on both"),
        LOW_BOTH: _("Low on both"),
        MIDDLE: _("In between"),
    }


@dataclass(frozen=True)
class PriorityCoverageRow:
    number: int
    short_title: str
    importance: float
    urgency: float
    priority: float
    linked_goals: int
    reading: str

    @property
    def reading_label(self) -> str:
        return str(Reading.LABELS[self.reading])


@dataclass(frozen=True)
class PriorityCoverage:
    round: Round
    rows: list[PriorityCoverageRow]
    priority_median: float
    coverage_median: float

    @property
    def has_links(self) -> bool:
        return any(row.linked_goals for row in self.rows)

    def numbers(self, reading: str) -> list[int]:
        return [row.number for row in self.rows if row.reading == reading]


def _positions(values: Sequence[float]) -> list[tuple[bool, bool, bool]]:
    """Per value: (in the top third, in the bottom third, above the median).

    Places as in a ranking: 1 is the highest and equal values share the best place.
    A value on the median is neither high nor low, so when all values are equal
    (for example no links at all) nothing is high or low."""
    middle = median(values)
    third = len(values) / 3
    result = []
    for value in values:
        place_from_top = 1 + sum(other > value for other in values)
        place_from_bottom = 1 + sum(other < value for other in values)
        high = place_from_top <= third and value > middle
        low = place_from_bottom <= third and value < middle
        result.append((high, low, value > middle))
    return result


def priority_readings(*, priorities: list[float], coverages: list[int]) -> list[str]:
    """The reading of each recommendation, from its priority and its coverage.

    High on both / low on both: in the top (bottom) third on both. A disagreement:
    above the median on one and in the bottom third on the other. Where the scope has
    links, no link at all counts as the bottom of anchoring."""
    if not priorities:
        return []
    # As the report reads it (001, section 2.4): where the scope has links at all, a
    # recommendation without any is poorly anchored, even when most have none and the
    # median is 0.
    scope_has_links = any(coverages)
    readings = []
    for (p_high, p_low, p_above), (c_high, c_low, c_above), coverage in zip(
        _positions(priorities), _positions(coverages), coverages, strict=True
    ):
        c_low = c_low or (scope_has_links and coverage == 0)
        if p_high and c_high:
            readings.append(Reading.HIGH_BOTH)
        elif p_low and c_low:
            readings.append(Reading.LOW_BOTH)
        elif p_above and c_low:
            readings.append(Reading.PRIORITY_AHEAD)
        elif c_above and p_low:
            readings.append(Reading.COVERAGE_AHEAD)
        else:
            readings.append(Reading.MIDDLE)
    return readings


def priority_coverage(*, round: Round, scope: GoalScope | None = None) -> PriorityCoverage:
    """Each recommendation's priority in the round (importance + urgency: pick counts, or
    mean scores in a scale round) against its coverage within the scope, with its reading."""
    results = round_results(round=round)
    coverage = {row.number: row.linked_goals for row in recommendation_coverage(scope=scope)}
    priorities = [round_number(result.importance + result.urgency, 2) for result in results]
    coverages = [coverage.get(result.number, 0) for result in results]
    readings = priority_readings(priorities=priorities, coverages=coverages)
    rows = [
        PriorityCoverageRow(
            number=result.number,
            short_title=result.short_title,
            importance=result.importance,
            urgency=result.urgency,
            priority=priority,
            linked_goals=linked,
            reading=reading,
        )
        for result, priority, linked, reading in zip(results, priorities, coverages, readings, strict=True)
    ]
    return PriorityCoverage(
        round=round,
        rows=rows,
        priority_median=median(priorities) if priorities else 0,
        coverage_median=median(coverages) if coverages else 0,
    )


def number_list(numbers: list[int]) -> str:
    """[4] -> "recommendation 4"; [5, 9] -> "recommendations 5 and 9"; [] -> "none"."""
    if not numbers:
        return gettext("none")
    if len(numbers) == 1:
        return gettext("recommendation %(number)s") % {"number": numbers[0]}
    listed = ", ".join(str(n) for n in numbers[:-1])
    return gettext("recommendations %(list)s and %(last)s") % {"list": listed, "last": numbers[-1]}


def priority_coverage_sentences(*, analysis: PriorityCoverage) -> list[tuple[str, str]]:
    """What stands out, as (reading, which recommendations) in the order the readings are named:
    the page Priority against anchoring and the report say it in the same words."""
    return [(str(Reading.LABELS[reading]), number_list(analysis.numbers(reading))) for reading in Reading.NAMED]
