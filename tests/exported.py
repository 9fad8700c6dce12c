"""Reading back the files the product exports, for the tests of those exports."""

import csv
import io

from tabular.writing import BOM


def csv_table(content: bytes | str) -> str:
    """The table of an exported CSV: the text below the lines that say what the file holds."""
    text = content.decode("utf-8") if isinstance(content, bytes) else content
    about, separator, table = text.removeprefix(BOM).partition("\r\n\r\n")
    return table if separator else about


def csv_records(content: bytes | str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(csv_table(content)), delimiter=";"))
