"""Reads uploaded CSV and XLSX files into rows, for the all-or-nothing importers.

Importers validate every row before writing anything; this module only turns a file
into numbered rows and refuses files it cannot read, with a Dutch message. Row numbers
are the ones a user sees in the spreadsheet: the header is row 1."""

import csv
import io
import re
import zipfile
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 20_000
# Empty rows are skipped, but reading them costs time too: past this many rows in all, a file is refused.
MAX_READ_ROWS = 2 * MAX_ROWS
# An XLSX is a zip: 5 MB of it can unpack to gigabytes. No sheet of 20,000 rows needs more than this.
MAX_SHEET_BYTES = 100 * 1024 * 1024
READ_CHUNK_BYTES = 1024 * 1024
# A row element of a sheet's XML, with or without a namespace prefix.
ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>]")

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


def _csv_rows(raw: bytes) -> Generator[list[str]]:
    text = _decode(raw)
    if "\x00" in text:
        # NUL is no text character: PostgreSQL refuses to store it, so the file is not a sheet of text.
        raise TableReadError(FILE_UNREADABLE)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    try:
        for row in csv.reader(io.StringIO(text, newline=""), dialect):
            yield [_cell_text(cell) for cell in row]
    except csv.Error as error:  # e.g. a line break inside an unquoted cell, or a cell over 128 kB
        raise TableReadError(FILE_UNREADABLE) from error


def _count_sheet_rows(raw: bytes) -> None:
    """Refuse a workbook with a sheet of too many rows before openpyxl opens it.

    Opening a sheet, openpyxl looks for its size and, when the file does not state it up
    front, parses the whole sheet to find it: 400,000 rows took half a minute. Counting the
    row elements in the unpacked XML takes a fraction of a second and stops at the limit."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError) as error:
        raise TableReadError(FILE_UNREADABLE) from error
    for info in archive.infolist():
        if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
            _count_rows_in(archive, info)


def _count_rows_in(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    rows = size = 0
    tail = b""  # the end of the previous chunk, so that a row tag split between chunks is seen
    try:
        with archive.open(info) as member:
            while chunk := member.read(READ_CHUNK_BYTES):
                size += len(chunk)
                if size > MAX_SHEET_BYTES:
                    raise TableReadError(FILE_TOO_LARGE)
                rows += len(ROW_TAG.findall(tail + chunk)) - len(ROW_TAG.findall(tail))
                if rows > MAX_READ_ROWS + 1:
                    raise TableReadError(TOO_MANY_ROWS)
                tail = chunk[-64:]
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as error:
        raise TableReadError(FILE_UNREADABLE) from error


def _xlsx_rows(raw: bytes) -> Generator[list[str]]:
    """The sheet's rows one at a time, as openpyxl streams them: a reader that stops early
    (at the row limit) never makes it parse the rest of a huge sheet."""
    from openpyxl import load_workbook

    _count_sheet_rows(raw)
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for damaged files
        raise TableReadError(FILE_UNREADABLE) from error
    try:
        for row in workbook.worksheets[0].iter_rows(values_only=True):
            yield [_cell_text(cell) for cell in row]
    except Exception as error:  # damage further down the sheet shows only while reading it
        raise TableReadError(FILE_UNREADABLE) from error
    finally:
        workbook.close()


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
    try:
        return _keyed_rows(table, required=required, optional=optional)
    finally:
        table.close()  # stops the reading where it is, and lets openpyxl close the workbook


def _keyed_rows(table: Iterator[list[str]], *, required: list[str], optional: tuple[str, ...]) -> list[Row]:
    """Reads no further than the row limit: one row past it refuses the file."""
    header_cells = next(table, None)
    if header_cells is None:
        raise TableReadError(FILE_EMPTY)
    header = [cell.strip().lower() for cell in header_cells]
    missing = [column for column in required if column.lower() not in header]
    if missing:
        raise TableReadError(MISSING_COLUMNS % {"columns": ", ".join(missing)})
    wanted = {column.lower(): column for column in (*required, *optional)}
    positions = {wanted[cell]: index for index, cell in enumerate(header) if cell in wanted}
    rows: list[Row] = []
    for number, cells in enumerate(table, start=2):
        if number > MAX_READ_ROWS + 1:
            raise TableReadError(TOO_MANY_ROWS)
        if not any(cells):
            continue
        if len(rows) == MAX_ROWS:
            raise TableReadError(TOO_MANY_ROWS)
        values = {column: cells[index] if index < len(cells) else "" for column, index in positions.items()}
        rows.append(Row(number=number, values=values))
    if not rows:
        raise TableReadError(FILE_EMPTY)
    return rows
