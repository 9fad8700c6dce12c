"""Reads uploaded CSV and XLSX files into rows, for the all-or-nothing importers.

Importers validate every row before writing anything; this module only turns a file
into numbered rows and refuses files it cannot read, with a Dutch message. Row numbers
are the ones a user sees in the spreadsheet: the header is row 1."""

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000

FILE_TOO_LARGE = _("The file is larger than 5 MB. Split it into smaller files.")
FILE_TYPE_UNKNOWN = _("Upload a .csv or .xlsx file.")
FILE_UNREADABLE = _("The file could not be read. Save it again as CSV (UTF-8) or Excel (.xlsx) and retry.")
FILE_EMPTY = _("The file has no rows below the header.")
TOO_MANY_ROWS = _("The file has more than 20,000 rows. Split it into smaller files.")
MISSING_COLUMNS = _("These columns are missing from the first row: %(columns)s.")


class TableReadError(Exception):
    """The file as a whole cannot be imported; nothing was changed."""


@dataclass(frozen=True)
class Row:
    number: int
    values: dict[str, str]


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportOutcome:
    """What an importer did, or why it did nothing."""

    errors: list[RowError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableReadError(FILE_UNREADABLE)


def _csv_rows(raw: bytes) -> list[list[str]]:
    text = _decode(raw)
    if "\x00" in text:
        # NUL is no text character: PostgreSQL refuses to store it, so the file is not a sheet of text.
        raise TableReadError(FILE_UNREADABLE)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    try:
        return [[_cell_text(cell) for cell in row] for row in csv.reader(io.StringIO(text, newline=""), dialect)]
    except csv.Error as error:  # e.g. a line break inside an unquoted cell, or a cell over 128 kB
        raise TableReadError(FILE_UNREADABLE) from error


def _xlsx_rows(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise TableReadError(FILE_UNREADABLE) from error
    sheet = workbook.worksheets[0]
    rows = [[_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def read_rows(uploaded, *, required: list[str], optional: tuple[str, ...] = ()) -> list[Row]:
    """The data rows of an uploaded .csv or .xlsx file, keyed by the header's column names.

    Column names are matched case-insensitively; unknown columns are ignored, and
    completely empty rows are skipped."""
    name = (getattr(uploaded, "name", "") or "").lower()
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise TableReadError(FILE_TOO_LARGE)
    raw = uploaded.read()
    if name.endswith(".csv"):
        table = _csv_rows(raw)
    elif name.endswith(".xlsx"):
        table = _xlsx_rows(raw)
    else:
        raise TableReadError(FILE_TYPE_UNKNOWN)
    if not table:
        raise TableReadError(FILE_EMPTY)
    header = [cell.strip().lower() for cell in table[0]]
    missing = [column for column in required if column.lower() not in header]
    if missing:
        raise TableReadError(MISSING_COLUMNS % {"columns": ", ".join(missing)})
    wanted = {column.lower(): column for column in (*required, *optional)}
    positions = {wanted[cell]: index for index, cell in enumerate(header) if cell in wanted}
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cells):
            continue
        values = {column: cells[index] if index < len(cells) else "" for column, index in positions.items()}
        rows.append(Row(number=number, values=values))
    if not rows:
        raise TableReadError(FILE_EMPTY)
    if len(rows) > MAX_ROWS:
        raise TableReadError(TOO_MANY_ROWS)
    return rows


# ---------------------------------------------------------------- workbooks with named sheets

WORKBOOK_FILE_TYPE = _("Upload one .xlsx workbook, or one .csv file per sheet named after the sheet (themas.csv).")


def _xlsx_sheets(raw: bytes) -> dict[str, list[list[str]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise TableReadError(FILE_UNREADABLE) from error
    sheets = {}
    for sheet in workbook.worksheets:
        sheets[sheet.title.strip().lower()] = [
            [_cell_text(cell) for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
    workbook.close()
    return sheets


def read_sheets(uploads: list) -> dict[str, list[list[str]]]:
    """Every sheet of one uploaded .xlsx workbook, or of several .csv files (one per sheet, the
    file name naming the sheet), as tables of text by lower-case sheet name; header included."""
    if sum(upload.size for upload in uploads) > MAX_UPLOAD_BYTES:
        raise TableReadError(FILE_TOO_LARGE)
    names = [(getattr(upload, "name", "") or "").lower() for upload in uploads]
    if len(uploads) == 1 and names[0].endswith(".xlsx"):
        sheets = _xlsx_sheets(uploads[0].read())
    elif uploads and all(name.endswith(".csv") for name in names):
        sheets = {
            name.rsplit("/", 1)[-1][: -len(".csv")]: _csv_rows(upload.read())
            for name, upload in zip(names, uploads, strict=True)
        }
    else:
        raise TableReadError(WORKBOOK_FILE_TYPE)
    if sum(max(len(table) - 1, 0) for table in sheets.values()) > MAX_ROWS:
        raise TableReadError(TOO_MANY_ROWS)
    return sheets


def sheet_rows(table: list[list[str]], *, required: list[str], optional: tuple[str, ...] = ()) -> list[Row]:
    """The data rows of one sheet's table, keyed by column name as read_rows does; an empty
    sheet gives no rows, a missing column raises TableReadError."""
    if not table:
        return []
    header = [cell.strip().lower() for cell in table[0]]
    missing = [column for column in required if column.lower() not in header]
    if missing:
        raise TableReadError(MISSING_COLUMNS % {"columns": ", ".join(missing)})
    wanted = {column.lower(): column for column in (*required, *optional)}
    positions = {wanted[cell]: index for index, cell in enumerate(header) if cell in wanted}
    return [
        Row(
            number=number,
            values={column: cells[index] if index < len(cells) else "" for column, index in positions.items()},
        )
        for number, cells in enumerate(table[1:], start=2)
        if any(cells)
    ]
