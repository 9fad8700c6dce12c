"""Writes of monitoring data. Status history is append-only: there is no update or delete.

Every write is atomic: a row and its audit-trail entry are stored together or not at all."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit.history import recorded
from monitoring.models import Indicator, Measurement, Status, StatusUpdate
from tabular.reading import ImportOutcome, RowError
from workagenda.models import OperationalGoal, Theme

DATE_IN_FUTURE = _("The date lies in the future. Report what is known today.")
HISTORY_IS_APPEND_ONLY = _("Status updates are kept as history and cannot be changed or deleted.")
TARGET_YEAR_BEFORE_BASELINE = _("The target year lies before the baseline date.")


def _refuse_future(date: datetime.date, field: str) -> None:
    if date > timezone.localdate():
        raise ValidationError({field: DATE_IN_FUTURE})


@transaction.atomic
def status_update_create(
    *,
    status: str,
    date: datetime.date,
    author,
    note: str = "",
    goal: OperationalGoal | None = None,
    theme: Theme | None = None,
) -> StatusUpdate:
    """Record a new traffic light for a goal or a theme; earlier ones stay as they were."""
    update = StatusUpdate(goal=goal, theme=theme, status=status, date=date, note=note.strip(), author=author)
    update.full_clean()
    _refuse_future(date, "date")
    recorded(update, author).save()
    return update


def status_update_refuse_change(*, user) -> None:
    """Only superusers may correct the history, through the admin; everyone else is refused."""
    if not user.is_superuser:
        raise PermissionDenied(HISTORY_IS_APPEND_ONLY)


@transaction.atomic
def indicator_create(
    *,
    goal: OperationalGoal,
    name: str,
    kind: str,
    unit: str,
    direction: str,
    target_value: Decimal,
    target_year: int | None = None,
    baseline_value: Decimal | None = None,
    baseline_date: datetime.date | None = None,
    source_text: str = "",
    user=None,
) -> Indicator:
    indicator = Indicator(
        goal=goal,
        name=name.strip(),
        kind=kind,
        unit=unit.strip(),
        direction=direction,
        target_value=target_value,
        target_year=target_year,
        baseline_value=baseline_value,
        baseline_date=baseline_date,
        source_text=source_text.strip(),
    )
    indicator.full_clean()
    if baseline_date and target_year and target_year < baseline_date.year:
        raise ValidationError({"target_year": TARGET_YEAR_BEFORE_BASELINE})
    recorded(indicator, user).save()
    return indicator


@transaction.atomic
def measurement_create(
    *, indicator: Indicator, date: datetime.date, value: Decimal, source: str, recorded_by
) -> Measurement:
    measurement = Measurement(
        indicator=indicator, date=date, value=value, source=source.strip(), recorded_by=recorded_by
    )
    measurement.full_clean()
    _refuse_future(date, "date")
    recorded(measurement, recorded_by).save()
    return measurement


# ---------------------------------------------------------------- bulk import (all or nothing)

STATUS_COLUMNS = ["agenda", "code", "status", "datum"]
STATUS_OPTIONAL = ("toelichting",)
MEASUREMENT_COLUMNS = ["indicator", "datum", "waarde", "bron"]
MEASUREMENT_OPTIONAL = ("naam",)

UNKNOWN_GOAL = _("There is no operational goal with this agenda and code.")
UNKNOWN_STATUS = _("Unknown status. Use one of: %(choices)s.")
UNKNOWN_INDICATOR = _("There is no indicator with this number.")
BAD_DATE = _("Write the date as 31-12-2025 or 2025-12-31.")
BAD_NUMBER = _("Write a number, such as 42 or 12,5.")
REQUIRED = _("This cell is empty; fill it in.")


def _parse_date(text: str) -> datetime.date | None:
    text = text.strip()[:10]
    for pattern in ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _parse_decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.strip().replace(" ", "").replace(",", "."))
    except ArithmeticError:
        return None


def _status_value(text: str) -> str | None:
    wanted = text.strip().lower()
    for value, label in Status.choices:
        if wanted in (value, str(label).lower()):
            return value
    return None


def _messages(error: ValidationError) -> list[tuple[str, str]]:
    if hasattr(error, "error_dict"):
        return [(field, " ".join(messages)) for field, messages in error.message_dict.items()]
    return [("", " ".join(error.messages))]


def _import(rows, build) -> ImportOutcome:
    """Validate every row first; write only when all rows are good, in one transaction."""
    outcome = ImportOutcome()
    valid = []
    for row in rows:
        errors, create = build(row)
        outcome.errors.extend(
            RowError(row=row.number, column=column, message=str(message)) for column, message in errors
        )
        if not errors:
            valid.append((row, create))
    if outcome.errors:
        return outcome
    try:
        with transaction.atomic():
            for row, create in valid:
                try:
                    create()
                except ValidationError as error:
                    outcome.errors.extend(RowError(row=row.number, column=c, message=m) for c, m in _messages(error))
            if outcome.errors:
                raise _RollBack
    except _RollBack:
        return outcome
    outcome.counts = {"created": len(valid)}
    return outcome


class _RollBack(Exception):
    pass


def status_updates_import(*, rows, author) -> ImportOutcome:
    goals = {
        (goal.group.theme.agenda.slug, goal.code.upper()): goal
        for goal in OperationalGoal.objects.select_related("group__theme__agenda")
    }
    choices = ", ".join(str(label) for label in Status.labels)

    def build(row):
        values = row.values
        errors: list[tuple[str, str | Promise]] = [
            (column, REQUIRED) for column in STATUS_COLUMNS if not values.get(column)
        ]
        if errors:
            return errors, None
        goal = goals.get((values["agenda"].strip(), values["code"].strip().upper()))
        status = _status_value(values["status"])
        date = _parse_date(values["datum"])
        if goal is None:
            errors.append(("code", UNKNOWN_GOAL))
        if status is None:
            errors.append(("status", UNKNOWN_STATUS % {"choices": choices}))
        if date is None:
            errors.append(("datum", BAD_DATE))
        elif date > timezone.localdate():
            errors.append(("datum", DATE_IN_FUTURE))
        if errors:
            return errors, None
        assert goal is not None and status is not None and date is not None  # each was checked above
        return errors, lambda: status_update_create(
            goal=goal, status=status, date=date, note=values.get("toelichting", ""), author=author
        )

    return _import(rows, build)


def measurements_import(*, rows, recorded_by) -> ImportOutcome:
    indicators = {str(indicator.pk): indicator for indicator in Indicator.objects.all()}

    def build(row):
        values = row.values
        errors: list[tuple[str, str | Promise]] = [
            (column, REQUIRED) for column in MEASUREMENT_COLUMNS if not values.get(column)
        ]
        if errors:
            return errors, None
        indicator = indicators.get(values["indicator"].strip())
        date = _parse_date(values["datum"])
        value = _parse_decimal(values["waarde"])
        if indicator is None:
            errors.append(("indicator", UNKNOWN_INDICATOR))
        if date is None:
            errors.append(("datum", BAD_DATE))
        elif date > timezone.localdate():
            errors.append(("datum", DATE_IN_FUTURE))
        if value is None:
            errors.append(("waarde", BAD_NUMBER))
        if errors:
            return errors, None
        assert indicator is not None and date is not None and value is not None  # each was checked above
        return errors, lambda: measurement_create(
            indicator=indicator, date=date, value=value, source=values["bron"], recorded_by=recorded_by
        )

    return _import(rows, build)
