"""Writes downloadable template files for the importers."""

import csv
import io

from django.http import HttpResponse

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_bytes(*, columns: list[str], rows: list[list], fmt: str) -> bytes:
    if fmt == "csv":
        buffer = io.StringIO()
        # A semicolon and a BOM let Dutch Excel open the file with its columns intact.
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(columns)
        writer.writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def table_download(*, filename: str, columns: list[str], rows: list[list], fmt: str) -> HttpResponse:
    response = HttpResponse(table_bytes(columns=columns, rows=rows, fmt=fmt), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response


def workbook_bytes(*, sheets: list[tuple[str, list[str], list[list]]]) -> bytes:
    """An XLSX workbook with one named sheet per (name, columns, rows).

    A text starting with "=" is stored as text, not as a formula: it reads back unchanged
    and a spreadsheet never runs it."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, columns, rows in sheets:
        sheet = workbook.create_sheet(title=name)
        sheet.append(columns)
        for row in rows:
            sheet.append(row)
            for cell in sheet[sheet.max_row]:
                if cell.data_type == "f":
                    cell.data_type = "s"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
