"""The goals table: filters, sorting, pagination and CSV/XLSX export, also in the annex form."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import GoalLinkFactory, OperationalGoalFactory, RecommendationFactory, ThemeFactory

URL = reverse("workagenda:goals")


@pytest.fixture
def goals(db):
    recs = {number: RecommendationFactory(number=number) for number in (1, 2)}
    north = ThemeFactory(code="VOW", agenda__slug="noord", agenda__region__slug="drenthe")
    south = ThemeFactory(code="GLP", agenda__slug="zuid", agenda__region__slug="ijssel-vecht")
    school = OperationalGoalFactory(
        group__theme=north, group__number=1, letter="A", text="Scholen bewegen", target_year=2026
    )
    care = OperationalGoalFactory(
        group__theme=north, group__number=2, letter="B", text="Zorg dichtbij", target_year=2028
    )
    other = OperationalGoalFactory(
        group__theme=south, group__number=1, letter="A", text="Gezond leven", target_year=2026
    )
    GoalLinkFactory(goal=school, recommendation=recs[1])
    GoalLinkFactory(goal=school, recommendation=recs[2])
    GoalLinkFactory(goal=other, recommendation=recs[2])
    return {"school": school, "care": care, "other": other, "north": north}


def codes(response):
    return [row.record.code for row in response.context["table"].paginated_rows]


@pytest.mark.parametrize(
    "query, expected",
    [
        ({}, ["VOW-1A", "VOW-2B", "GLP-1A"]),
        ({"regio": "drenthe"}, ["VOW-1A", "VOW-2B"]),
        ({"agenda": "zuid"}, ["GLP-1A"]),
        ({"doeljaar": "2028"}, ["VOW-2B"]),
        ({"aanbeveling": "2"}, ["VOW-1A", "GLP-1A"]),
        ({"zonder": "on"}, ["VOW-2B"]),
        ({"zoek": "vow-2b"}, ["VOW-2B"]),
        ({"zoek": "scholen"}, ["VOW-1A"]),
    ],
)
def test_every_filter(manager_client, goals, query, expected):
    assert sorted(codes(manager_client.get(URL, query))) == sorted(expected)


def test_theme_filter(manager_client, goals):
    assert codes(manager_client.get(URL, {"thema": goals["north"].pk})) == ["VOW-1A", "VOW-2B"]


def test_csv_export_lists_goals_with_linked_numbers(manager_client, goals):
    response = manager_client.get(URL, {"_export": "csv", "regio": "drenthe"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Disposition"].endswith('operationele-doelen.csv"')
    assert text.splitlines()[0].startswith("Code,Operationeel doel,Thema,Werkagenda,Regio,Streefjaar")
    assert "VOW-1A,Scholen bewegen" in text and '"1, 2"' in text and "GLP-1A" not in text


def test_annex_export_has_a_column_per_recommendation(manager_client, goals):
    response = manager_client.get(URL, {"_export": "xlsx", "vorm": "bijlage"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell or "" for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Code", "Operationeel doel", "1", "2"]
    assert ["VOW-1A", "Scholen bewegen", "x", "x"] in rows
    assert ["VOW-2B", "Zorg dichtbij", "", ""] in rows
    assert ["GLP-1A", "Gezond leven", "", "x"] in rows


def test_table_query_count_does_not_grow(manager_client, goals, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as context:
            manager_client.get(URL)
        return len(context.captured_queries)

    small = count()
    for number in range(3, 40):
        GoalLinkFactory(goal__group=goals["care"].group, goal__letter=chr(ord("A") + number % 26) * (1 + number // 26))
    assert count() == small


def test_member_may_not_open_the_goals_table(member_client, goals):
    assert member_client.get(URL).status_code == 403
