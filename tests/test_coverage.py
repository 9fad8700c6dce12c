"""Anchoring dashboards: coverage counts distinct goals, filters, heatmap, regions, orphans, charts."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from coverage import charts, selectors, views
from recommendations.models import Recommendation
from tests.exported import csv_table
from tests.factories import (
    GoalLinkFactory,
    OperationalGoalFactory,
    RecommendationFactory,
    RegionFactory,
    ThemeFactory,
)
from workagenda.models import GoalLink, OperationalGoal, Theme
from workagenda.selectors import GoalScope

DASHBOARD = reverse("coverage:dashboard")


@pytest.fixture
def linked(db):
    recs = {number: RecommendationFactory(number=number, short_title=f"Titel {number}") for number in (1, 2, 3)}
    vow = ThemeFactory(code="VOW", name="Vitaal", agenda__region__slug="drenthe", agenda__region__name="Drenthe")
    glp = ThemeFactory(code="GLP", name="Leefstijl", agenda__region__slug="ijv", agenda__region__name="IJssel-Vecht")
    a = OperationalGoalFactory(group__theme=vow, letter="A", target_year=2026)
    b = OperationalGoalFactory(group__theme=vow, letter="B", target_year=2028)
    c = OperationalGoalFactory(group__theme=glp, letter="A", target_year=2026)
    OperationalGoalFactory(group__theme=glp, letter="B", target_year=2026)
    for goal, number in [(a, 1), (b, 1), (c, 1), (a, 2)]:
        GoalLinkFactory(goal=goal, recommendation=recs[number])
    return {"vow": vow, "glp": glp, "recs": recs, "a": a}


def counts(scope=None):
    return {row.number: row.linked_goals for row in selectors.recommendation_coverage(scope=scope)}


def test_coverage_counts_distinct_goals_and_filters(linked):
    assert counts() == {1: 3, 2: 1, 3: 0}
    assert counts(GoalScope(theme=linked["vow"])) == {1: 2, 2: 1, 3: 0}
    assert counts(GoalScope(region=linked["glp"].agenda.region)) == {1: 1, 2: 0, 3: 0}
    assert counts(GoalScope(agenda=linked["vow"].agenda)) == {1: 2, 2: 1, 3: 0}
    assert counts(GoalScope(target_year=2026)) == {1: 2, 2: 1, 3: 0}


def test_heatmap_comparison_and_orphans(linked):
    heatmap = selectors.theme_heatmap()
    assert [(row.theme.code, row.counts) for row in heatmap.rows] == [("VOW", [2, 1, 0]), ("GLP", [1, 0, 0])]
    comparison = selectors.region_comparison()
    assert [region.goal_count for region in comparison.regions] == [2, 2]
    assert [(share.count, share.share) for share in comparison.rows[0].regions] == [(2, 1.0), (1, 0.5)]
    orphans = {item.theme.code: item for item in selectors.theme_orphans().themes}
    assert [rec.number for rec in orphans["VOW"].recommendations] == [3]
    assert [rec.number for rec in orphans["GLP"].recommendations] == [2, 3]
    assert [goal.code for goal in orphans["GLP"].goals] == [f"GLP-{orphans['GLP'].goals[0].group.number}B"]


def test_dashboard_shows_tables_charts_and_downloads(manager_client, linked):
    page = manager_client.get(DASHBOARD, {"regio": "drenthe"}).content.decode()
    assert "Vertegenwoordiging aanbevelingen in operationele doelen (Drenthe)" in page
    assert 'alt="Liggend staafdiagram' in page
    assert "/verankering/grafiek/dekking.png?regio=drenthe" in page
    assert "/verankering/export/heatmap.xlsx?regio=drenthe" in page


def test_unknown_filter_is_refused_in_dutch(manager_client, linked):
    response = manager_client.get(DASHBOARD, {"regio": "nergens"})
    assert response.status_code == 400
    assert "Deze filters kunnen niet worden gebruikt" in response.content.decode()
    assert manager_client.get(reverse("coverage:chart", args=["dekking", "png"]), {"regio": "x"}).status_code == 400


def test_charts_render_and_bars_link_to_the_goals_table(manager_client, linked):
    cache.clear()
    png = manager_client.get(reverse("coverage:chart", args=["dekking", "png"]))
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG")
    svg = manager_client.get(reverse("coverage:chart", args=["dekking", "svg"]), {"regio": "drenthe"}).content.decode()
    assert "/werkagenda/doelen/?regio=drenthe&amp;aanbeveling=1" in svg
    for name in ("heatmap", "regios"):
        assert manager_client.get(reverse("coverage:chart", args=[name, "svg"])).content.startswith(b"<?xml")


def test_chart_changes_exactly_when_links_change(manager_client, linked):
    url = reverse("coverage:chart", args=["dekking", "svg"])
    before = manager_client.get(url).content
    assert manager_client.get(url).content == before
    GoalLinkFactory(goal=linked["a"], recommendation=linked["recs"][3])
    assert manager_client.get(url).content != before


def test_coverage_exports(manager_client, linked):
    text = csv_table(manager_client.get(reverse("coverage:export", args=["dekking", "csv"])).content)
    assert text.splitlines()[:2] == ["Aanbeveling;Korte titel;Gekoppelde operationele doelen", "1;Titel 1;3"]
    response = manager_client.get(reverse("coverage:export", args=["heatmap", "xlsx"]), {"thema": linked["vow"].pk})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows == [("Themacode", "Thema", "1", "2", "3"), ("VOW", "Vitaal", 2, 1, 0)]
    text = csv_table(manager_client.get(reverse("coverage:export", args=["regios", "csv"])).content)
    assert text.splitlines()[1] == "1;Titel 1;2;1.0;1;0.5"


def test_comparison_and_orphans_pages(manager_client, linked):
    page = manager_client.get(reverse("coverage:comparison")).content.decode()
    assert "IJssel-Vecht" in page and "2 (100%)" in page and "1 (50%)" in page
    page = manager_client.get(reverse("coverage:orphans")).content.decode()
    assert "Aanbevelingen zonder doel in dit thema" in page and "3. Titel 3" in page


def test_recommendation_page_groups_linked_goals_in_constant_queries(member_client, linked):
    url = reverse("recommendations:detail", kwargs={"number": 1})
    member_client.get(url)  # the comment thread looks its content type up once per process
    with CaptureQueriesContext(connection) as small:
        page = member_client.get(url).content.decode()
    assert "Drenthe" in page and "(2 operationele doelen)" in page and "(1 operationeel doel)" in page
    for letter in "CDEFG":
        GoalLinkFactory(goal__group=linked["a"].group, goal__letter=letter, recommendation=linked["recs"][1])
    with CaptureQueriesContext(connection) as large:
        member_client.get(url)
    assert len(large.captured_queries) == len(small.captured_queries)


def page_queries(client, name: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(reverse(name)).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", ["coverage:dashboard", "coverage:comparison", "coverage:orphans"])
def test_dashboard_query_counts_do_not_grow(manager_client, linked, name):
    small = page_queries(manager_client, name)
    theme = ThemeFactory(agenda=linked["vow"].agenda)
    for index in range(10):
        goal = OperationalGoalFactory(group__theme=theme, letter="A")
        GoalLinkFactory(goal=goal, recommendation=linked["recs"][1 + index % 3])
    assert page_queries(manager_client, name) == small


def coverage_of(page: str, number: int) -> int:
    return int(re.search(rf"{number}\. Titel {number}</a></th><td class=\"num\">(\d+)</td>", page).group(1))


@pytest.mark.parametrize("name", ["coverage:dashboard", "coverage:comparison", "coverage:orphans"])
def test_dashboard_parts_are_counted_once_until_the_data_change(manager_client, linked, name):
    def link_queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert manager_client.get(reverse(name)).status_code == 200
        return sum("workagenda_goallink" in query["sql"] for query in context.captured_queries)

    assert link_queries() > 0
    assert link_queries() == 0  # the same view again: served from the cached fragment
    GoalLinkFactory(goal=linked["a"], recommendation=linked["recs"][3])
    assert link_queries() > 0


def test_dashboard_shows_a_new_link_at_once(manager_client, linked):
    before = manager_client.get(DASHBOARD).content.decode()
    assert coverage_of(before, 3) == 0
    assert coverage_of(manager_client.get(DASHBOARD).content.decode(), 3) == 0
    GoalLinkFactory(goal=linked["a"], recommendation=linked["recs"][3])
    assert coverage_of(manager_client.get(DASHBOARD).content.decode(), 3) == 1
    filtered = manager_client.get(DASHBOARD, {"regio": "ijv"}).content.decode()
    assert coverage_of(filtered, 1) == 1 and coverage_of(filtered, 3) == 0


def test_demo_reproduces_the_figures_of_the_report(seeded):
    call_command("load_demo", stdout=io.StringIO())
    agenda = Theme.objects.get(code="GL", agenda__slug="werkagenda-gezonde-marke").agenda
    overall = counts(GoalScope(agenda=agenda))
    assert overall[6] == overall[7] == 16 == max(overall.values())
    ranked = sorted(overall, key=overall.get, reverse=True)
    assert ranked[2] == 1 and overall[1] < 16
    assert set(sorted(overall, key=overall.get)[:3]) == {4, 5, 9}
    healthy = counts(GoalScope(theme=Theme.objects.get(code="GL", agenda=agenda)))
    assert healthy[7] >= 2 * max(count for number, count in healthy.items() if number != 7)
    assert all(healthy[number] == 0 for number in (6, 8, 9, 10))
    notes = set(GoalLink.objects.values_list("note", flat=True))
    assert len(notes) == 1 and re.match("Illustratie", notes.pop())
    regions = set(GoalLink.objects.values_list("goal__group__theme__agenda__slug", flat=True))
    assert regions == {"werkagenda-gezonde-marke", "regioplan-ijssel-vecht-coalities"}
    assert OperationalGoal.objects.filter(links__recommendation__number=4, text__icontains="school").exists()
    call_command("remove_demo", stdout=io.StringIO())
    assert not GoalLink.objects.exists()
    assert Recommendation.objects.count() == 10


def _theme_with_links(recs, links: int, **theme):
    """A theme whose one goal serves the first `links` recommendations (0: a goal without links)."""
    goal = OperationalGoalFactory(group__theme=ThemeFactory(**theme), letter="A")
    for number in range(1, links + 1):
        GoalLinkFactory(goal=goal, recommendation=recs[number])
    return goal.group.theme


@pytest.fixture
def many_themes(linked):
    """Twenty-two themes, more than one page holds: VOW and GLP of `linked`, and twenty more
    in VOW's agenda; T3 has the most links."""
    agenda = linked["vow"].agenda
    for index in range(20):
        theme = _theme_with_links(
            linked["recs"], 3 if index == 3 else 0, agenda=agenda, code=f"T{index}", name=f"Thema {index}"
        )
    GoalLinkFactory(
        goal__group__theme=theme.agenda.themes.get(code="T3"), goal__letter="B", recommendation=linked["recs"][1]
    )
    return linked


def test_heatmap_shows_the_most_linked_themes_first_when_they_need_pages(many_themes):
    heatmap = selectors.theme_heatmap(per_page=views.HEATMAP_THEMES)
    assert heatmap.page.paginator.count == 22 and len(heatmap.rows) == views.HEATMAP_THEMES == 20
    assert [row.theme.code for row in heatmap.rows][:2] == ["T3", "VOW"]
    assert heatmap.rows[0].counts == [2, 1, 1]
    rest = selectors.theme_heatmap(per_page=views.HEATMAP_THEMES, page=2).rows
    assert len(rest) == 2
    assert not {row.theme.code for row in rest} & {row.theme.code for row in heatmap.rows}
    everything = selectors.theme_heatmap()
    assert len(everything.rows) == 22 and not everything.page.has_other_pages()


def test_dashboard_says_which_themes_the_heatmap_shows_and_pages_chart_and_table(manager_client, many_themes):
    page = manager_client.get(DASHBOARD).content.decode()
    assert "De grafiek en de tabel tonen 20 van de 22 thema's, die met de meeste koppelingen eerst." in page
    assert "Kies hierboven een regio, agenda, thema of doeljaar om ze te beperken" in page
    assert "(thema&#x27;s 1–20 van 22, meeste koppelingen eerst)" in page
    assert "/verankering/grafiek/heatmap.png?page=1" in page
    assert 'class="pagination-nav"' in page and "1–20 van 22" in page
    second = manager_client.get(DASHBOARD, {"regio": "drenthe", "page": 2}).content.decode()
    assert "(Drenthe, thema&#x27;s 21–21 van 21, meeste koppelingen eerst)" in second
    # The later page holds themes without links: a message instead of an all-zero chart, the table stays.
    assert "/verankering/grafiek/heatmap.png?regio=drenthe&amp;page=2" not in second
    assert "Geen van deze thema's heeft al een gekoppeld operationeel doel." in second
    cache.clear()
    svg = manager_client.get(reverse("coverage:chart", args=["heatmap", "svg"]), {"page": 2}).content.decode()
    assert "T3 Thema 3" not in svg  # the second page's themes only; its heading says which they are


def test_small_heatmap_keeps_one_page_without_notice(manager_client, linked):
    page = manager_client.get(DASHBOARD).content.decode()
    assert "De grafiek en de tabel tonen" not in page and "pagination" not in page
    assert "/verankering/grafiek/heatmap.png?" in page and "page=" not in page


def test_heatmap_export_holds_every_theme(manager_client, many_themes):
    text = csv_table(manager_client.get(reverse("coverage:export", args=["heatmap", "csv"])).content)
    assert len(text.splitlines()) == 1 + 22


def test_heatmap_writes_numbers_in_cells_only_while_they_fit(manager_client, linked):
    assert views._heatmap_data(views._scope_filter(RequestFactory().get(DASHBOARD)))["cell_numbers"] is True
    for number in range(4, charts.CELL_NUMBERS_UP_TO + 2):
        RecommendationFactory(number=number)
    data = views._heatmap_data(views._scope_filter(RequestFactory().get(DASHBOARD)))
    assert data["cell_numbers"] is False
    page = manager_client.get(DASHBOARD).content.decode()
    assert "hoe donkerder een vak, hoe meer gekoppelde operationele doelen" in page


@pytest.fixture
def many_regions(linked):
    """Six regions: Drenthe and IJssel-Vecht of `linked` and four more; Regio X has the most linked goals."""
    for name, links in [("Regio X", 3), ("Regio Y", 0), ("Regio Z", 0), ("Regio W", 0)]:
        region = RegionFactory(name=name)
        for letter in "ABC":
            goal = OperationalGoalFactory(group__theme__agenda__region=region, letter=letter)
            if links:
                GoalLinkFactory(goal=goal, recommendation=linked["recs"][1])
    return linked


def test_comparison_compares_a_page_of_regions_most_linked_first(manager_client, many_regions):
    comparison = selectors.region_comparison(per_page=views.COMPARISON_REGIONS)
    assert comparison.page.paginator.count == 6 and views.COMPARISON_REGIONS == 4
    assert [region.name for region in comparison.regions][:3] == ["Regio X", "Drenthe", "IJssel-Vecht"]
    assert [share.count for share in comparison.rows[0].regions][:3] == [3, 2, 1]
    page = manager_client.get(reverse("coverage:comparison")).content.decode()
    assert "De grafiek en de tabel vergelijken 4 van de 6 regio's" in page
    assert "regio&#x27;s 1–4 van 6, meeste gekoppelde doelen eerst" in page
    assert "/verankering/grafiek/regios.png?page=1" in page
    second = manager_client.get(reverse("coverage:comparison"), {"page": 2}).content.decode()
    # The regions on the later page have no links: a message instead of an all-zero chart, the table stays.
    assert "/verankering/grafiek/regios.png?page=2" not in second and "5–6 van 6" in second
    assert "Binnen deze filters is nog geen operationeel doel aan een aanbeveling gekoppeld" in second
    text = csv_table(manager_client.get(reverse("coverage:export", args=["regios", "csv"])).content)
    assert text.splitlines()[0].count("(aandeel)") == 6


def test_small_comparison_has_no_pages(manager_client, linked):
    page = manager_client.get(reverse("coverage:comparison")).content.decode()
    assert "De grafiek en de tabel vergelijken" not in page and "pagination" not in page
    assert "/verankering/grafiek/regios.png?" in page and "page=" not in page


def test_orphans_page_shows_ten_themes_a_page(manager_client, many_themes):
    url = reverse("coverage:orphans")
    page = manager_client.get(url).content.decode()
    assert page.count('<section class="card"') == 10 and "1–10 van 22" in page
    assert "Thema's 1–10 van 22. Kies hierboven een regio, agenda, thema of doeljaar" in page
    second = manager_client.get(url, {"page": 2}).content.decode()
    assert second.count('<section class="card"') == 10 and "11–20 van 22" in second
    one = manager_client.get(url, {"thema": many_themes["vow"].pk}).content.decode()
    assert "pagination" not in one and "Thema's 1–" not in one


def test_orphans_name_many_missing_recommendations_by_number(manager_client, linked):
    for number in range(4, 13):
        RecommendationFactory(number=number)
    page = manager_client.get(reverse("coverage:orphans"), {"thema": linked["glp"].pk}).content.decode()
    assert "11 aanbevelingen, nummers 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12" in page
    page = manager_client.get(reverse("coverage:orphans"), {"thema": linked["vow"].pk}).content.decode()
    assert "10 aanbevelingen" not in page and "3. Titel 3" in page


@pytest.mark.parametrize("name", ["coverage:dashboard", "coverage:comparison", "coverage:orphans"])
def test_dashboard_query_counts_stay_the_same_when_lists_need_pages(manager_client, linked, name):
    small = page_queries(manager_client, name)
    for index in range(views.HEATMAP_THEMES + views.ORPHAN_THEMES):
        _theme_with_links(linked["recs"], index % 3)
    assert page_queries(manager_client, name) == small


@pytest.mark.parametrize(("bars", "numbered"), [(charts.ROOMY_ROWS_UP_TO, True), (charts.ROOMY_ROWS_UP_TO + 1, False)])
def test_long_coverage_charts_leave_the_numbers_to_the_table(bars, numbered):
    rows = [
        {"number": n, "short_title": f"Titel {n}", "count": 77, "url": f"/doelen/?aanbeveling={n}"} for n in range(bars)
    ]
    svg = charts.draw_coverage({"title": "Dekking", "rows": rows}, "svg").decode()
    assert (">77<" in svg) is numbered
    assert svg.count("/doelen/?aanbeveling=") == bars
