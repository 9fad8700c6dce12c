"""Reads of monitoring data: latest statuses, indicator progress and deadlines.

The latest status of every item is computed in SQL with a correlated subquery,
so a page costs the same number of queries whatever the length of the history."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, F, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from audit.history import Change, change_list
from monitoring.models import Indicator, Measurement, Status, StatusUpdate
from workagenda.models import OperationalGoal, Theme

NO_TARGET_YEAR = "none"
NO_STATUS = "none"


MEASUREMENT_OF = _("measurement of %(date)s")


def _latest(updates: QuerySet[StatusUpdate], field: str) -> Subquery:
    return Subquery(updates.order_by("-date", "-pk").values(field)[:1])


def goals_with_latest_status(*, queryset: QuerySet[OperationalGoal] | None = None) -> QuerySet[OperationalGoal]:
    goals = OperationalGoal.objects.all() if queryset is None else queryset
    updates = StatusUpdate.objects.filter(goal=OuterRef("pk"))
    return goals.select_related("group__theme__agenda__region").annotate(
        latest_status=_latest(updates, "status"),
        latest_date=_latest(updates, "date"),
        latest_note=_latest(updates, "note"),
    )


def goals_with_status_on(*, queryset: QuerySet[OperationalGoal], date: datetime.date) -> QuerySet[OperationalGoal]:
    """Adds the status as it stood on a meeting date, to show what changed since."""
    updates = StatusUpdate.objects.filter(goal=OuterRef("pk"), date__lte=date)
    return queryset.annotate(status_then=_latest(updates, "status"))


def themes_with_latest_status(*, queryset: QuerySet[Theme]) -> QuerySet[Theme]:
    updates = StatusUpdate.objects.filter(theme=OuterRef("pk"))
    return queryset.select_related("agenda").annotate(
        latest_status=_latest(updates, "status"),
        latest_date=_latest(updates, "date"),
        latest_note=_latest(updates, "note"),
    )


@dataclass(frozen=True)
class ThemesShown:
    """The themes a dashboard list or chart shows, out of how many themes the filter matched."""

    themes: list
    total: int

    @property
    def capped(self) -> bool:
        return len(self.themes) < self.total


def _attention_rank() -> Case:
    """Off track first, then at risk, not reported, not started, on track and achieved last."""
    order = [Status.OFF_TRACK, Status.AT_RISK, None, Status.NOT_STARTED, Status.ON_TRACK]
    return Case(
        *(
            When(Q(latest_status__isnull=True) if status is None else Q(latest_status=status), then=Value(rank))
            for rank, status in enumerate(order)
        ),
        default=Value(len(order)),
    )


def theme_statuses(*, queryset: QuerySet[Theme], limit: int) -> ThemesShown:
    """All themes in agenda order when they fit; otherwise the `limit` themes needing attention most.

    Two queries whatever the number of themes: the count, then the themes shown."""
    total = queryset.count()
    themes = themes_with_latest_status(queryset=queryset)
    if total <= limit:
        return ThemesShown(themes=list(themes.order_by("agenda__name", "number")), total=total)
    attention_first = themes.annotate(attention=_attention_rank()).order_by("attention", "agenda__name", "number")
    return ThemesShown(themes=list(attention_first[:limit]), total=total)


@dataclass(frozen=True)
class StatusCount:
    theme: str
    agenda: str
    counts: dict[str, int]


def _status_counts_per_theme(*, goals: QuerySet[OperationalGoal]) -> dict[int, dict[str, int]]:
    """Per theme id, how many goals stand at each latest status; counted in one SQL query."""
    # latest_status is annotated by the goals' queryset (goals_with_latest_status), unknown to the checker.
    rows = goals.order_by().values_list("group__theme", "latest_status").annotate(n=Count("pk"))  # type: ignore[misc]
    no_goals = dict.fromkeys([*Status.values, NO_STATUS], 0)
    result: dict[int, dict[str, int]] = {}
    for theme, status, count in rows:
        counts = result.get(theme) or result.setdefault(theme, dict(no_goals))
        counts[status or NO_STATUS] += count
    return result


def status_overview(*, goals: QuerySet[OperationalGoal], limit: int) -> ThemesShown:
    """All themes in agenda order when they fit; otherwise the `limit` themes with the most goals
    off track, then at risk, so a large scope still gives a legible chart of what needs attention.

    Two queries: the counts grouped by theme, then the names of the themes shown."""
    counts = _status_counts_per_theme(goals=goals)
    shown = Theme.objects.select_related("agenda").only("name", "agenda__name")
    themes: Iterable[Theme]
    if len(counts) <= limit:
        themes = shown.filter(pk__in=list(counts)).order_by("agenda__name", "number")
    else:
        worst = sorted(counts, key=lambda pk: (-counts[pk][Status.OFF_TRACK], -counts[pk][Status.AT_RISK], pk))
        by_pk = shown.in_bulk(worst[:limit])
        themes = [by_pk[pk] for pk in worst[:limit]]
    rows = [StatusCount(theme=theme.name, agenda=theme.agenda.name, counts=counts[theme.pk]) for theme in themes]
    return ThemesShown(themes=rows, total=len(counts))


def status_history(*, goal: OperationalGoal | None = None, theme: Theme | None = None) -> QuerySet[StatusUpdate]:
    updates = StatusUpdate.objects.select_related("author").order_by("-date", "-pk")
    return updates.filter(goal=goal) if goal is not None else updates.filter(theme=theme)


# ---------------------------------------------------------------- indicators


class Progress:
    """How an indicator's latest measurement stands against its straight path to the target."""

    NO_MEASUREMENT = "no_measurement"
    BEFORE_BASELINE = "before_baseline"
    TARGET_MET = "target_met"
    TARGET_MISSED = "target_missed"
    NO_PATH = "no_path"
    ON_PATH = "on_path"
    BEHIND = "behind"

    LABELS = {
        NO_MEASUREMENT: _("no measurement yet"),
        BEFORE_BASELINE: _("latest measurement is older than the baseline"),
        TARGET_MET: _("target met"),
        TARGET_MISSED: _("target year passed, target not met"),
        NO_PATH: _("cannot judge: no baseline or no target year"),
        ON_PATH: _("on the path to the target"),
        BEHIND: _("behind the path to the target"),
    }
    FLAGGED = {TARGET_MISSED, BEHIND}


@dataclass(frozen=True)
class Assessment:
    state: str
    expected: Decimal | None = None

    @property
    def flagged(self) -> bool:
        return self.state in Progress.FLAGGED

    @property
    def label(self) -> str:
        return str(Progress.LABELS[self.state])


def target_date(year: int) -> datetime.date:
    """A target 'in 2027' is due at the end of 2027."""
    return datetime.date(year, 12, 31)


def path_value(*, indicator: Indicator, on: datetime.date) -> Decimal | None:
    """The value the straight line from (baseline date, baseline) to (end of target year, target) has on a date.

    Before the baseline date the line holds the baseline, after the target date the target."""
    if indicator.baseline_value is None or indicator.baseline_date is None or indicator.target_year is None:
        return None
    start, end = indicator.baseline_date, target_date(indicator.target_year)
    if on <= start:
        return indicator.baseline_value
    if on >= end or end <= start:
        return indicator.target_value
    fraction = Decimal((on - start).days) / Decimal((end - start).days)
    return indicator.baseline_value + (indicator.target_value - indicator.baseline_value) * fraction


def _better_or_equal(value: Decimal, reference: Decimal, direction: str) -> bool:
    return value >= reference if direction == Indicator.Direction.HIGHER else value <= reference


def indicator_assess(
    *, indicator: Indicator, latest_value: Decimal | None, latest_date: datetime.date | None, today: datetime.date
) -> Assessment:
    """Judge the latest measurement; see docs in the indicator page's explanation.

    In order: no measurement -> not judged; a latest measurement dated before the
    baseline -> not judged (it says nothing about progress since the start); target
    met -> fine; target year passed without meeting it -> flagged; without baseline
    or target year there is no path -> not judged; otherwise flagged when the value is
    worse than the path's value on the measurement's date (below it when higher is
    better, above it when lower is better). Equal to the path counts as on the path."""
    if latest_value is None or latest_date is None:
        return Assessment(Progress.NO_MEASUREMENT)
    if indicator.baseline_date is not None and latest_date < indicator.baseline_date:
        return Assessment(Progress.BEFORE_BASELINE)
    if _better_or_equal(latest_value, indicator.target_value, indicator.direction):
        return Assessment(Progress.TARGET_MET)
    if indicator.target_year is not None and today > target_date(indicator.target_year):
        return Assessment(Progress.TARGET_MISSED, indicator.target_value)
    expected = path_value(indicator=indicator, on=latest_date)
    if expected is None:
        return Assessment(Progress.NO_PATH)
    if _better_or_equal(latest_value, expected, indicator.direction):
        return Assessment(Progress.ON_PATH, expected)
    return Assessment(Progress.BEHIND, expected)


def indicators_with_latest_measurement(*, queryset: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    indicators = Indicator.objects.all() if queryset is None else queryset
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by("-date", "-pk")
    return indicators.select_related("goal__group__theme__agenda__region").annotate(
        latest_value=Subquery(latest.values("value")[:1]),
        latest_date=Subquery(latest.values("date")[:1]),
    )


def indicator_list_assessed(
    *, indicators: Iterable[Indicator], today: datetime.date
) -> list[tuple[Indicator, Assessment]]:
    return [
        (
            indicator,
            indicator_assess(
                indicator=indicator,
                latest_value=indicator.latest_value,  # type: ignore[attr-defined]  # annotated by the queryset
                latest_date=indicator.latest_date,  # type: ignore[attr-defined]
                today=today,
            ),
        )
        for indicator in indicators
    ]


def indicator_get(*, pk: int) -> Indicator:
    return Indicator.objects.select_related("goal__group__theme__agenda__region").get(pk=pk)


def indicator_measurements(*, indicator: Indicator) -> list[Measurement]:
    return list(indicator.measurements.select_related("recorded_by").order_by("date", "pk"))


# ---------------------------------------------------------------- deadlines


@dataclass
class DeadlineGroup:
    year: int | None
    goals: list[OperationalGoal]
    total: int


@dataclass(frozen=True)
class YearCount:
    year: int | None
    goals: int
    overdue: int


def goal_is_overdue(*, goal: OperationalGoal, today: datetime.date) -> bool:
    """Past the end of its target year without being reported achieved."""
    return (
        goal.target_year is not None and today > target_date(goal.target_year) and goal.latest_status != Status.ACHIEVED  # type: ignore[attr-defined]  # annotated by the queryset
    )


def _overdue(today: datetime.date) -> Q:
    """The SQL twin of goal_is_overdue: a target year before this one, and no latest status 'achieved'."""
    not_achieved = Q(latest_status__isnull=True) | ~Q(latest_status=Status.ACHIEVED)
    return Q(target_year__lt=today.year) & not_achieved


def goals_in_deadline_order(*, goals: QuerySet[OperationalGoal]) -> QuerySet[OperationalGoal]:
    """By target year, goals without one last, then as in their agendas."""
    return goals.order_by(
        F("target_year").asc(nulls_last=True),
        "group__theme__agenda__name",
        "group__theme__number",
        "group__number",
        "letter",
    )


def goal_counts_per_target_year(*, goals: QuerySet[OperationalGoal], today: datetime.date) -> list[YearCount]:
    """Per target year how many goals there are and how many are overdue, undetermined last; one query."""
    rows = (
        goals.order_by()
        .values("target_year")
        .annotate(total=Count("pk"), overdue=Count("pk", filter=_overdue(today)))
        .order_by(F("target_year").asc(nulls_last=True))
    )
    return [YearCount(year=row["target_year"], goals=row["total"], overdue=row["overdue"]) for row in rows]


def goals_by_target_year(
    *, goals: Iterable[OperationalGoal], year_counts: list[YearCount], today: datetime.date
) -> list[DeadlineGroup]:
    """The goals of one page, in deadline order, grouped by target year and each marked overdue or not.

    Each group carries the number of goals of its year in the whole filter, not just on this page."""
    totals = {count.year: count.goals for count in year_counts}
    groups: list[DeadlineGroup] = []
    for goal in goals:
        goal.overdue = goal_is_overdue(goal=goal, today=today)  # type: ignore[attr-defined]  # for the template
        if not groups or groups[-1].year != goal.target_year:
            groups.append(DeadlineGroup(goal.target_year, [], totals.get(goal.target_year, 0)))
        groups[-1].goals.append(goal)
    return groups


def _indicator_change_subject(record) -> str:
    if record.instance_type is Measurement:
        return str(MEASUREMENT_OF % {"date": record.date.strftime("%d-%m-%Y")})
    return ""


def indicator_changes(*, indicator: Indicator) -> list[Change]:
    """Changes to the indicator and its measurements, newest first, in two queries."""
    own = Indicator.history.filter(id=indicator.pk).select_related("history_user")
    measurements = Measurement.history.filter(indicator_id=indicator.pk).select_related("history_user")
    return change_list(
        records=[*own, *measurements],
        subject=_indicator_change_subject,
        excluded=("goal", "indicator", "recorded_by", "created_at"),
    )
