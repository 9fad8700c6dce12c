"""Writes to agendas, themes and operational goals."""

import hashlib
import json
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from audit.history import recorded
from recommendations.models import Recommendation
from regioplan.models import FIRST_YEAR, LAST_YEAR, PlanObjective, Region
from tabular.reading import ImportOutcome, Row, RowError
from workagenda.models import GOAL_LETTER_VALIDATOR, Agenda, AgendaItem, GoalGroup, GoalLink, OperationalGoal, Theme
from workagenda.target_years import target_year_from_text


def operational_goal_fill_target_year(*, goal: OperationalGoal) -> OperationalGoal:
    """Take the deadline from the text when nobody entered a target year."""
    if goal.target_year is None:
        goal.target_year = target_year_from_text(goal.text)
    return goal


GRID_CONFLICT = _(
    "%(code)s and recommendation %(number)s: someone else changed this link after you opened the page. "
    "Their change has been kept; check the cell and save again if needed."
)


@dataclass(frozen=True)
class GridConflict:
    code: str
    number: int


@dataclass
class GridOutcome:
    linked: int = 0
    unlinked: int = 0
    conflicts: list[GridConflict] = field(default_factory=list)


@transaction.atomic
def goal_links_apply(
    *, theme: Theme, user, loaded: dict[tuple[int, int], int], wanted: set[tuple[int, int]], shown: set[int]
) -> GridOutcome:
    """Apply only the cells this advisor changed since loading the grid.

    loaded maps each cell (goal id, recommendation number) that was linked on the page to its
    link id; wanted holds the cells ticked on submit; shown the goal ids the page displayed.
    A cell someone else changed meanwhile (its link is gone, new or replaced) keeps their
    version and is reported as a conflict."""
    cells = {(goal_id, number) for goal_id in shown for number in _recommendation_numbers()}
    changed = {cell for cell in cells if (cell in loaded) != (cell in wanted)}
    outcome = GridOutcome()
    if not changed:
        return outcome
    goal_ids = sorted({goal_id for goal_id, _ in changed})
    # Locking the goals serialises concurrent saves of the same rows; the other rows stay free.
    goals = {
        goal.pk: goal
        for goal in OperationalGoal.objects.select_for_update(of=("self",))
        .select_related("group__theme")
        .filter(pk__in=goal_ids, group__theme=theme)
    }
    recommendations = {rec.number: rec for rec in Recommendation.objects.filter(number__in={n for _, n in changed})}
    current = {
        (link.goal_id, link.recommendation.number): link
        for link in GoalLink.objects.filter(goal_id__in=goal_ids).select_related("recommendation")
    }
    for goal_id, number in sorted(changed, key=lambda cell: (goals[cell[0]].code, cell[1])):
        cell = (goal_id, number)
        link = current.get(cell)
        if (link.pk if link else None) != loaded.get(cell):
            outcome.conflicts.append(GridConflict(code=goals[goal_id].code, number=number))
        elif link is None:
            goal_link_create(goal=goals[goal_id], recommendation=recommendations[number], user=user)
            outcome.linked += 1
        else:
            goal_link_delete(link=link, user=user)
            outcome.unlinked += 1
    return outcome


def _recommendation_numbers() -> list[int]:
    return list(Recommendation.objects.values_list("number", flat=True))


@transaction.atomic
def goal_link_create(*, goal: OperationalGoal, recommendation: Recommendation, user, note: str = "") -> GoalLink:
    link = GoalLink(goal=goal, recommendation=recommendation, note=note, created_by=user, updated_by=user)
    link.full_clean(validate_unique=False, validate_constraints=False)
    recorded(link, user).save()
    return link


@transaction.atomic
def goal_link_delete(*, link: GoalLink, user) -> None:
    recorded(link, user).delete()


LINK_NOTE_CONFLICT = _(
    "Someone else changed the note for recommendation %(number)s after you opened the page. "
    "Their note has been kept; read it and save yours again if needed."
)


class LinkNoteConflict(Exception):
    """The note changed since the page that edits it was loaded; nothing was saved."""


def goal_link_note_version(*, note: str) -> str:
    """Names a note's text, so that a save can tell whether the note is still the one the page showed."""
    return hashlib.sha256(note.encode()).hexdigest()[:16]


@transaction.atomic
def goal_link_note_update(*, link: GoalLink, note: str, user, loaded_version: str | None = None) -> GoalLink:
    """Save the note. With loaded_version, the grid's rule: only while the note is still the
    one the page showed; a note someone else changed meanwhile is kept (LinkNoteConflict)."""
    if loaded_version is not None:
        # Locking the link serialises two saves of the same note: the second sees the first.
        current = GoalLink.objects.select_for_update().get(pk=link.pk)
        if goal_link_note_version(note=current.note) != loaded_version:
            raise LinkNoteConflict
        link.note = current.note
    link.note = note.strip()
    link.updated_by = user
    link.full_clean(validate_unique=False, validate_constraints=False)
    recorded(link, user).save(update_fields=["note", "updated_by", "updated_at"])
    return link


# The import's columns, in the order of the downloadable template. Column names are part of
# the file format (Dutch, like the users' spreadsheets), not translated interface text.
IMPORT_COLUMNS = ["regio", "agenda", "thema", "doel", "letter", "tekst", "streefjaar", "aanbevelingen", "notitie"]
IMPORT_REQUIRED = ["regio", "agenda", "thema", "doel", "letter", "tekst"]
IMPORT_EXAMPLE = [
    ["drenthe", "werkagenda-gezonde-marke", "VOW", 1, "A", "In 2027 is er in elke gemeente ...", 2027, "1, 6", ""],
]

IMPORT_REQUIRED_VALUE = _("Fill in this column.")
IMPORT_UNKNOWN_REGION = _("There is no region with slug %(value)s.")
IMPORT_UNKNOWN_AGENDA = _("Region %(region)s has no agenda with slug %(value)s.")
IMPORT_UNKNOWN_THEME = _("This agenda has no theme with code %(value)s.")
IMPORT_UNKNOWN_GROUP = _("Theme %(theme)s has no goal %(value)s. Add the goal in the data entry first.")
IMPORT_BAD_NUMBER = _("%(value)s is not a whole number.")
IMPORT_BAD_LETTER = GOAL_LETTER_VALIDATOR.message
IMPORT_BAD_YEAR = _("Use a year between 2000 and 2100, or leave it empty.")
IMPORT_UNKNOWN_RECOMMENDATIONS = _("There is no recommendation %(value)s.")
IMPORT_DUPLICATE = _("Operational goal %(code)s is also in row %(row)s.")
IMPORT_NOTE_WITHOUT_LINK = _("A note needs at least one recommendation in this row.")
# An empty recommendations cell leaves a goal's links as they are; this word removes them all.
IMPORT_NO_LINKS = "geen"
IMPORT_NO_LINKS_MIXED = _("Write either “geen” or the numbers of recommendations, not both.")
IMPORT_CHANGED_MEANWHILE = _(
    "The goals or links changed after the preview was made. Nothing has been imported: check the new preview."
)


@dataclass
class _ImportLine:
    row: int
    group: GoalGroup
    letter: str
    text: str
    target_year: int | None
    numbers: list[int] | None  # None: the row leaves the goal's links as they are
    note: str


class _RowChecker:
    """Validates one row against what is already in the database, loaded once for the whole file."""

    def __init__(self):
        self.regions = {region.slug: region for region in Region.objects.all()}
        self.agendas = {(agenda.region_id, agenda.slug): agenda for agenda in Agenda.objects.all()}
        self.themes = {(theme.agenda_id, theme.code): theme for theme in Theme.objects.all()}
        self.groups = {(group.theme_id, group.number): group for group in GoalGroup.objects.select_related("theme")}
        self.numbers = set(Recommendation.objects.values_list("number", flat=True))

    def check(self, row: Row, errors: list[RowError]) -> _ImportLine | None:
        values = {column: row.values.get(column, "").strip() for column in IMPORT_COLUMNS}
        count = len(errors)

        def fail(column: str, message) -> None:
            errors.append(RowError(row=row.number, column=column, message=str(message)))

        for column in IMPORT_REQUIRED:
            if not values[column]:
                fail(column, IMPORT_REQUIRED_VALUE)
        if len(errors) > count:
            return None
        group = self._group(values, fail)
        letter = values["letter"].upper()
        if not re.match(GOAL_LETTER_VALIDATOR.regex, letter):
            fail("letter", IMPORT_BAD_LETTER)
        year = None
        if values["streefjaar"]:
            year = int(values["streefjaar"]) if values["streefjaar"].isdigit() else None
            if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
                fail("streefjaar", IMPORT_BAD_YEAR)
        numbers = self._numbers(values["aanbevelingen"], fail)
        if values["notitie"] and not numbers:
            fail("notitie", IMPORT_NOTE_WITHOUT_LINK)
        if len(errors) > count:
            return None
        assert group is not None  # a missing group was named as an error above
        return _ImportLine(row.number, group, letter, values["tekst"], year, numbers, values["notitie"])

    def _numbers(self, cell: str, fail) -> list[int] | None:
        """The row's recommendations; [] for "geen"; None for an empty cell, which changes no link."""
        tokens = [token for token in cell.replace(";", ",").replace(" ", ",").split(",") if token]
        if not tokens:
            return None
        if any(token.lower() == IMPORT_NO_LINKS for token in tokens):
            if len(tokens) > 1:
                fail("aanbevelingen", IMPORT_NO_LINKS_MIXED)
            return []
        numbers = []
        for token in tokens:
            if not token.isdigit() or int(token) not in self.numbers:
                fail("aanbevelingen", IMPORT_UNKNOWN_RECOMMENDATIONS % {"value": token})
            else:
                numbers.append(int(token))
        return sorted(set(numbers))

    def _group(self, values, fail) -> GoalGroup | None:
        region = self.regions.get(values["regio"].lower())
        if region is None:
            fail("regio", IMPORT_UNKNOWN_REGION % {"value": values["regio"]})
            return None
        agenda = self.agendas.get((region.pk, values["agenda"].lower()))
        if agenda is None:
            fail("agenda", IMPORT_UNKNOWN_AGENDA % {"region": region.name, "value": values["agenda"]})
            return None
        theme = self.themes.get((agenda.pk, values["thema"].upper()))
        if theme is None:
            fail("thema", IMPORT_UNKNOWN_THEME % {"value": values["thema"]})
            return None
        if not values["doel"].isdigit():
            fail("doel", IMPORT_BAD_NUMBER % {"value": values["doel"]})
            return None
        group = self.groups.get((theme.pk, int(values["doel"])))
        if group is None:
            fail("doel", IMPORT_UNKNOWN_GROUP % {"theme": theme.code, "value": values["doel"]})
        return group


@dataclass(frozen=True)
class ImportPlan:
    """What an import will do, for the preview: the codes of the goals it adds and changes,
    and the links (goal code, recommendation number) it adds and removes."""

    created: list[str]
    updated: list[str]
    linked: list[tuple[str, int]]
    unlinked: list[tuple[str, int]]

    @property
    def digest(self) -> str:
        """Names this plan: a confirmation applies the import only while the plan is still the same."""
        payload = json.dumps([self.created, self.updated, self.linked, self.unlinked])
        return hashlib.sha256(payload.encode()).hexdigest()


def _checked_lines(rows: list[Row]) -> tuple[list[_ImportLine], list[RowError]]:
    checker = _RowChecker()
    errors: list[RowError] = []
    lines = [line for row in rows if (line := checker.check(row, errors)) is not None]
    seen: dict[tuple[int, str], int] = {}
    for line in lines:
        key = (line.group.pk, line.letter)
        if key in seen:
            errors.append(RowError(line.row, "letter", str(IMPORT_DUPLICATE % {"code": _code(line), "row": seen[key]})))
        seen.setdefault(key, line.row)
    return lines, sorted(errors, key=lambda error: error.row)


def _code(line: _ImportLine) -> str:
    return f"{line.group.theme.code}-{line.group.number}{line.letter}"


def _current(lines: list[_ImportLine], *, lock: bool):
    """The goals the rows name and their links, by (group, letter) and goal id."""
    goals = OperationalGoal.objects.filter(group__in={line.group for line in lines})
    if lock:
        goals = goals.select_for_update()
    existing = {(goal.group_id, goal.letter): goal for goal in goals}
    links: dict[int, dict[int, GoalLink]] = {}
    for link in GoalLink.objects.filter(goal__in=existing.values()).select_related("recommendation"):
        links.setdefault(link.goal_id, {})[link.recommendation.number] = link
    return existing, links


def _plan(lines: list[_ImportLine], existing, links) -> ImportPlan:
    plan = ImportPlan(created=[], updated=[], linked=[], unlinked=[])
    for line in lines:
        goal = existing.get((line.group.pk, line.letter))
        if goal is None:
            plan.created.append(_code(line))
        elif goal.text != line.text or goal.target_year != line.target_year:
            plan.updated.append(_code(line))
        if line.numbers is None:
            continue
        current = links.get(goal.pk, {}) if goal is not None else {}
        plan.unlinked.extend((_code(line), number) for number in sorted(current) if number not in line.numbers)
        plan.linked.extend((_code(line), number) for number in line.numbers if number not in current)
    return plan


def operational_goal_import_plan(*, rows: list[Row]) -> tuple[ImportPlan | None, list[RowError]]:
    """Check the rows and say what importing them would change, without changing anything."""
    lines, errors = _checked_lines(rows)
    if errors:
        return None, errors
    return _plan(lines, *_current(lines, lock=False)), []


def operational_goal_import(*, rows: list[Row], user, expected: str | None = None) -> ImportOutcome:
    """Create or update operational goals and set their links, all or nothing.

    A row names a goal by region, agenda, theme code, goal number and letter; an existing goal
    gets the row's text and target year. Its links become exactly the row's recommendations;
    "geen" removes them all, and an empty cell leaves them as they are. expected is the digest
    of the plan a preview showed: when the plan has changed since, nothing is imported."""
    lines, errors = _checked_lines(rows)
    if errors:
        return ImportOutcome(errors=errors)
    return _import_lines(lines=lines, user=user, expected=expected)


@transaction.atomic
def _import_lines(*, lines: list[_ImportLine], user, expected: str | None) -> ImportOutcome:
    existing, links = _current(lines, lock=True)
    plan = _plan(lines, existing, links)
    if expected is not None and plan.digest != expected:
        return ImportOutcome(errors=[RowError(row=0, column="", message=str(IMPORT_CHANGED_MEANWHILE))])
    recommendations = {rec.number: rec for rec in Recommendation.objects.all()}
    for line in lines:
        goal = existing.get((line.group.pk, line.letter)) or OperationalGoal(group=line.group, letter=line.letter)
        goal.text, goal.target_year = line.text, line.target_year
        operational_goal_fill_target_year(goal=goal)
        goal.full_clean(validate_unique=False, validate_constraints=False)
        recorded(goal, user).save()
        if line.numbers is None:
            continue
        current = links.get(goal.pk, {})
        for number, link in current.items():
            if number not in line.numbers:
                goal_link_delete(link=link, user=user)
        for number in line.numbers:
            if number not in current:
                goal_link_create(goal=goal, recommendation=recommendations[number], user=user, note=line.note)
            elif line.note and current[number].note != line.note:
                goal_link_note_update(link=current[number], note=line.note, user=user)
    counts = {"created": len(plan.created), "updated": len(plan.updated)}
    return ImportOutcome(counts={**counts, "linked": len(plan.linked), "unlinked": len(plan.unlinked)})


THEME_OF_OTHER_AGENDA = _("Choose a coalition or theme of this agenda.")
GOAL_OF_OTHER_THEME = _("Choose an operational goal of the chosen coalition or theme.")


def _agenda_item_validate(*, item: AgendaItem) -> None:
    errors = {}
    if item.theme is not None and item.theme.agenda_id != item.agenda_id:
        errors["theme"] = THEME_OF_OTHER_AGENDA
    goal = item.operational_goal
    if goal is not None:
        goal_theme = goal.group.theme
        if goal_theme.agenda_id != item.agenda_id or (item.theme is not None and goal_theme.pk != item.theme_id):
            errors["operational_goal"] = GOAL_OF_OTHER_THEME
    if errors:
        raise ValidationError(errors)
    item.full_clean()


def _next_position(*, agenda: Agenda, theme: Theme | None, year: int) -> int:
    existing = AgendaItem.objects.filter(agenda=agenda, theme=theme, year=year).order_by("-position").first()
    return existing.position + 1 if existing else 1


@transaction.atomic
def agenda_item_create(
    *, agenda: Agenda, theme: Theme | None, year: int, text: str, operational_goal: OperationalGoal | None = None
) -> AgendaItem:
    item = AgendaItem(agenda=agenda, theme=theme, year=year, text=text.strip(), operational_goal=operational_goal)
    item.position = _next_position(agenda=agenda, theme=theme, year=year) if year else 1
    _agenda_item_validate(item=item)
    item.save()
    return item


@transaction.atomic
def agenda_item_update(
    *, item: AgendaItem, theme: Theme | None, year: int, text: str, operational_goal: OperationalGoal | None = None
) -> AgendaItem:
    item.theme, item.year, item.text, item.operational_goal = theme, year, text.strip(), operational_goal
    _agenda_item_validate(item=item)
    item.save()
    return item


def agenda_item_delete(*, item: AgendaItem) -> None:
    item.delete()


TASK_OF_OTHER_REGION = _("Only tasks of the regional plans of %(region)s can be chosen for this theme.")


def theme_plan_task_choices(*, theme: Theme):
    """The tasks a theme may serve: those of the plans of its own region."""
    return (
        PlanObjective.objects.filter(kind=PlanObjective.Kind.TASK, plan__region=theme.agenda.region)
        .select_related("plan")
        .order_by("plan__name", "number")
    )


@transaction.atomic
def theme_plan_tasks_set(*, theme: Theme, tasks: list[PlanObjective], user) -> Theme:
    """Which tasks of the regional plan the theme works on, as a policy advisor judges it."""
    allowed = set(theme_plan_task_choices(theme=theme).values_list("pk", flat=True))
    if any(task.pk not in allowed for task in tasks):
        raise ValidationError({"tasks": [TASK_OF_OTHER_REGION % {"region": theme.agenda.region.name}]})
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    recorded(theme, user)
    theme.plan_tasks.set(tasks)
    return theme
