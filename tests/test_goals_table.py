"""The goals table: filters, sorting, pagination and CSV/XLSX export, also in the annex form."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.exported import csv_table
from tests.factories import (
    AgendaFactory,
    GoalLinkFactory,
    OperationalGoalFactory,
    RecommendationFactory,
    RegionFactory,
    ThemeFactory,
)

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
    text = csv_table(response.content)
    assert response["Content-Disposition"].endswith(f'operationele-doelen-drenthe-{timezone.localdate()}.csv"')
    assert text.splitlines()[0].startswith("Code;Operationeel doel;Thema;Werkagenda;Regio;Streefjaar")
    assert "VOW-1A;Scholen bewegen" in text and ";1, 2" in text and "GLP-1A" not in text


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


def test_every_logged_in_user_reads_the_goals_table_but_only_readers_of_dashboards_download_it(member_client, goals):
    page = member_client.get(URL)
    assert page.status_code == 200
    assert "_export=" not in page.content.decode()
    assert member_client.get(URL, {"_export": "csv"}).status_code == 403


def options(response, name: str) -> list[str]:
    """The labels of the options a filter dropdown renders, the empty choice first."""
    return [str(label) for _, label in response.context["filter"].form[name].field.widget.choices]


@pytest.fixture
def two_regions(db):
    """Drenthe with two agendas of two themes each, IJssel-Vecht with one agenda of one theme."""
    drenthe = RegionFactory(slug="drenthe", name="Drenthe")
    marke = AgendaFactory(region=drenthe, slug="marke", name="Gezonde Marke")
    samen = AgendaFactory(region=drenthe, slug="samen", name="Samen Gezond")
    ijssel = AgendaFactory(region__slug="ijssel-vecht", region__name="IJssel-Vecht", slug="ijssel", name="IJssel")
    themes = {
        name: ThemeFactory(agenda=agenda, name=name)
        for agenda, name in [
            (marke, "Bewegen"),
            (marke, "Voeding"),
            (samen, "Wonen"),
            (samen, "Zorg"),
            (ijssel, "Leefstijl"),
        ]
    }
    return {"marke": marke, **themes}


def test_dropdowns_list_every_agenda_and_theme_when_they_are_few(manager_client, two_regions):
    response = manager_client.get(URL)
    assert options(response, "agenda") == ["Alle agenda's", "Gezonde Marke", "IJssel", "Samen Gezond"]
    assert sorted(options(response, "thema")) == ["Alle thema's", "Bewegen", "Leefstijl", "Voeding", "Wonen", "Zorg"]


def test_too_many_themes_ask_for_a_region_first_and_the_region_narrows_them(manager_client, two_regions, monkeypatch):
    monkeypatch.setattr("workagenda.filters.CHOICES_LIMIT", 4)
    assert options(manager_client.get(URL), "thema") == ["Kies eerst een regio"]
    by_region = options(manager_client.get(URL, {"regio": "drenthe"}), "thema")
    assert sorted(by_region) == ["Alle thema's", "Bewegen", "Voeding", "Wonen", "Zorg"]
    by_agenda = options(manager_client.get(URL, {"agenda": "marke"}), "thema")
    assert sorted(by_agenda) == ["Alle thema's", "Bewegen", "Voeding"]


def test_too_many_agendas_ask_for_a_region_first(manager_client, two_regions, monkeypatch):
    monkeypatch.setattr("workagenda.filters.CHOICES_LIMIT", 2)
    assert options(manager_client.get(URL), "agenda") == ["Kies eerst een regio"]
    assert options(manager_client.get(URL, {"regio": "drenthe"}), "agenda") == [
        "Alle agenda's",
        "Gezonde Marke",
        "Samen Gezond",
    ]


def test_a_chosen_theme_outside_the_narrowed_list_stays_chosen(manager_client, two_regions, monkeypatch):
    monkeypatch.setattr("workagenda.filters.CHOICES_LIMIT", 4)
    chosen = two_regions["Leefstijl"]
    response = manager_client.get(URL, {"thema": chosen.pk})
    assert options(response, "thema") == ["Kies eerst een regio", "Leefstijl"]
    assert f'<option value="{chosen.pk}" selected>Leefstijl</option>' in response.content.decode()


def test_many_recommendations_are_typed_by_number(manager_client, goals, monkeypatch):
    monkeypatch.setattr("workagenda.filters.CHOICES_LIMIT", 1)
    response = manager_client.get(URL, {"aanbeveling": "2"})
    page = response.content.decode()
    assert '<input type="number" name="aanbeveling" value="2" min="1"' in page
    assert "Nummer van een gekoppelde aanbeveling" in page
    assert sorted(codes(response)) == ["GLP-1A", "VOW-1A"]


def test_query_count_does_not_grow_with_agendas_themes_and_recommendations(manager_client, two_regions, monkeypatch):
    monkeypatch.setattr("workagenda.filters.CHOICES_LIMIT", 4)

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            manager_client.get(URL)
        return len(context.captured_queries)

    small = count()
    ThemeFactory.create_batch(5, agenda=two_regions["marke"])
    AgendaFactory.create_batch(5, region=two_regions["marke"].region)
    RecommendationFactory.create_batch(5)
    assert count() == small
