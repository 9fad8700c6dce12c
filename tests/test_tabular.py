"""Reading uploaded spreadsheets: CSV in Dutch Excel dialects, XLSX, and clear refusals."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tabular import reading, writing


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def template(columns: list[str], rows: list[list]) -> writing.Table:
    """A file as the import templates write it: the header on the first row."""
    return writing.Table(name="doelen", sheet="Doelen", columns=columns, rows=rows, dated=False)


def test_semicolon_csv_with_bom_as_dutch_excel_saves_it():
    content = writing.table_bytes(template(["Code", "Tekst"], [["VOW-1A", "Eén doel"]]), "csv")
    rows = reading.read_rows(upload("doelen.csv", content), required=["code", "tekst"])
    assert rows == [reading.Row(number=2, values={"code": "VOW-1A", "tekst": "Eén doel"})]


def test_comma_csv_in_windows_encoding():
    content = "code,tekst\nGL-2B,Café\n".encode("cp1252")
    rows = reading.read_rows(upload("doelen.csv", content), required=["code", "tekst"])
    assert rows[0].values["tekst"] == "Café"


def test_xlsx_round_trip_keeps_row_numbers_and_skips_empty_rows():
    content = writing.table_bytes(template(["code", "jaar"], [["A", 2027], [None, None], ["B", 2030]]), "xlsx")
    rows = reading.read_rows(upload("doelen.xlsx", content), required=["code", "jaar"])
    assert [(row.number, row.values["jaar"]) for row in rows] == [(2, "2027"), (4, "2030")]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("doelen.txt", b"code\nA\n", reading.FILE_TYPE_UNKNOWN),
        ("doelen.csv", b"code\n", reading.FILE_EMPTY),
        ("doelen.csv", b"tekst\nA\n", reading.MISSING_COLUMNS % {"columns": "code"}),
        ("doelen.xlsx", b"not a spreadsheet", reading.FILE_UNREADABLE),
    ],
)
def test_unreadable_files_are_refused_with_a_dutch_message(name, content, message):
    with pytest.raises(reading.TableReadError) as refused:
        reading.read_rows(upload(name, content), required=["code"])
    assert str(refused.value.args[0]) == str(message)


def test_large_files_are_refused(monkeypatch):
    monkeypatch.setattr(reading, "MAX_UPLOAD_BYTES", 10)
    with pytest.raises(reading.TableReadError):
        reading.read_rows(upload("doelen.csv", b"code\nABCDEFGHIJKLMNOP\n"), required=["code"])


def _long_xlsx(rows: int) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["code"])
    for number in range(rows):
        sheet.append([f"A{number}"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_a_long_xlsx_is_refused_after_reading_one_row_past_the_limit(monkeypatch):
    # An XLSX of 400,000 rows held a worker for half a minute before the limit refused it:
    # now the sheet is streamed and reading stops one row past the limit.
    monkeypatch.setattr(reading, "MAX_ROWS", 100)  # the sheet's 5,000 rows pass the count of row elements
    read = []
    streamed = reading._xlsx_rows

    def counted(raw):
        for row in streamed(raw):
            read.append(row)
            yield row

    monkeypatch.setattr(reading, "_xlsx_rows", counted)
    with pytest.raises(reading.TableReadError) as refused:
        reading.read_rows(upload("doelen.xlsx", _long_xlsx(5_000)), required=["code"])
    assert str(refused.value) == str(reading.TOO_MANY_ROWS)
    assert len(read) == 1 + 100 + 1  # the header, the rows allowed and the one too many


def test_a_file_of_mostly_empty_rows_is_refused_once_it_has_too_many_rows_in_all(monkeypatch):
    monkeypatch.setattr(reading, "MAX_READ_ROWS", 50)
    content = ("code\n" + "A\n" + ";\n" * 5_000).encode()
    with pytest.raises(reading.TableReadError):
        reading.read_rows(upload("doelen.csv", content), required=["code"])


def test_exactly_the_limit_is_still_read(monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 100)
    rows = reading.read_rows(upload("doelen.xlsx", _long_xlsx(100)), required=["code"])
    assert len(rows) == 100 and rows[-1].number == 101


def test_a_long_xlsx_is_refused_before_openpyxl_parses_the_sheet(monkeypatch):
    # openpyxl parses a whole sheet to find its size when the file does not state it (as
    # this one, written in write-only mode, does not): the row elements are counted first.
    monkeypatch.setattr(reading, "MAX_READ_ROWS", 200)
    opened = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *args, **kwargs: opened.append(1))
    with pytest.raises(reading.TableReadError) as refused:
        reading.read_rows(upload("doelen.xlsx", _long_xlsx(5_000)), required=["code"])
    assert str(refused.value) == str(reading.TOO_MANY_ROWS)
    assert opened == []


@pytest.mark.parametrize("chunk", [7, 1024])
def test_the_row_count_sees_rows_with_a_namespace_prefix_and_across_chunk_borders(monkeypatch, chunk):
    monkeypatch.setattr(reading, "READ_CHUNK_BYTES", chunk)
    row = b'<x:row r="1"><x:c t="s"><x:v>0</x:v></x:c></x:row>'
    for rows, refused in ((299, False), (302, True)):
        monkeypatch.setattr(reading, "MAX_READ_ROWS", 300)  # refused past 301 rows: the header and 300
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("xl/worksheets/sheet1.xml", b"<x:worksheet><x:sheetData>" + row * rows + b"</x:sheetData>")
        if refused:
            with pytest.raises(reading.TableReadError):
                reading._count_sheet_rows(buffer.getvalue())
        else:
            reading._count_sheet_rows(buffer.getvalue())
