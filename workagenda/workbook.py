"""The whole-agenda workbook: one region with its plans and their tasks, its agendas, themes,
goals, operational goals and (optionally) links, in one XLSX workbook or one CSV per sheet.

workbook_plan() reads the sheets against the database and says what an import would create,
change and remove, with every problem by sheet, row and column; workbook_import() carries the
plan out, all or nothing. Rows are matched by their codes (slugs, theme codes, numbers and
letters), so importing a corrected workbook again updates in place and never duplicates.
Links are removed only when the workbook has a links sheet and the person confirmed the
removals the preview listed."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from audit.history import recorded
from recommendations.models import Recommendation
from regioplan.models import FIRST_YEAR, LAST_YEAR, PlanObjective, Region, RegionalPlan
from tabular.reading import MISSING_COLUMNS, Row
from workagenda.models import (
    GOAL_LETTER_VALIDATOR,
    THEME_CODE_VALIDATOR,
    Agenda,
    AgendaImport,
    GoalGroup,
    GoalLink,
    OperationalGoal,
    Theme,
)
from workagenda.services import (
    IMPORT_BAD_LETTER,
    IMPORT_BAD_NUMBER,
    IMPORT_BAD_YEAR,
    IMPORT_REQUIRED_VALUE,
    IMPORT_UNKNOWN_RECOMMENDATIONS,
    agenda_import_mark_done,
)
from workagenda.target_years import target_year_from_text


@dataclass(frozen=True)
class Sheet:
    """A sheet of the workbook. Its name and column names are the file format (Dutch, like the
    users' spreadsheets), not translated interface text."""

    name: str
    columns: list[str]
    required: list[str]
    optional: bool = False


REGION = Sheet("regio", ["slug", "naam", "netwerk", "beschrijving"], ["slug", "naam", "netwerk"])
PLANS = Sheet(
    "plannen",
    ["slug", "naam", "soort", "eerste_jaar", "laatste_jaar", "ambitie", "samenvatting", "bron"],
    ["slug", "naam", "soort"],
    optional=True,
)
TASKS = Sheet("taken", ["plan", "soort", "nummer", "titel", "beschrijving"], ["plan", "soort", "nummer", "titel"], True)
AGENDAS = Sheet("agendas", ["slug", "naam", "plan", "themas_heten", "beschrijving", "bron"], ["slug", "naam"])
THEMES = Sheet(
    "themas", ["agenda", "nummer", "code", "naam", "beschrijving", "taken"], ["agenda", "nummer", "code", "naam"]
)
GROUPS = Sheet("doelen", ["agenda", "thema", "nummer", "titel", "beschrijving"], ["agenda", "thema", "nummer"])
GOALS = Sheet(
    "operationele_doelen",
    ["agenda", "thema", "doel", "letter", "tekst", "streefjaar"],
    ["agenda", "thema", "doel", "letter", "tekst"],
)
LINKS = Sheet(
    "koppelingen",
    ["agenda", "thema", "doel", "letter", "aanbeveling", "notitie"],
    ["agenda", "thema", "doel", "letter", "aanbeveling"],
    optional=True,
)
SHEETS = [REGION, PLANS, TASKS, AGENDAS, THEMES, GROUPS, GOALS, LINKS]

TASK_KINDS = {"taak": PlanObjective.Kind.TASK, "overkoepelend doel": PlanObjective.Kind.OVERARCHING_GOAL}
PLAN_KINDS = {value: value for value in RegionalPlan.Kind.values}
THEME_LABELS = {value: value for value in Agenda.ThemeLabel.values}

SHEET_MISSING = _("The workbook has no sheet called %(sheet)s. Start from the template.")
ONE_REGION = _("This sheet needs exactly one row: the region the workbook is about.")
BAD_SLUG = _("Use only lower-case letters, digits and hyphens, such as gezonde-marke.")
BAD_CODE = THEME_CODE_VALIDATOR.message
BAD_CHOICE = _("Use one of: %(choices)s.")
DUPLICATE_ROW = _("This row repeats row %(row)s.")
UNKNOWN_REFERENCE = _("%(value)s is not in sheet %(sheet)s.")
OTHER_REGION = _("%(value)s already belongs to region %(region)s.")
REGION_NAME_TAKEN = _("Another region is already called %(value)s.")
YEARS_OUT_OF_ORDER = _("The first year comes after the last year.")
NO_PLAN_FOR_TASKS = _("Agenda %(agenda)s names no plan in sheet agendas, so its themes cannot name tasks.")
UNKNOWN_TASK = _("Plan %(plan)s has no task %(value)s in sheet taken.")
THEME_NUMBER_TAKEN = _("Theme number %(value)s is also used in row %(row)s.")
CHANGED_SINCE_PREVIEW = _("The data changed after the preview was made. Check the new preview and import again.")
REMOVALS_NOT_CONFIRMED = _("Confirm that the links listed under 'To be removed' may be removed.")
NOT_SAVED = _("The import could not be saved: %(reason)s. Nothing has been changed.")

CREATED, CHANGED, UNCHANGED, REMOVED = "created", "changed", "unchanged", "removed"


@dataclass(frozen=True)
class SheetError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class SheetSummary:
    sheet: str
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    removed: int = 0
    changes: list[tuple[str, str]] = field(default_factory=list)  # (action, label)


@dataclass
class _Item:
    """One row's wish: the object with this key should have these values."""

    sheet: str
    key: tuple
    label: str
    values: dict
    existing: object | None
    action: str = UNCHANGED


@dataclass
class WorkbookPlan:
    summaries: list[SheetSummary]
    errors: list[SheetError]
    removals: list[str]
    fingerprint: str
    items: dict[str, list[_Item]] = field(default_factory=dict, repr=False)
    doomed_links: list[GoalLink] = field(default_factory=list, repr=False)
    recommendations: dict[int, Recommendation] = field(default_factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(getattr(summary, action) for summary in self.summaries)


class _Reader:
    """Validates every sheet's rows against each other and the database, loaded in a fixed
    number of queries, and collects the wished objects per sheet."""

    def __init__(self, tables: dict[str, list[list[str]]]):
        self.tables = tables
        self.errors: list[SheetError] = []
        self.items: dict[str, list[_Item]] = {sheet.name: [] for sheet in SHEETS}
        self.keys: dict[str, dict[tuple, int]] = {sheet.name: {} for sheet in SHEETS}
        # Sheets that could not be read: rows pointing into them are not reported again.
        self.unreadable: set[str] = set()

    def fail(self, sheet: Sheet, row: int, column: str, message) -> None:
        self.errors.append(SheetError(sheet.name, row, column, str(message)))

    def rows(self, sheet: Sheet) -> list[Row] | None:
        """The sheet's rows with every column, or None (and an error) when it cannot be read."""
        table = self.tables.get(sheet.name)
        if table is None:
            if not sheet.optional:
                self.fail(sheet, 1, "", SHEET_MISSING % {"sheet": sheet.name})
                self.unreadable.add(sheet.name)
            return None
        header = [cell.strip().lower() for cell in table[0]] if table else []
        missing = [column for column in sheet.required if column not in header]
        if missing:
            self.fail(sheet, 1, "", MISSING_COLUMNS % {"columns": ", ".join(missing)})
            self.unreadable.add(sheet.name)
            return None
        positions = {column: header.index(column) for column in sheet.columns if column in header}
        return [
            Row(number, {column: _cell(cells, positions.get(column)) for column in sheet.columns})
            for number, cells in enumerate(table[1:], start=2)
            if any(cell.strip() for cell in cells)
        ]

    def required(self, sheet: Sheet, row: Row) -> bool:
        missing = [column for column in sheet.required if not row.values[column]]
        for column in missing:
            self.fail(sheet, row.number, column, IMPORT_REQUIRED_VALUE)
        return not missing

    def number(self, sheet: Sheet, row: Row, column: str, *, low=1, high=32767) -> int | None:
        value = row.values[column]
        if value.isdigit() and low <= int(value) <= high:
            return int(value)
        self.fail(sheet, row.number, column, IMPORT_BAD_NUMBER % {"value": value})
        return None

    def year(self, sheet: Sheet, row: Row, column: str) -> tuple[bool, int | None]:
        value = row.values[column]
        if not value:
            return True, None
        if value.isdigit() and FIRST_YEAR <= int(value) <= LAST_YEAR:
            return True, int(value)
        self.fail(sheet, row.number, column, IMPORT_BAD_YEAR)
        return False, None

    def choice(self, sheet: Sheet, row: Row, column: str, choices: dict, default=None):
        value = row.values[column].lower()
        if not value and default is not None:
            return default
        if value in choices:
            return choices[value]
        self.fail(sheet, row.number, column, BAD_CHOICE % {"choices": ", ".join(choices)})
        return None

    def slug(self, sheet: Sheet, row: Row, column: str) -> str | None:
        value = row.values[column].lower()
        try:
            validate_slug(value)
        except ValidationError:
            self.fail(sheet, row.number, column, BAD_SLUG)
            return None
        return value

    def reference(self, sheet: Sheet, row: Row, column: str, target: Sheet, key: tuple, shown: str = "") -> bool:
        if key in self.keys[target.name]:
            return True
        if target.name in self.unreadable:
            return False
        value = shown or row.values[column]
        self.fail(sheet, row.number, column, UNKNOWN_REFERENCE % {"value": value, "sheet": target.name})
        return False

    def add(self, sheet: Sheet, row: Row, key: tuple, label: str, values: dict, existing) -> None:
        seen = self.keys[sheet.name]
        if key in seen:
            self.fail(sheet, row.number, sheet.required[0], DUPLICATE_ROW % {"row": seen[key]})
            return
        seen[key] = row.number
        self.items[sheet.name].append(_Item(sheet.name, key, label, values, existing))


def _cell(cells: list[str], index: int | None) -> str:
    return cells[index].strip() if index is not None and index < len(cells) else ""


@dataclass
class _Existing:
    """What the database holds for the workbook's region, read in a fixed number of queries."""

    region: Region | None = None
    regions_by_name: dict[str, str] = field(default_factory=dict)
    plans: dict[str, RegionalPlan] = field(default_factory=dict)
    tasks: dict[tuple, PlanObjective] = field(default_factory=dict)
    agendas: dict[str, Agenda] = field(default_factory=dict)
    themes: dict[tuple, Theme] = field(default_factory=dict)
    theme_tasks: dict[int, set[int]] = field(default_factory=dict)
    groups: dict[tuple, GoalGroup] = field(default_factory=dict)
    goals: dict[tuple, OperationalGoal] = field(default_factory=dict)
    links: dict[tuple, GoalLink] = field(default_factory=dict)
    recommendations: dict[int, Recommendation] = field(default_factory=dict)


def _load_existing(*, region_slug: str, plan_slugs: set[str], agenda_slugs: set[str]) -> _Existing:
    found = _Existing()
    found.region = Region.objects.filter(slug=region_slug).first()
    found.regions_by_name = dict(Region.objects.values_list("name", "slug"))
    found.plans = {
        plan.slug: plan for plan in RegionalPlan.objects.select_related("region").filter(slug__in=plan_slugs)
    }
    found.agendas = {
        agenda.slug: agenda for agenda in Agenda.objects.select_related("region", "plan").filter(slug__in=agenda_slugs)
    }
    found.recommendations = {rec.number: rec for rec in Recommendation.objects.all()}
    if found.region is None:
        return found
    region_plans = [plan for plan in found.plans.values() if plan.region_id == found.region.pk]
    for task in PlanObjective.objects.filter(plan__in=region_plans).select_related("plan"):
        found.tasks[(task.plan.slug, task.kind, task.number)] = task
    agendas = [agenda for agenda in found.agendas.values() if agenda.region_id == found.region.pk]
    for theme in Theme.objects.filter(agenda__in=agendas).select_related("agenda"):
        found.themes[(theme.agenda.slug, theme.code)] = theme
    for theme_id, number in Theme.plan_tasks.through.objects.filter(theme__agenda__in=agendas).values_list(
        "theme_id", "planobjective__number"
    ):
        found.theme_tasks.setdefault(theme_id, set()).add(number)
    for theme in found.themes.values():
        theme.task_numbers = frozenset(found.theme_tasks.get(theme.pk, ()))
    for group in GoalGroup.objects.filter(theme__agenda__in=agendas).select_related("theme__agenda"):
        found.groups[(group.theme.agenda.slug, group.theme.code, group.number)] = group
    for goal in OperationalGoal.objects.filter(group__theme__agenda__in=agendas).select_related("group__theme__agenda"):
        found.goals[(goal.group.theme.agenda.slug, goal.group.theme.code, goal.group.number, goal.letter)] = goal
    for link in GoalLink.objects.filter(goal__group__theme__agenda__in=agendas).select_related(
        "goal__group__theme__agenda", "recommendation"
    ):
        goal = link.goal
        key = (goal.group.theme.agenda.slug, goal.group.theme.code, goal.group.number, goal.letter)
        found.links[(*key, link.recommendation.number)] = link
    return found


def _first_values(tables: dict, sheet: Sheet, column: str) -> set[str]:
    """The values of one column, read before validation to load only the rows that matter."""
    table = tables.get(sheet.name) or []
    header = [cell.strip().lower() for cell in table[0]] if table else []
    if column not in header:
        return set()
    index = header.index(column)
    return {row[index].strip().lower() for row in table[1:] if index < len(row) and row[index].strip()}


def workbook_plan(*, tables: dict[str, list[list[str]]]) -> WorkbookPlan:
    """What importing these sheets would do, or every problem that stops it."""
    reader = _Reader(tables)
    region_slugs = _first_values(tables, REGION, "slug")
    existing = _load_existing(
        region_slug=next(iter(region_slugs), "") if len(region_slugs) == 1 else "",
        plan_slugs=_first_values(tables, PLANS, "slug") | _first_values(tables, AGENDAS, "plan"),
        agenda_slugs=_first_values(tables, AGENDAS, "slug"),
    )
    region = _read_region(reader, existing)
    if region is not None:
        _read_plans(reader, existing, region)
        _read_tasks(reader, existing)
        _read_agendas(reader, existing, region)
        _read_themes(reader, existing)
        _read_groups(reader, existing)
        _read_goals(reader, existing)
        links_sheet_given = _read_links(reader, existing)
    else:
        links_sheet_given = False
    items = reader.items
    doomed = []
    if links_sheet_given and not reader.errors:
        wanted = {item.key for item in items[LINKS.name]}
        doomed = [link for key, link in sorted(existing.links.items()) if key not in wanted]
    for sheet_items in items.values():
        for item in sheet_items:
            item.action = _action(item)
    summaries = _summaries(items, doomed)
    errors = sorted(reader.errors, key=lambda error: ([s.name for s in SHEETS].index(error.sheet), error.row))
    return WorkbookPlan(
        summaries=summaries,
        errors=errors,
        removals=[_link_label(link) for link in doomed],
        fingerprint=_fingerprint(items, doomed),
        items=items,
        doomed_links=doomed,
        recommendations=existing.recommendations,
    )


def _read_region(reader: _Reader, existing: _Existing) -> str | None:
    """The region's slug when its one row is valid."""
    rows = reader.rows(REGION)
    if rows is None:
        return None
    if len(rows) != 1:
        reader.fail(REGION, 2 if rows else 1, "slug", ONE_REGION)
        return None
    row = rows[0]
    if not reader.required(REGION, row):
        return None
    slug = reader.slug(REGION, row, "slug")
    if slug is None:
        return None
    name = row.values["naam"]
    if existing.regions_by_name.get(name, slug) != slug:
        reader.fail(REGION, row.number, "naam", REGION_NAME_TAKEN % {"value": name})
        return None
    values = {"slug": slug, "name": name, "network": row.values["netwerk"], "description": row.values["beschrijving"]}
    reader.add(REGION, row, (slug,), name, values, existing.region)
    return slug


def _belongs_elsewhere(reader, sheet, row, column, obj, region_slug: str) -> bool:
    if obj is not None and obj.region.slug != region_slug:
        reader.fail(sheet, row.number, column, OTHER_REGION % {"value": obj.slug, "region": obj.region.name})
        return True
    return False


def _read_plans(reader: _Reader, existing: _Existing, region_slug: str) -> None:
    for row in reader.rows(PLANS) or []:
        if not reader.required(PLANS, row):
            continue
        slug = reader.slug(PLANS, row, "slug")
        kind = reader.choice(PLANS, row, "soort", PLAN_KINDS)
        first_ok, first = reader.year(PLANS, row, "eerste_jaar")
        last_ok, last = reader.year(PLANS, row, "laatste_jaar")
        if slug is None or kind is None or not (first_ok and last_ok):
            continue
        if first and last and first > last:
            reader.fail(PLANS, row.number, "eerste_jaar", YEARS_OUT_OF_ORDER)
            continue
        plan = existing.plans.get(slug)
        if _belongs_elsewhere(reader, PLANS, row, "slug", plan, region_slug):
            continue
        values = {
            "name": row.values["naam"],
            "kind": kind,
            "period_start": first,
            "period_end": last,
            "ambition": row.values["ambitie"],
            "summary": row.values["samenvatting"],
            "source_document": row.values["bron"],
        }
        reader.add(PLANS, row, (slug,), row.values["naam"], values, plan)


def _read_tasks(reader: _Reader, existing: _Existing) -> None:
    for row in reader.rows(TASKS) or []:
        if not reader.required(TASKS, row):
            continue
        plan = row.values["plan"].lower()
        kind = reader.choice(TASKS, row, "soort", TASK_KINDS)
        number = reader.number(TASKS, row, "nummer")
        if not reader.reference(TASKS, row, "plan", PLANS, (plan,)) or kind is None or number is None:
            continue
        key = (plan, kind, number)
        values = {"title": row.values["titel"], "description": row.values["beschrijving"]}
        reader.add(TASKS, row, key, f"{plan} {number}. {row.values['titel']}", values, existing.tasks.get(key))


def _read_agendas(reader: _Reader, existing: _Existing, region_slug: str) -> None:
    for row in reader.rows(AGENDAS) or []:
        if not reader.required(AGENDAS, row):
            continue
        slug = reader.slug(AGENDAS, row, "slug")
        label = reader.choice(AGENDAS, row, "themas_heten", THEME_LABELS, default=Agenda.ThemeLabel.THEME)
        plan = row.values["plan"].lower()
        if plan and not reader.reference(AGENDAS, row, "plan", PLANS, (plan,)):
            continue
        if slug is None or label is None:
            continue
        agenda = existing.agendas.get(slug)
        if _belongs_elsewhere(reader, AGENDAS, row, "slug", agenda, region_slug):
            continue
        values = {
            "name": row.values["naam"],
            "plan": plan,
            "theme_label": label,
            "description": row.values["beschrijving"],
            "source_document": row.values["bron"],
        }
        reader.add(AGENDAS, row, (slug,), row.values["naam"], values, agenda)


def _agenda_plans(reader: _Reader) -> dict[str, str]:
    return {item.key[0]: item.values["plan"] for item in reader.items[AGENDAS.name]}


def _read_themes(reader: _Reader, existing: _Existing) -> None:
    plans = _agenda_plans(reader)
    task_numbers = {(key[0], key[2]) for key in reader.keys[TASKS.name] if key[1] == PlanObjective.Kind.TASK}
    numbers: dict[tuple[str, int], int] = {}
    for row in reader.rows(THEMES) or []:
        if not reader.required(THEMES, row):
            continue
        agenda = row.values["agenda"].lower()
        code = row.values["code"].upper()
        number = reader.number(THEMES, row, "nummer")
        if not THEME_CODE_VALIDATOR.regex.match(code):
            reader.fail(THEMES, row.number, "code", BAD_CODE)
            continue
        if not reader.reference(THEMES, row, "agenda", AGENDAS, (agenda,)) or number is None:
            continue
        if (agenda, number) in numbers:
            reader.fail(
                THEMES, row.number, "nummer", THEME_NUMBER_TAKEN % {"value": number, "row": numbers[(agenda, number)]}
            )
            continue
        numbers[(agenda, number)] = row.number
        tasks = _task_list(reader, row, plan=plans.get(agenda, ""), agenda=agenda, known=task_numbers)
        if tasks is None:
            continue
        values = {
            "number": number,
            "name": row.values["naam"],
            "description": row.values["beschrijving"],
            "tasks": tasks,
        }
        reader.add(
            THEMES, row, (agenda, code), f"{code} {row.values['naam']}", values, existing.themes.get((agenda, code))
        )


def _task_list(reader: _Reader, row: Row, *, plan: str, agenda: str, known: set) -> frozenset[int] | None:
    text = row.values["taken"]
    tokens = [token for token in text.replace(";", ",").replace(" ", ",").split(",") if token]
    if tokens and not plan:
        reader.fail(THEMES, row.number, "taken", NO_PLAN_FOR_TASKS % {"agenda": agenda})
        return None
    numbers = set()
    for token in tokens:
        if not token.isdigit() or (plan, int(token)) not in known:
            reader.fail(THEMES, row.number, "taken", UNKNOWN_TASK % {"plan": plan, "value": token})
            return None
        numbers.add(int(token))
    return frozenset(numbers)


def _read_groups(reader: _Reader, existing: _Existing) -> None:
    for row in reader.rows(GROUPS) or []:
        if not reader.required(GROUPS, row):
            continue
        theme = (row.values["agenda"].lower(), row.values["thema"].upper())
        number = reader.number(GROUPS, row, "nummer")
        if not reader.reference(GROUPS, row, "thema", THEMES, theme) or number is None:
            continue
        key = (*theme, number)
        values = {"title": row.values["titel"], "description": row.values["beschrijving"]}
        reader.add(GROUPS, row, key, f"{theme[1]}-{number} {row.values['titel']}", values, existing.groups.get(key))


def _goal_key(reader: _Reader, sheet: Sheet, row: Row) -> tuple | None:
    """(agenda, theme code, goal number, letter) of a row naming an operational goal."""
    number = reader.number(sheet, row, "doel")
    letter = row.values["letter"].upper()
    if not GOAL_LETTER_VALIDATOR.regex.match(letter):
        reader.fail(sheet, row.number, "letter", IMPORT_BAD_LETTER)
        return None
    if number is None:
        return None
    group = (row.values["agenda"].lower(), row.values["thema"].upper(), number)
    if not reader.reference(sheet, row, "doel", GROUPS, group, shown=f"{group[1]}-{number}"):
        return None
    return (*group, letter)


def _read_goals(reader: _Reader, existing: _Existing) -> None:
    for row in reader.rows(GOALS) or []:
        if not reader.required(GOALS, row):
            continue
        key = _goal_key(reader, GOALS, row)
        year_ok, year = reader.year(GOALS, row, "streefjaar")
        if key is None or not year_ok:
            continue
        text = row.values["tekst"]
        # An empty target year means "the year the text names", as in the goal import.
        values = {"text": text, "target_year": year if year is not None else target_year_from_text(text)}
        code = f"{key[1]}-{key[2]}{key[3]}"
        reader.add(GOALS, row, key, code, values, existing.goals.get(key))


def _read_links(reader: _Reader, existing: _Existing) -> bool:
    rows = reader.rows(LINKS)
    if rows is None:
        return False
    for row in rows:
        if not reader.required(LINKS, row):
            continue
        key = _goal_key(reader, LINKS, row)
        number = row.values["aanbeveling"]
        if not number.isdigit() or int(number) not in existing.recommendations:
            reader.fail(LINKS, row.number, "aanbeveling", IMPORT_UNKNOWN_RECOMMENDATIONS % {"value": number})
            continue
        if key is None:
            continue
        if key not in reader.keys[GOALS.name]:
            code = f"{key[1]}-{key[2]}{key[3]}"
            reader.fail(LINKS, row.number, "letter", UNKNOWN_REFERENCE % {"value": code, "sheet": GOALS.name})
            continue
        link_key = (*key, int(number))
        label = f"{key[1]}-{key[2]}{key[3]} ↔ {number}"
        reader.add(LINKS, row, link_key, label, {"note": row.values["notitie"]}, existing.links.get(link_key))
    return True


def _action(item: _Item) -> str:
    if item.existing is None:
        return CREATED
    obj = item.existing
    for name, wanted in item.values.items():
        if name == "tasks":
            current = obj.task_numbers
        elif name == "plan":
            current = obj.plan.slug if obj.plan_id else ""
        else:
            current = getattr(obj, name)
        if current != wanted:
            return CHANGED
    return UNCHANGED


def _summaries(items: dict[str, list[_Item]], doomed: list[GoalLink]) -> list[SheetSummary]:
    summaries = []
    for sheet in SHEETS:
        summary = SheetSummary(sheet.name)
        for item in items[sheet.name]:
            setattr(summary, item.action, getattr(summary, item.action) + 1)
            if item.action != UNCHANGED:
                summary.changes.append((item.action, item.label))
        if sheet is LINKS:
            summary.removed = len(doomed)
            summary.changes += [(REMOVED, _link_label(link)) for link in doomed]
        summaries.append(summary)
    return summaries


def _link_label(link: GoalLink) -> str:
    return f"{link.goal.code} ↔ {link.recommendation.number}"


def _fingerprint(items: dict[str, list[_Item]], doomed: list[GoalLink]) -> str:
    """A digest of everything the import would write: when the data change between the
    preview and the import, the digest changes and the import asks for a new look."""
    digest = hashlib.sha256()
    for sheet in SHEETS:
        for item in items[sheet.name]:
            if item.action != UNCHANGED:
                digest.update(repr((sheet.name, item.key, item.action, sorted(item.values.items()))).encode())
    for link in doomed:
        digest.update(repr(("remove", link.pk)).encode())
    return digest.hexdigest()


class WorkbookImportRefused(Exception):
    """The plan may not be carried out; the message says why in Dutch, nothing was changed."""


def workbook_import(
    *,
    tables: dict[str, list[list[str]]],
    user,
    fingerprint: str,
    removals_confirmed: bool,
    progress: Callable[[str], None] | None = None,
) -> WorkbookPlan:
    """Carry out what the preview with this fingerprint showed, all or nothing."""
    try:
        with transaction.atomic():
            plan = workbook_plan(tables=tables)
            if not plan.ok:
                return plan
            if plan.fingerprint != fingerprint:
                raise WorkbookImportRefused(str(CHANGED_SINCE_PREVIEW))
            if plan.removals and not removals_confirmed:
                raise WorkbookImportRefused(str(REMOVALS_NOT_CONFIRMED))
            _Writer(plan, user, progress or (lambda sheet: None)).write()
    except (IntegrityError, ValidationError) as error:
        raise WorkbookImportRefused(str(NOT_SAVED % {"reason": _reason(error)})) from error
    return plan


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return str(error)


class _Writer:
    """Writes a checked plan in the order the objects depend on each other; unchanged rows
    write nothing, so they leave no history. The many rows (goals, operational goals and
    links) are written in bulk with their history, which keeps a 1,000-goal agenda fast."""

    def __init__(self, plan: WorkbookPlan, user, progress: Callable[[str], None]):
        self.plan, self.user, self.progress = plan, user, progress
        self.saved: dict[str, dict[tuple, object]] = {}

    def write(self) -> None:
        one_by_one = [
            (REGION, self._region),
            (PLANS, self._plan),
            (TASKS, self._task),
            (AGENDAS, self._agenda),
            (THEMES, self._theme),
        ]
        for sheet, build in one_by_one:
            self.progress(sheet.name)
            saved = self.saved.setdefault(sheet.name, {})
            for item in self.plan.items[sheet.name]:
                saved[item.key] = item.existing if item.action == UNCHANGED else build(item)
        in_bulk = [
            (GROUPS, GoalGroup, self._group, ["title", "description"]),
            (GOALS, OperationalGoal, self._goal, ["text", "target_year"]),
            (LINKS, GoalLink, self._link, ["note", "updated_by", "updated_at"]),
        ]
        for sheet, model, build, fields in in_bulk:
            self.progress(sheet.name)
            self._write_in_bulk(sheet, model, build, fields)
        for link in self.plan.doomed_links:
            recorded(link, self.user).delete()

    def _write_in_bulk(self, sheet: Sheet, model, build, fields: list[str]) -> None:
        saved = self.saved.setdefault(sheet.name, {})
        created, changed = [], []
        for item in self.plan.items[sheet.name]:
            if item.action == UNCHANGED:
                saved[item.key] = item.existing
                continue
            obj = build(item)
            # The parents exist (they were just saved or loaded): only the row's own values need checking.
            obj.full_clean(exclude=_foreign_keys(model), validate_unique=False, validate_constraints=False)
            (created if item.action == CREATED else changed).append((item.key, obj))
        objs = [obj for _key, obj in created]
        if hasattr(model, "history"):
            objs = bulk_create_with_history(objs, model, default_user=self.user)
        else:
            objs = model.objects.bulk_create(objs)
        saved.update(zip([key for key, _obj in created], objs, strict=True))
        if not changed:
            return
        if hasattr(model, "history"):
            bulk_update_with_history([obj for _key, obj in changed], model, fields, default_user=self.user)
        else:
            model.objects.bulk_update([obj for _key, obj in changed], fields)
        saved.update(changed)

    def _save(self, obj, item: _Item, names: list[str]):
        for name in names:
            setattr(obj, name, item.values[name])
        obj.full_clean(validate_unique=False, validate_constraints=False)
        recorded(obj, self.user).save()
        return obj

    def _region(self, item: _Item) -> Region:
        region = item.existing or Region(slug=item.key[0])
        return self._save(region, item, ["name", "network", "description"])

    def _the_region(self) -> Region:
        return next(iter(self.saved[REGION.name].values()))

    def _plan(self, item: _Item) -> RegionalPlan:
        plan = item.existing or RegionalPlan(slug=item.key[0], region=self._the_region())
        names = ["name", "kind", "period_start", "period_end", "ambition", "summary", "source_document"]
        return self._save(plan, item, names)

    def _task(self, item: _Item) -> PlanObjective:
        plan_slug, kind, number = item.key
        task = item.existing or PlanObjective(plan=self.saved[PLANS.name][(plan_slug,)], kind=kind, number=number)
        return self._save(task, item, ["title", "description"])

    def _agenda(self, item: _Item) -> Agenda:
        agenda = item.existing or Agenda(slug=item.key[0], region=self._the_region())
        plan = item.values["plan"]
        agenda.plan = self.saved[PLANS.name][(plan,)] if plan else None
        return self._save(agenda, item, ["name", "theme_label", "description", "source_document"])

    def _theme(self, item: _Item) -> Theme:
        agenda_slug, code = item.key
        theme = item.existing or Theme(agenda=self.saved[AGENDAS.name][(agenda_slug,)], code=code)
        self._save(theme, item, ["number", "name", "description"])
        plan = next(i.values["plan"] for i in self.plan.items[AGENDAS.name] if i.key == (agenda_slug,))
        tasks = self.saved.get(TASKS.name, {})
        theme.plan_tasks.set(
            [tasks[(plan, PlanObjective.Kind.TASK, number)] for number in sorted(item.values["tasks"])]
        )
        return theme

    def _group(self, item: _Item) -> GoalGroup:
        agenda_slug, code, number = item.key
        group = item.existing or GoalGroup(theme=self.saved[THEMES.name][(agenda_slug, code)], number=number)
        group.title, group.description = item.values["title"], item.values["description"]
        return group

    def _goal(self, item: _Item) -> OperationalGoal:
        goal = item.existing or OperationalGoal(group=self.saved[GROUPS.name][item.key[:3]], letter=item.key[3])
        goal.text, goal.target_year = item.values["text"], item.values["target_year"]
        return goal

    def _link(self, item: _Item) -> GoalLink:
        link = item.existing or GoalLink(
            goal=self.saved[GOALS.name][item.key[:4]],
            recommendation=self.plan.recommendations[item.key[4]],
            created_by=self.user,
        )
        link.note, link.updated_by, link.updated_at = item.values["note"], self.user, timezone.now()
        return link


def _foreign_keys(model) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if field.is_relation]


# ---------------------------------------------------------------- export and template

TASK_KIND_WORDS = {kind: word for word, kind in TASK_KINDS.items()}
TEMPLATE_EXAMPLE = {
    REGION.name: [["voorbeeldregio", "Voorbeeldregio", "Gezond Voorbeeld", "Vier gemeenten en hun partners."]],
    PLANS.name: [["regioplan-voorbeeldregio", "Regioplan Voorbeeldregio", "regioplan", 2025, 2028, "", "", ""]],
    TASKS.name: [["regioplan-voorbeeldregio", "taak", 1, "Gezond opgroeien", ""]],
    AGENDAS.name: [
        ["werkagenda-voorbeeldregio", "Werkagenda Voorbeeldregio", "regioplan-voorbeeldregio", "thema", "", ""]
    ],
    THEMES.name: [["werkagenda-voorbeeldregio", 1, "GOP", "Gezond opgroeien", "", "1"]],
    GROUPS.name: [["werkagenda-voorbeeldregio", "GOP", 1, "Kinderen bewegen meer", ""]],
    GOALS.name: [
        ["werkagenda-voorbeeldregio", "GOP", 1, "A", "In 2027 heeft elke basisschool een beweegaanbod.", ""],
        ["werkagenda-voorbeeldregio", "GOP", 1, "B", "Uiterlijk 2026 kent elke wijk een sportcoach.", 2026],
    ],
    LINKS.name: [["werkagenda-voorbeeldregio", "GOP", 1, "A", 1, "Past bij samenwerken in de wijk."]],
}


def workbook_template() -> list[tuple[str, list[str], list[list]]]:
    """The downloadable template: every sheet with its columns and one example."""
    return [(sheet.name, list(sheet.columns), [list(row) for row in TEMPLATE_EXAMPLE[sheet.name]]) for sheet in SHEETS]


def region_workbook(*, region: Region) -> list[tuple[str, list[str], list[list]]]:
    """The region as a workbook in the import's own form: importing it gives the same agendas."""
    plans = list(RegionalPlan.objects.filter(region=region).order_by("slug"))
    tasks = (
        PlanObjective.objects.filter(plan__region=region)
        .select_related("plan")
        .order_by("plan__slug", "kind", "number")
    )
    agendas = list(Agenda.objects.filter(region=region).select_related("plan").order_by("slug"))
    themes = (
        Theme.objects.filter(agenda__region=region)
        .select_related("agenda")
        .prefetch_related("plan_tasks")
        .order_by("agenda__slug", "number")
    )
    groups = GoalGroup.objects.filter(theme__agenda__region=region).select_related("theme__agenda")
    goals = OperationalGoal.objects.filter(group__theme__agenda__region=region).select_related("group__theme__agenda")
    links = GoalLink.objects.filter(goal__group__theme__agenda__region=region).select_related(
        "goal__group__theme__agenda", "recommendation"
    )
    rows = {
        REGION.name: [[region.slug, region.name, region.network, region.description]],
        PLANS.name: [
            [p.slug, p.name, p.kind, p.period_start, p.period_end, p.ambition, p.summary, p.source_document]
            for p in plans
        ],
        TASKS.name: [[t.plan.slug, TASK_KIND_WORDS[t.kind], t.number, t.title, t.description] for t in tasks],
        AGENDAS.name: [
            [a.slug, a.name, a.plan.slug if a.plan_id else "", a.theme_label, a.description, a.source_document]
            for a in agendas
        ],
        THEMES.name: [
            [
                t.agenda.slug,
                t.number,
                t.code,
                t.name,
                t.description,
                ", ".join(str(task.number) for task in sorted(t.plan_tasks.all(), key=lambda task: task.number)),
            ]
            for t in themes
        ],
        GROUPS.name: [
            [g.theme.agenda.slug, g.theme.code, g.number, g.title, g.description]
            for g in groups.order_by("theme__agenda__slug", "theme__number", "number")
        ],
        GOALS.name: [
            [*_goal_cells(goal), goal.text, goal.target_year]
            for goal in goals.order_by("group__theme__agenda__slug", "group__theme__number", "group__number", "letter")
        ],
        LINKS.name: [
            [*_goal_cells(link.goal), link.recommendation.number, link.note]
            for link in links.order_by(
                "goal__group__theme__agenda__slug",
                "goal__group__theme__number",
                "goal__group__number",
                "goal__letter",
                "recommendation__number",
            )
        ],
    }
    return [(sheet.name, list(sheet.columns), rows[sheet.name]) for sheet in SHEETS]


def _goal_cells(goal: OperationalGoal) -> list:
    return [goal.group.theme.agenda.slug, goal.group.theme.code, goal.group.number, goal.letter]


def agenda_import_carry_out(*, upload: AgendaImport, user, fingerprint: str, removals_confirmed: bool) -> WorkbookPlan:
    """Import a previewed upload and mark it imported, in one transaction."""
    with transaction.atomic():
        plan = workbook_import(
            tables=upload.tables, user=user, fingerprint=fingerprint, removals_confirmed=removals_confirmed
        )
        if plan.ok:
            agenda_import_mark_done(upload=upload)
    return plan
