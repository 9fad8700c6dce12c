"""Reads for the report: everything it shows, gathered from the selectors the pages use,
so the report's numbers are the pages' and the exports' numbers."""

import datetime
import re
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from charts.versions import data_version
from coverage.selectors import (
    CoverageRow,
    Heatmap,
    PriorityCoverage,
    number_list,
    priority_coverage,
    priority_coverage_sentences,
    recommendation_coverage,
    theme_heatmap,
)
from monitoring.models import Indicator
from monitoring.selectors import (
    Assessment,
    ThemesShown,
    goals_with_latest_status,
    indicator_list_assessed,
    indicators_with_latest_measurement,
    status_overview,
    themes_with_latest_status,
)
from prioritisation.models import Round
from prioritisation.selectors import Participation, RecommendationResult, round_participation, round_results
from recommendations.models import Recommendation
from reports.models import Report, ReportComment, ReportEdition
from seeddata.demo import demo_is_loaded
from workagenda.models import Agenda, OperationalGoal, Theme
from workagenda.selectors import GoalScope, operational_goal_list, operational_goal_rows

# Every theme of an agenda in the report's status chart: an agenda has a handful.
STATUS_THEMES = 50


# The first sentence of a text: up to the first full stop, question or exclamation mark before a space or the end.
FIRST_SENTENCE = re.compile(r"(.+?[.!?])(?:\s|$)", re.DOTALL)


@dataclass(frozen=True)
class RecommendationEntry:
    number: int
    short_title: str
    explanation: str


def recommendation_explanation(recommendation: Recommendation) -> str:
    """The short explanation the report prints after a recommendation's short title: the first
    sentence after its lead, with the lead in front when the lead is a sentence of its own."""
    text, lead = recommendation.text.strip(), recommendation.lead.strip()
    rest = text[len(lead) :].lstrip(" :.") if text.startswith(lead) else text
    match = FIRST_SENTENCE.match(rest)
    first = match.group(1) if match else rest
    return f"{lead} {first}".strip() if lead.endswith(".") else first


@dataclass(frozen=True)
class AnnexGoal:
    code: str
    text: str
    numbers: frozenset[int]

    @property
    def listed(self) -> str:
        return ", ".join(str(number) for number in sorted(self.numbers))


@dataclass(frozen=True)
class AnnexTheme:
    theme: Theme
    goals: list[AnnexGoal]


@dataclass(frozen=True)
class ReportContent:
    """What one report shows. Built once per edition; the templates and the workbook read it."""

    report: Report
    today: datetime.date
    data_version: str
    demo: bool
    recommendations: list[RecommendationEntry]
    participation: Participation
    results: list[RecommendationResult]
    coverage: list[CoverageRow]
    heatmap: Heatmap
    focus_coverage: list[CoverageRow] | None
    analysis: PriorityCoverage
    readings: list[tuple[str, str]]
    findings: list[str]
    theme_statuses: list[Theme]
    goal_statuses: ThemesShown
    off_track: list[tuple[Indicator, Assessment]]
    annex: list[AnnexTheme]
    comments: dict[str, ReportComment]
    goal_count: int

    @property
    def round(self) -> Round:
        return self.report.round

    @property
    def agenda(self) -> Agenda:
        return self.report.agenda

    @property
    def theme(self) -> Theme | None:
        return self.report.theme

    @property
    def has_monitoring(self) -> bool:
        """Whether anyone has reported progress on this agenda yet; without it the chapter says so."""
        counts = [row.counts for row in self.goal_statuses.themes]
        goal_reports = any(count for per_status in counts for status, count in per_status.items() if status != "none")
        return goal_reports or bool(self.off_track) or any(theme.latest_status for theme in self.theme_statuses)  # type: ignore[attr-defined]  # annotated


def report_list() -> QuerySet[Report]:
    return Report.objects.select_related("round", "agenda__region", "theme", "created_by")


def report_get(*, pk: int) -> Report:
    return report_list().get(pk=pk)


def report_find(*, round: Round, agenda: Agenda, theme: Theme | None) -> Report | None:
    return Report.objects.filter(round=round, agenda=agenda, theme=theme).first()


def edition_list(*, report: Report | None = None) -> QuerySet[ReportEdition]:
    editions = ReportEdition.objects.select_related(
        "report__round", "report__agenda__region", "report__theme", "made_by"
    )
    return editions if report is None else editions.filter(report=report)


def edition_get(*, pk: int) -> ReportEdition:
    return edition_list().get(pk=pk)


def report_comments(*, report: Report) -> dict[str, ReportComment]:
    return {comment.section: comment for comment in report.comments.select_related("updated_by")}


def _highest(values: dict[int, float]) -> tuple[list[int], float]:
    top = max(values.values(), default=0)
    return sorted(number for number, value in values.items() if value == top and top > 0), top


def _findings(
    *, results: list[RecommendationResult], coverage: list[CoverageRow], focus: list[CoverageRow] | None, theme
) -> list[str]:
    """What stands out, in sentences made from the figures the report shows."""
    findings = []
    for label, values in (
        (_("Named most often as important: %(list)s (%(value)s)."), {r.number: r.importance for r in results}),
        (_("Named most often as urgent: %(list)s (%(value)s)."), {r.number: r.urgency for r in results}),
    ):
        numbers, top = _highest(values)
        if numbers:
            findings.append(label % {"list": number_list(numbers), "value": f"{top:g}"})
    numbers, top = _highest({row.number: row.linked_goals for row in coverage})
    if numbers:
        findings.append(
            _("Anchored most often in the agenda: %(list)s, each in %(count)s operational goals.")
            % {"list": number_list(numbers), "count": top}
        )
    if focus is not None:
        numbers, top = _highest({row.number: row.linked_goals for row in focus})
        if numbers:
            findings.append(
                _("Within %(theme)s %(list)s is anchored most often (%(count)s operational goals).")
                % {"theme": theme.name, "list": number_list(numbers), "count": top}
            )
        missing = [row.number for row in focus if not row.linked_goals]
        if missing:
            findings.append(
                _("Within %(theme)s no operational goal is linked to %(list)s.")
                % {"theme": theme.name, "list": number_list(missing)}
            )
    return findings


def _annex(*, scope: GoalScope) -> list[AnnexTheme]:
    themes: dict[int, AnnexTheme] = {}
    goals = operational_goal_rows(scope=scope).order_by("group__theme__number", "group__number", "letter")
    for goal in goals:
        theme = goal.group.theme
        entry = themes.get(theme.pk) or themes.setdefault(theme.pk, AnnexTheme(theme=theme, goals=[]))
        entry.goals.append(
            AnnexGoal(
                code=goal.code,
                text=goal.text,
                numbers=frozenset(link.recommendation.number for link in goal.links.all()),
            )
        )
    return list(themes.values())


def _off_track(*, goals: QuerySet[OperationalGoal], today: datetime.date) -> list[tuple[Indicator, Assessment]]:
    indicators = indicators_with_latest_measurement(queryset=Indicator.objects.filter(goal__in=goals.values("pk")))
    in_order = indicators.order_by("goal__group__theme__number", "name")
    assessed = indicator_list_assessed(indicators=in_order, today=today)
    return [(indicator, assessment) for indicator, assessment in assessed if assessment.flagged]


def report_content(*, report: Report) -> ReportContent:
    """Everything the report shows, read in a fixed number of queries."""
    agenda = report.agenda
    scope = GoalScope(region=agenda.region, agenda=agenda)
    today = timezone.localdate()
    goals = operational_goal_list(scope=scope)
    coverage = recommendation_coverage(scope=scope)
    focus = None
    if report.theme is not None:
        focus = recommendation_coverage(scope=GoalScope(region=agenda.region, agenda=agenda, theme=report.theme))
    results = round_results(round=report.round)
    analysis = priority_coverage(round=report.round, scope=scope)
    comments = {section: comment for section, comment in report_comments(report=report).items() if comment.text}
    return ReportContent(
        report=report,
        today=today,
        data_version=data_version(),
        demo=demo_is_loaded(),
        recommendations=[
            RecommendationEntry(rec.number, rec.short_title, recommendation_explanation(rec))
            for rec in Recommendation.objects.order_by("number")
        ],
        participation=round_participation(round=report.round),
        results=results,
        coverage=coverage,
        heatmap=theme_heatmap(scope=scope),
        focus_coverage=focus,
        analysis=analysis,
        readings=priority_coverage_sentences(analysis=analysis),
        findings=_findings(results=results, coverage=coverage, focus=focus, theme=report.theme),
        theme_statuses=list(themes_with_latest_status(queryset=Theme.objects.filter(agenda=agenda)).order_by("number")),
        goal_statuses=status_overview(goals=goals_with_latest_status(queryset=goals), limit=STATUS_THEMES),
        off_track=_off_track(goals=goals, today=today),
        annex=_annex(scope=scope),
        comments=comments,
        goal_count=goals.count(),
    )


def closed_rounds() -> QuerySet[Round]:
    return Round.objects.filter(closes_at__lte=timezone.now()).order_by("-closes_at", "name")


def themes_of(*, agenda: Agenda) -> QuerySet[Theme]:
    return Theme.objects.filter(agenda=agenda).order_by("number")
