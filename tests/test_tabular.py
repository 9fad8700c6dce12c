"""Reading uploaded spreadsheets: CSV in Dutch Excel dialects, XLSX, and clear refusals."""

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
