"""Every CSV and XLSX the product writes, from a page or a command: one dialect, named sheets,
file names with filters and date, the filters and demo label in the file, and no live formula.

A text a user typed (a goal, a theme name, a short title, an indicator name) that starts
with =, +, - or @ would run as a formula in Excel; every exported cell is made inert."""

import csv
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from monitoring.models import Indicator
from prioritisation.services import BallotChoice, ballot_submit
from seeddata.models import DemoDataset
from tabular import writing
from tests.factories import (
    GoalGroupFactory,
    GoalLinkFactory,
    OperationalGoalFactory,
    RecommendationFactory,
    RoundFactory,
    ThemeFactory,
)

PAYLOADS = ['=HYPERLINK("http://x")', "+1+cmd|'/c calc'!A0", "-2+3", "@SUM(1,1)", "\t=1+1", "\r=1+1"]
FORMULA_START = re.compile(r"^[=+\-@\t\r]")


def is_live(value) -> bool:
    """A cell text a spreadsheet would run: it starts a formula and is not a plain number."""
    return isinstance(value, str) and bool(FORMULA_START.match(value)) and not writing.PLAIN_NUMBER.match(value)


@pytest.fixture
def hostile(db, member):
    """Every user-typed text that reaches an export starts a formula."""
    theme = ThemeFactory(
        code="VOW",
        name=PAYLOADS[0],
        agenda__slug="gm",
        agenda__name=PAYLOADS[3],
        agenda__region__slug="drenthe",
        agenda__region__name=PAYLOADS[2],
    )
    recommendations = [RecommendationFactory(number=n, short_title=PAYLOADS[n % len(PAYLOADS)]) for n in (1, 2, 3, 4)]
    group = GoalGroupFactory(theme=theme, number=1)
    goals = [
        OperationalGoalFactory(group=group, letter=letter, text=payload)
        for letter, payload in zip("ABCDEF", PAYLOADS, strict=True)
    ]
    for goal in goals:
        GoalLinkFactory(goal=goal, recommendation=recommendations[0])
    Indicator.objects.create(
        goal=goals[0], name=PAYLOADS[1], kind="output", unit="%", direction="higher", target_value=50
    )
    round = RoundFactory(name="=Ronde", participants=[member])
    choices = [BallotChoice("importance", n, "") for n in (1, 2, 3)]
    choices += [BallotChoice("urgency", n, "") for n in (2, 3, 4)]
    ballot_submit(round=round, member=member, choices=choices)
    round.closes_at = timezone.now() - timezone.timedelta(minutes=1)
    round.save()
    return {"theme": theme, "round": round}


def page_exports(hostile) -> list[tuple[str, dict]]:
    round_url = reverse("prioritisation:results", args=[hostile["round"].pk])
    urls = []
    for fmt in writing.FORMATS:
        urls += [(reverse("coverage:export", args=[name, fmt]), {}) for name in ("dekking", "heatmap", "regios")]
        urls += [
            (reverse("workagenda:goals"), {"_export": fmt}),
            (reverse("workagenda:goals"), {"_export": fmt, "vorm": "bijlage"}),
            (round_url, {"_export": fmt}),
            (reverse("workagenda:goal_import_template", args=[fmt]), {}),
            (reverse("monitoring:import-template", args=["status", fmt]), {}),
            (reverse("monitoring:import-template", args=["metingen", fmt]), {}),
        ]
    return urls


def cells(content: bytes, fmt: str) -> list:
    if fmt == "csv":
        text = content.decode("utf-8")
        assert text.startswith(writing.BOM)
        return [cell for row in csv.reader(io.StringIO(text[1:]), delimiter=";") for cell in row]
    workbook = load_workbook(io.BytesIO(content))
    found = []
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                found.append(cell.value)
    return found


def test_every_export_url_writes_every_cell_inert(admin_client, hostile):
    exports = page_exports(hostile)
    assert len(exports) == 18
    for url, params in exports:
        response = admin_client.get(url, params)
        assert response.status_code == 200, url
        fmt = "csv" if response["Content-Type"].startswith("text/csv") else "xlsx"
        found = cells(response.content, fmt)
        assert not [value for value in found if is_live(value)], (url, params)
        if "sjabloon-metingen" in url:  # the indicator name reaches the file, made inert
            assert "'" + PAYLOADS[1] in found


@pytest.mark.parametrize(
    "command, args",
    [("export_coverage", []), ("export_goals", []), ("export_priorities", ["--round", "=Ronde", "--with-coverage"])],
)
def test_every_export_command_writes_every_cell_inert(hostile, command, args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    found = cells(out.getvalue().encode("utf-8"), "csv")
    assert found
    assert not [value for value in found if is_live(value)]


def test_goal_text_stays_readable_after_the_apostrophe(manager_client, hostile):
    response = manager_client.get(reverse("workagenda:goals"), {"_export": "csv"})
    found = cells(response.content, "csv")
    assert "'" + PAYLOADS[0] in found
    assert "'-2+3" in found  # a formula, not the number -2
    assert writing.inert("-2") == "-2"
    assert writing.inert(-2) == -2


def test_csv_says_its_filters_and_date_above_the_table_with_semicolons(manager_client, hostile):
    response = manager_client.get(reverse("coverage:export", args=["dekking", "csv"]), {"regio": "drenthe"})
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="verankering-dekking-drenthe-{today}.csv"'
    text = response.content.decode("utf-8")
    assert text.startswith(writing.BOM)
    about, table = text[1:].split("\r\n\r\n", 1)
    assert about.splitlines() == ["Filters;regio -2+3", f"Gemaakt op;{today}"]
    assert table.splitlines()[0] == "Aanbeveling;Korte titel;Gekoppelde operationele doelen"


def test_xlsx_names_its_sheets_and_says_its_filters_and_demo(manager_client, hostile):
    DemoDataset.objects.create()
    response = manager_client.get(
        reverse("workagenda:goals"), {"_export": "xlsx", "thema": hostile["theme"].pk, "doeljaar": 2027}
    )
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="operationele-doelen-vow-2027-{today}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Operationele doelen", "Over dit bestand"]
    about = {row[0]: row[1] for row in workbook["Over dit bestand"].iter_rows(values_only=True)}
    assert about["Filters"] == 'thema VOW =HYPERLINK("http://x"), streefjaar 2027'
    assert about["Demogegevens"].startswith("De stemmen en koppelingen in dit bestand zijn verzonnen")
    assert about["Gemaakt op"] == today
    header = next(workbook["Operationele doelen"].iter_rows(values_only=True))
    assert header[:2] == ("Code", "Operationeel doel")


def test_import_templates_start_with_their_header_so_they_read_back(advisor_client, hostile):
    response = advisor_client.get(reverse("workagenda:goal_import_template", args=["csv"]))
    assert response["Content-Disposition"] == 'attachment; filename="operationele-doelen-importeren.csv"'
    assert response.content.decode("utf-8-sig").startswith("regio;agenda;thema")


def test_command_csv_uses_the_pages_dialect_and_names_its_filters(hostile):
    out = io.StringIO()
    call_command("export_coverage", "--theme", "VOW", stdout=out)
    text = out.getvalue()
    about, table = text.lstrip(writing.BOM).split("\r\n\r\n", 1)
    assert next(csv.reader(io.StringIO(about), delimiter=";")) == ["Filters", 'thema VOW =HYPERLINK("http://x")']
    assert table.splitlines()[0] == "number;short_title;linked_goals"
