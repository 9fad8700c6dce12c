"""Reads of regions, their plans and the regional work agenda per year."""

from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery

from regioplan.models import AgendaItem, PlanObjective, Region, RegionalPlan
from workagenda.models import Agenda, GoalGroup, OperationalGoal, Theme


class _RowCount(Subquery):
    """The number of rows of a queryset that refers to the outer row (OuterRef), as a column.

    Each count is an indexed lookup per row, where joining the related tables and counting
    distinct ids would multiply them (themes x goals x action points) before counting."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _counted)"
    output_field = IntegerField()


def _agenda_counts() -> dict[str, _RowCount]:
    return {
        "theme_count": _RowCount(Theme.objects.filter(agenda=OuterRef("pk")).values("pk")),
        "goal_count": _RowCount(OperationalGoal.objects.filter(group__theme__agenda=OuterRef("pk")).values("pk")),
    }


def region_list_with_agendas() -> QuerySet[Region]:
    """Regions with their plans and agendas, each agenda counting its themes and goals.

    Three queries whatever the number of regions, agendas or goals."""
    agendas = Agenda.objects.select_related("plan").annotate(**_agenda_counts()).order_by("name")
    return Region.objects.prefetch_related(
        Prefetch("agendas", queryset=agendas),
        Prefetch("plans", queryset=RegionalPlan.objects.order_by("name")),
    ).order_by("name")


def region_page_with_agendas(*, page: str | int | None, per_page: int) -> Page:
    """One page of region_list_with_agendas: the count and three queries for the page."""
    return Paginator(region_list_with_agendas(), per_page).get_page(page)


def region_get(*, slug: str) -> Region:
    return Region.objects.get(slug=slug)


def region_plans_with_objectives(*, region: Region) -> QuerySet[RegionalPlan]:
    """Plans with their tasks and overarching goals, each task with the themes that serve it."""
    objectives = PlanObjective.objects.prefetch_related(
        Prefetch("themes", queryset=Theme.objects.select_related("agenda").order_by("agenda__name", "number"))
    ).order_by("kind", "number")
    return region.plans.prefetch_related(Prefetch("objectives", queryset=objectives)).order_by("name")


@dataclass(frozen=True)
class AgendaEntry:
    """An agenda in the region page's table of contents, with the page it is on."""

    slug: str
    name: str
    page: int


@dataclass(frozen=True)
class RegionAgendas:
    page: Page
    agendas: list[Agenda]
    contents: list[AgendaEntry]


def region_agendas_with_structure(
    *, region: Region, page: str | int | None, per_page: int, agenda: str = ""
) -> RegionAgendas:
    """One page of the region's agendas with their themes and goals, counting operational goals per level.

    Without a page, agenda (a slug) asks for the page that holds it, so links to an agenda
    need not know its page. The operational goals themselves are listed on each theme's page: a region can hold
    thousands, too many to send in one page. Four queries whatever the size of the agendas."""
    entries = list(region.agendas.order_by("name").values_list("pk", "slug", "name"))
    slugs = [slug for _, slug, _ in entries]
    if page is None and agenda in slugs:
        page = slugs.index(agenda) // per_page + 1
    current = Paginator(entries, per_page).get_page(page)
    groups = GoalGroup.objects.annotate(goal_count=Count("operational_goals")).order_by("number")
    themes = (
        Theme.objects.annotate(
            group_count=_RowCount(GoalGroup.objects.filter(theme=OuterRef("pk")).values("pk")),
            goal_count=_RowCount(OperationalGoal.objects.filter(group__theme=OuterRef("pk")).values("pk")),
        )
        .prefetch_related(Prefetch("groups", queryset=groups))
        .order_by("number")
    )
    agendas = (
        Agenda.objects.filter(pk__in=[pk for pk, _, _ in current.object_list])
        .select_related("plan")
        .annotate(
            **_agenda_counts(),
            item_count=_RowCount(AgendaItem.objects.filter(agenda=OuterRef("pk")).values("pk")),
        )
        .prefetch_related(Prefetch("themes", queryset=themes))
        .order_by("name")
    )
    contents = [
        AgendaEntry(slug=slug, name=name, page=index // per_page + 1) for index, (_, slug, name) in enumerate(entries)
    ]
    return RegionAgendas(page=current, agendas=list(agendas), contents=contents)


def theme_get(*, region: Region, pk: int) -> Theme:
    return Theme.objects.select_related("agenda__region", "agenda__plan").get(pk=pk, agenda__region=region)


def theme_groups_with_goals(*, theme: Theme) -> QuerySet[GoalGroup]:
    return theme.groups.prefetch_related(
        Prefetch("operational_goals", queryset=OperationalGoal.objects.order_by("letter"))
    ).order_by("number")


def theme_plan_tasks(*, theme: Theme) -> QuerySet[PlanObjective]:
    return theme.plan_tasks.select_related("plan").order_by("plan__name", "number")


def theme_agenda_items(*, theme: Theme) -> QuerySet[AgendaItem]:
    return theme.agenda_items.order_by("year", "position")


def agenda_get(*, region: Region, slug: str) -> Agenda:
    return Agenda.objects.select_related("region", "plan").get(slug=slug, region=region)


@dataclass
class TimelineCell:
    year: int
    items: list[AgendaItem]


@dataclass
class TimelineRow:
    """One coalition (or the overarching activities, theme None) across the years."""

    theme: Theme | None
    cells: list[TimelineCell]


@dataclass
class Timeline:
    years: list[int]
    rows: list[TimelineRow]

    @property
    def is_empty(self) -> bool:
        return not any(cell.items for row in self.rows for cell in row.cells)


def agenda_timeline(*, agenda: Agenda) -> Timeline:
    """The agenda's action points as a grid: coalitions as rows, years as columns.

    Two queries; the grid is assembled in Python because its size is bounded by the
    agenda (a handful of coalitions times a handful of years)."""
    themes = list(agenda.themes.order_by("number"))
    items = list(agenda.items.select_related("operational_goal__group__theme").order_by("year", "position", "pk"))
    years = sorted({item.year for item in items})
    if agenda.plan and agenda.plan.period_start and agenda.plan.period_end:
        years = sorted(set(years) | set(range(agenda.plan.period_start, agenda.plan.period_end + 1)))
    column = {year: index for index, year in enumerate(years)}
    rows = {theme.pk: TimelineRow(theme=theme, cells=[TimelineCell(year, []) for year in years]) for theme in themes}
    overarching = TimelineRow(theme=None, cells=[TimelineCell(year, []) for year in years])
    for item in items:
        row = rows.get(item.theme_id, overarching)
        row.cells[column[item.year]].items.append(item)
    ordered = list(rows.values())
    if any(cell.items for cell in overarching.cells):
        ordered.append(overarching)
    return Timeline(years=years, rows=ordered)


def agenda_item_get(*, agenda: Agenda, pk: int) -> AgendaItem:
    return AgendaItem.objects.select_related("agenda__region", "theme").get(pk=pk, agenda=agenda)
