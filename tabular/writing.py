"""The one way the product writes CSV and XLSX files: pages, commands and import templates.

Every file goes through tablib. A CSV uses the dialect Dutch Excel opens with its columns
intact (a semicolon and a byte order mark); an XLSX names its sheets. A file can say what it
holds (its filters, the date, whether the data are the demo): in an XLSX on a second sheet, in
a CSV in the lines above the table, separated from it by one empty line. Every cell is made
inert before it is written, so a text a user typed can never run as a spreadsheet formula."""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
FORMATS = tuple(CONTENT_TYPES)
CSV_DELIMITER = ";"
BOM = "\ufeff"
# Excel and LibreOffice start a formula with any of these; tab and carriage return hide one.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A number a user would type as text ("-3", "+31", "-1,5") is data, not a formula.
PLAIN_NUMBER = re.compile(r"^[-+]?[0-9]+([.,][0-9]+)?$")
# Excel allows at most 31 characters in a sheet name.
SHEET_NAME_LIMIT = 31
ABOUT_SHEET = _("About this file")
DATE_LABEL = _("Made on")


def inert(value):
    """The value as a spreadsheet shows it but never runs it: a text that would start a
    formula gets a leading apostrophe, as defusedcsv does; numbers, dates and empty cells stay."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | Decimal | date):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


@dataclass(frozen=True)
class Table:
    """One table to download: its file name stem, sheet name, header and rows.

    about lists (label, value) lines that say what the file holds; tags are the parts of the
    file name that name its filters (a region slug, a theme code, a year)."""

    name: str
    sheet: str
    columns: Sequence[str]
    rows: Iterable[Sequence]
    about: Sequence[tuple[str, str]] = ()
    tags: Sequence[str] = field(default_factory=tuple)
    dated: bool = True


def _dataset(*, title: str, headers: Sequence[str] | None, rows: Iterable[Sequence]):
    import tablib

    dataset = tablib.Dataset(title=str(title)[:SHEET_NAME_LIMIT])
    if headers is not None:
        dataset.headers = [inert(str(header)) for header in headers]
    for row in rows:
        dataset.append([inert(cell) for cell in row])
    return dataset


def _about_rows(table: Table, today: date) -> list[tuple[str, str]]:
    if not table.dated:
        return list(table.about)
    return [*table.about, (str(DATE_LABEL), today.isoformat())]


def table_bytes(table: Table, fmt: str, *, today: date | None = None) -> bytes:
    today = today or timezone.localdate()
    data = _dataset(title=table.sheet, headers=table.columns, rows=table.rows)
    about = _about_rows(table, today)
    if fmt == "csv":
        text = data.export("csv", delimiter=CSV_DELIMITER)
        if about:
            lines = _dataset(title=str(ABOUT_SHEET), headers=None, rows=about).export("csv", delimiter=CSV_DELIMITER)
            text = lines + "\r\n" + text
        return (BOM + text).encode("utf-8")
    if fmt != "xlsx":
        raise ValueError(fmt)
    import tablib

    sheets = [data]
    if about:
        sheets.append(_dataset(title=str(ABOUT_SHEET), headers=None, rows=about))
    return tablib.Databook(sheets).export("xlsx")


def table_filename(table: Table, fmt: str, *, today: date | None = None) -> str:
    """The file name with the filters and the date, e.g. verankering-dekking-drenthe-2026-12-01.csv."""
    parts = [table.name, *(slugify(str(tag)) for tag in table.tags if str(tag))]
    if table.dated:
        parts.append((today or timezone.localdate()).isoformat())
    return f"{'-'.join(part for part in parts if part)}.{fmt}"


def table_download(table: Table, fmt: str) -> HttpResponse:
    today = timezone.localdate()
    response = HttpResponse(table_bytes(table, fmt, today=today), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{table_filename(table, fmt, today=today)}"'
    return response


def csv_text(table: Table, *, today: date | None = None) -> str:
    """The CSV as text, for a command that writes to its output."""
    return table_bytes(table, "csv", today=today).decode("utf-8")


def table_values(table) -> tuple[list[str], list[list]]:
    """The header and rows of a django-tables2 table, as its export would give them."""
    values = list(table.as_values())
    return [str(header) for header in values[0]], [list(row) for row in values[1:]]
