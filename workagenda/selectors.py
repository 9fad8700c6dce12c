"""Reads of agendas, themes and operational goals."""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from audit.history import Change, change_list
from recommendations.models import Recommendation
from regioplan.models import PlanObjective, Region, RegionalPlan
from seeddata.demo import demo_about
from workagenda.models import Agenda, AgendaItem, GoalGroup, GoalLink, OperationalGoal, Theme

UNKNOWN_REGION = _("There is no region called %(value)s.")
UNKNOWN_AGENDA = _("There is no agenda called %(value)s.")
UNKNOWN_THEME = _("There is no theme called %(value)s.")
AMBIGUOUS_THEME = _(
    "Several agendas have a theme called %(value)s: %(agendas)s. Also name the agenda, for example with --agenda."
)
UNKNOWN_YEAR = _("%(value)s is not a year.")
SCOPE_LABEL = _("Filters")
SCOPE_EVERYTHING = _("all operational goals")
SCOPE_REGION = _("region %(name)s")
SCOPE_AGENDA = _("agenda %(name)s")
SCOPE_THEME = _("theme %(name)s")
SCOPE_TARGET_YEAR = _("target year %(year)s")
SCOPE_RECOMMENDATION = _("linked to recommendation %(number)s")
SCOPE_WITHOUT_LINKS = _("only goals without any link")
SCOPE_SEARCH = _("search “%(text)s”")
CODE_PATTERN = re.compile(r"^(?P<theme>[A-Z][A-Z0-9]{0,7})-(?P<group>\d{1,3})(?P<letter>[A-Z]{0,2})$")


def operational_goal_get(*, pk: int) -> OperationalGoal:
    return OperationalGoal.objects.select_related("group__theme__agenda__region").get(pk=pk)


def operational_goal_links(*, goal: OperationalGoal):
    return goal.links.select_related("recommendation", "created_by", "updated_by").order_by("recommendation__number")


@dataclass(frozen=True)
class GoalScope:
    """Which operational goals a page, export or command is about; None means any."""

    region: Region | None = None
    agenda: Agenda | None = None
    theme: Theme | None = None
    target_year: int | None = None
    recommendation: Recommendation | None = None
    without_links: bool = False
    search: str = ""


def goal_scope_description(*, scope: GoalScope) -> str:
    """The filters in words, for the file an export writes."""
    parts = []
    if scope.region is not None:
        parts.append(SCOPE_REGION % {"name": scope.region.name})
    if scope.agenda is not None:
        parts.append(SCOPE_AGENDA % {"name": scope.agenda.name})
    if scope.theme is not None:
        parts.append(SCOPE_THEME % {"name": f"{scope.theme.code} {scope.theme.name}"})
    if scope.target_year:
        parts.append(SCOPE_TARGET_YEAR % {"year": scope.target_year})
    if scope.recommendation is not None:
        parts.append(SCOPE_RECOMMENDATION % {"number": scope.recommendation.number})
    if scope.without_links:
        parts.append(str(SCOPE_WITHOUT_LINKS))
    if scope.search:
        parts.append(SCOPE_SEARCH % {"text": scope.search})
    return ", ".join(parts) if parts else str(SCOPE_EVERYTHING)


def goal_scope_about(*, scope: GoalScope) -> list[tuple[str, str]]:
    """What an exported file of this scope says about itself: its filters and, with the demo, that label."""
    return [(str(SCOPE_LABEL), goal_scope_description(scope=scope)), *demo_about()]


def goal_scope_tags(*, scope: GoalScope) -> list[str]:
    """The filters as parts of a file name: region and agenda slug, theme code, target year."""
    tags = [scope.region and scope.region.slug, scope.agenda and scope.agenda.slug, scope.theme and scope.theme.code]
    if scope.target_year:
        tags.append(str(scope.target_year))
    return [tag for tag in tags if tag]


def operational_goal_target_years() -> "QuerySet[OperationalGoal, int | None]":
    """Each target year some operational goal has, once, in order."""
    # order_by() drops the model's ordering, whose columns would otherwise join the DISTINCT
    # and repeat each year once per goal.
    return (
        OperationalGoal.objects.exclude(target_year=None)
        .order_by("target_year")
        .values_list("target_year", flat=True)
        .distinct()
    )


def operational_goal_list(
    *, scope: GoalScope | None = None, goals: QuerySet[OperationalGoal] | None = None
) -> QuerySet[OperationalGoal]:
    """The one filter behind the goals table, the dashboards and the export commands."""
    scope = scope or GoalScope()
    goals = OperationalGoal.objects.all() if goals is None else goals
    if scope.region is not None:
        goals = goals.filter(group__theme__agenda__region=scope.region)
    if scope.agenda is not None:
        goals = goals.filter(group__theme__agenda=scope.agenda)
    if scope.theme is not None:
        goals = goals.filter(group__theme=scope.theme)
    if scope.target_year is not None:
        goals = goals.filter(target_year=scope.target_year)
    if scope.recommendation is not None:
        goals = goals.filter(links__recommendation=scope.recommendation)
    if scope.without_links:
        goals = goals.filter(links__isnull=True)
    if scope.search:
        goals = goals.filter(_search_condition(scope.search))
    return goals


def _search_condition(search: str) -> Q:
    """Matches the text, or a code such as VOW-2B (or its start: VOW, VOW-2)."""
    search = search.strip()
    condition = Q(text__icontains=search) | Q(group__theme__code__iexact=search)
    code = CODE_PATTERN.match(search.upper())
    if code:
        by_code = Q(group__theme__code=code["theme"], group__number=int(code["group"]))
        if code["letter"]:
            by_code &= Q(letter=code["letter"])
        condition |= by_code
    return condition


def operational_goal_rows(*, scope: GoalScope | None = None) -> QuerySet[OperationalGoal]:
    """Goals with what their display needs: code parts, region and linked numbers."""
    links = GoalLink.objects.select_related("recommendation").order_by("recommendation__number")
    goals = OperationalGoal.objects.select_related("group__theme__agenda__region").prefetch_related(
        Prefetch("links", queryset=links)
    )
    return operational_goal_list(scope=scope, goals=goals)


def scope_resolve(
    *, region: str = "", agenda: str = "", theme: str = "", target_year: str | int | None = None
) -> GoalScope:
    """A scope from names or slugs typed by a person (case-insensitive); ScopeError if one is unknown."""
    found_region = _by_name_or_slug(Region.objects.all(), region, UNKNOWN_REGION) if region else None
    agendas = Agenda.objects.all()
    if found_region:
        agendas = agendas.filter(region=found_region)
    found_agenda = _by_name_or_slug(agendas, agenda, UNKNOWN_AGENDA) if agenda else None
    found_theme = None
    if theme:
        themes = Theme.objects.select_related("agenda")
        if found_agenda:
            themes = themes.filter(agenda=found_agenda)
        elif found_region:
            themes = themes.filter(agenda__region=found_region)
        matches = list(themes.filter(Q(name__iexact=theme) | Q(code__iexact=theme)).order_by("agenda__name"))
        if not matches:
            raise ScopeError(UNKNOWN_THEME, theme)
        if len(matches) > 1:
            holders = ", ".join(match.agenda.name for match in matches)
            raise ScopeError(AMBIGUOUS_THEME, theme, agendas=holders)
        found_theme = matches[0]
    year = None
    if target_year not in (None, ""):
        try:
            year = int(target_year)
        except (TypeError, ValueError):
            raise ScopeError(UNKNOWN_YEAR, str(target_year)) from None
    return GoalScope(region=found_region, agenda=found_agenda, theme=found_theme, target_year=year)


def _by_name_or_slug(queryset, value: str, message):
    match = queryset.filter(Q(slug__iexact=value) | Q(name__iexact=value)).first()
    if match is None:
        raise ScopeError(message, value)
    return match


class ScopeError(ValueError):
    def __init__(self, message, value: str, **details: str):
        super().__init__(message % {"value": value, **details})


@dataclass
class GridCell:
    key: str
    recommendation: Recommendation
    link: GoalLink | None
    extra: str = ""  # HTML an app above adds to the cell (see extensions.py)

    @property
    def link_id(self) -> int | None:
        return self.link.pk if self.link else None

    @property
    def note(self) -> str:
        return self.link.note if self.link else ""


@dataclass(frozen=True)
class GridRow:
    goal: OperationalGoal
    cells: list[GridCell]


@dataclass(frozen=True)
class GridGroup:
    group: GoalGroup
    rows: list[GridRow]


@dataclass(frozen=True)
class GridWindow:
    """A run of recommendation columns the grid shows at once, e.g. recommendations 11-20."""

    index: int
    first: int
    last: int

    @property
    def label(self) -> str:
        if self.first == self.last:
            return _("Recommendation %(number)s") % {"number": self.first}
        return _("Recommendations %(first)s–%(last)s") % {"first": self.first, "last": self.last}


@dataclass
class LinkGrid:
    theme: Theme
    recommendations: list[Recommendation]
    groups: list[GridGroup]
    window: GridWindow
    windows: list[GridWindow]
    recommendation_count: int
    additions: list = field(default_factory=list)

    @property
    def goals(self) -> list[OperationalGoal]:
        return [row.goal for group in self.groups for row in group.rows]

    @property
    def linked_cells(self) -> list[tuple[OperationalGoal, GridCell]]:
        return [(row.goal, cell) for group in self.groups for row in group.rows for cell in row.cells if cell.link_id]

    @property
    def goal_ids(self) -> list[int]:
        return [row.goal.pk for group in self.groups for row in group.rows]

    @property
    def loaded_state(self) -> str:
        """The linked cells as shown, with their link ids, for the save to compare against.

        Only the window's cells: the save changes a cell only where this state and the ticks
        differ, so the links in the other windows stay as they are."""
        return " ".join(
            f"{cell.key}:{cell.link_id}"
            for group in self.groups
            for row in group.rows
            for cell in row.cells
            if cell.link_id
        )

    @property
    def previous_window(self) -> GridWindow | None:
        return self.windows[self.window.index - 2] if self.window.index > 1 else None

    @property
    def next_window(self) -> GridWindow | None:
        return self.windows[self.window.index] if self.window.index < len(self.windows) else None


def grid_cell_key(*, goal_id: int, number: int) -> str:
    return f"{goal_id}-{number}"


def theme_get(*, pk: int) -> Theme:
    return Theme.objects.select_related("agenda__region").get(pk=pk)


def agenda_page_with_themes(*, region: Region | None, page: str | int | None, per_page: int) -> Page:
    """One page of agendas (of a region, or of all), each with its themes and their goal counts.

    Three queries whatever the number of agendas: the count, the page and its themes."""
    themes = Theme.objects.annotate(goal_count=Count("groups__operational_goals")).order_by("number")
    agendas = (
        Agenda.objects.select_related("region")
        .prefetch_related(Prefetch("themes", queryset=themes))
        .order_by("region__name", "name", "pk")
    )
    if region is not None:
        agendas = agendas.filter(region=region)
    return Paginator(agendas, per_page).get_page(page)


def region_choices() -> QuerySet[Region]:
    return Region.objects.order_by("name")


# Columns per window: wider grids cannot be read or ticked on a screen (nor on a phone).
GRID_WINDOW_SIZE = 10


def link_grid(*, theme: Theme, without_links: bool = False, window: int = 1) -> LinkGrid:
    """The theme's goals x one window of recommendations, in three queries whatever their number.

    window counts from 1; a number out of range shows the nearest window."""
    recommendations = list(Recommendation.objects.order_by("number"))
    chunks = _chunks(recommendations, GRID_WINDOW_SIZE)
    windows = [
        GridWindow(index=index + 1, first=chunk[0].number, last=chunk[-1].number) for index, chunk in enumerate(chunks)
    ] or [GridWindow(index=1, first=0, last=0)]
    current = windows[min(max(window, 1), len(windows)) - 1]
    shown = chunks[current.index - 1] if chunks else []
    goals = OperationalGoal.objects.filter(group__theme=theme).select_related("group__theme")
    if without_links:
        goals = goals.filter(links__isnull=True)
    links = {
        (link.goal_id, link.number): link
        for link in GoalLink.objects.filter(
            goal__group__theme=theme, recommendation__number__range=(current.first, current.last)
        ).annotate(number=F("recommendation__number"))
    }
    groups: dict[int, GridGroup] = {}
    for goal in goals.order_by("group__number", "letter"):
        cells = [
            GridCell(
                key=grid_cell_key(goal_id=goal.pk, number=rec.number),
                recommendation=rec,
                link=links.get((goal.pk, rec.number)),
            )
            for rec in shown
        ]
        group = groups.setdefault(goal.group_id, GridGroup(group=goal.group, rows=[]))
        group.rows.append(GridRow(goal=goal, cells=cells))
    return LinkGrid(
        theme=theme,
        recommendations=shown,
        groups=list(groups.values()),
        window=current,
        windows=windows,
        recommendation_count=len(recommendations),
    )


def link_grid_add(*, grid: LinkGrid, additions: list, only_marked: bool = False) -> LinkGrid:
    """The grid with what apps above add to its cells (see extensions.py); with only_marked,
    only the goals some addition marks (such as goals with open suggestions)."""
    for addition in additions:
        for group in grid.groups:
            for row in group.rows:
                for cell in row.cells:
                    cell.extra += addition.cells.get((row.goal.pk, cell.recommendation.number), "")
    if only_marked:
        marked = set().union(*(addition.marked_goals for addition in additions))
        groups = [
            GridGroup(group=group.group, rows=[row for row in group.rows if row.goal.pk in marked])
            for group in grid.groups
        ]
        grid.groups = [group for group in groups if group.rows]
    grid.additions = additions
    return grid


def _chunks(items: list, size: int) -> list[list]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def operational_goal_history(*, goal: OperationalGoal) -> QuerySet:
    """Every change to the goal's links, newest first, with who made it."""
    return (
        GoalLink.history.filter(goal_id=goal.pk)
        .select_related("history_user", "recommendation")
        .order_by("-history_date", "-history_id")
    )


def operational_goal_changes(*, goal: OperationalGoal) -> list[Change]:
    """Changes to the goal's own text, target year and place, newest first, in one query."""
    records = OperationalGoal.history.filter(id=goal.pk).select_related("history_user")
    return change_list(records=records, excluded=("group",))


@dataclass(frozen=True)
class ThemeGoals:
    theme: Theme
    goals: list[OperationalGoal]
    count: int  # all the theme's goals linked to the recommendation, also those not in goals


@dataclass(frozen=True)
class RegionGoals:
    region: Region
    themes: list[ThemeGoals]
    count: int  # all the region's goals linked to the recommendation


def recommendation_goal_list(*, recommendation: Recommendation) -> QuerySet[OperationalGoal]:
    """The goals linked to a recommendation, in region and theme order, with their place."""
    return (
        OperationalGoal.objects.filter(links__recommendation=recommendation)
        .select_related("group__theme__agenda__region")
        .order_by(*(OperationalGoal._meta.ordering or []))
    )


def recommendation_goals_by_region(
    *, recommendation: Recommendation, goals: Iterable[OperationalGoal]
) -> list[RegionGoals]:
    """goals (such as one page of recommendation_goal_list) grouped by region and theme, each
    group with the number of all its goals linked to the recommendation, in one query."""
    counts = (
        GoalLink.objects.filter(recommendation=recommendation)
        .order_by()
        .values_list("goal__group__theme__agenda__region", "goal__group__theme")
        .annotate(goals=Count("goal", distinct=True))
    )
    theme_counts: dict[int, int] = {}
    region_counts: dict[int, int] = {}
    for region_id, theme_id, count in counts:
        theme_counts[theme_id] = count
        region_counts[region_id] = region_counts.get(region_id, 0) + count
    regions: dict[int, RegionGoals] = {}
    for goal in goals:
        theme = goal.group.theme
        region_id = theme.agenda.region_id
        region = regions.setdefault(
            region_id, RegionGoals(region=theme.agenda.region, themes=[], count=region_counts[region_id])
        )
        if not region.themes or region.themes[-1].theme.pk != theme.pk:
            region.themes.append(ThemeGoals(theme=theme, goals=[], count=theme_counts[theme.pk]))
        region.themes[-1].goals.append(goal)
    return list(regions.values())


# Regions with their agendas, and the regional work agenda per year.


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


def region_theme_get(*, region: Region, pk: int) -> Theme:
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
        row = rows.get(item.theme_id, overarching) if item.theme_id else overarching
        row.cells[column[item.year]].items.append(item)
    ordered = list(rows.values())
    if any(cell.items for cell in overarching.cells):
        ordered.append(overarching)
    return Timeline(years=years, rows=ordered)


def agenda_item_get(*, agenda: Agenda, pk: int) -> AgendaItem:
    return AgendaItem.objects.select_related("agenda__region", "theme").get(pk=pk, agenda=agenda)
