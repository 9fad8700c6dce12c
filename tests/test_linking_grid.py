"""The linking grid: advisors tick goal x recommendation cells; concurrent saves lose nothing."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    GoalGroupFactory,
    GoalLinkFactory,
    OperationalGoalFactory,
    RecommendationFactory,
    RegionFactory,
    ThemeFactory,
)
from workagenda.forms import GRID_MALFORMED, GRID_TAMPERED
from workagenda.models import GoalLink
from workagenda.services import GRID_CONFLICT, goal_link_note_version


@pytest.fixture
def world(db):
    recommendations = [RecommendationFactory(number=number) for number in (1, 2, 3)]
    theme = ThemeFactory(code="VOW")
    group = GoalGroupFactory(theme=theme, number=2)
    goals = [OperationalGoalFactory(group=group, letter=letter) for letter in "AB"]
    return theme, goals, recommendations


def grid_url(theme):
    return reverse("workagenda:link_grid", kwargs={"pk": theme.pk})


def load(client, theme):
    """The grid's hidden state as a browser would hold it after opening the page."""
    grid = client.get(grid_url(theme)).context["grid"]
    ticked = [cell.key for group in grid.groups for row in group.rows for cell in row.cells if cell.link_id]
    return {"goals": " ".join(map(str, grid.goal_ids)), "loaded": grid.loaded_state, "link": ticked}


def cell(goal, number):
    return f"{goal.pk}-{number}"


def pairs():
    return set(GoalLink.objects.values_list("goal__letter", "recommendation__number"))


def test_grid_shows_every_cell_with_an_accessible_label(advisor_client, world):
    theme, goals, _ = world
    GoalLinkFactory(goal=goals[0], recommendation__number=99)
    page = advisor_client.get(grid_url(theme)).content.decode()
    assert 'aria-label="VOW-2A koppelen aan aanbeveling 3"' in page
    assert page.count('type="checkbox" name="link"') == 2 * 4
    assert "Alleen doelen zonder koppeling" in page


def test_filter_shows_only_goals_without_links(advisor_client, world):
    theme, goals, recs = world
    GoalLinkFactory(goal=goals[0], recommendation=recs[0])
    grid = advisor_client.get(grid_url(theme) + "?zonder=1").context["grid"]
    assert grid.goal_ids == [goals[1].pk]


def test_saving_applies_ticks_and_records_who(advisor_client, advisor, world):
    theme, goals, _ = world
    data = load(advisor_client, theme)
    data["link"] = [cell(goals[0], 1), cell(goals[1], 3)]
    response = advisor_client.post(grid_url(theme), data, follow=True)
    assert pairs() == {("A", 1), ("B", 3)}
    assert "2 koppelingen toegevoegd, 0 koppelingen verwijderd." in response.content.decode()
    link = GoalLink.objects.get(goal=goals[0])
    assert link.created_by == advisor and link.history.get().history_user == advisor


def test_two_advisors_on_different_cells_keep_both_changes(client, advisor, world):
    theme, goals, recs = world
    GoalLinkFactory(goal=goals[0], recommendation=recs[1])
    client.force_login(advisor)
    first = load(client, theme)
    second = load(client, theme)
    first["link"] = [*first["link"], cell(goals[0], 1)]
    assert client.post(grid_url(theme), first).status_code == 302
    second["link"] = [cell(goals[1], 3)]  # adds B-3 and removes A-2, leaves A-1 alone
    assert client.post(grid_url(theme), second).status_code == 302
    assert pairs() == {("A", 1), ("B", 3)}


def test_same_cell_changed_by_someone_else_keeps_theirs_and_says_so(client, advisor, world):
    theme, goals, recs = world
    GoalLinkFactory(goal=goals[0], recommendation=recs[0], note="van collega")
    client.force_login(advisor)
    mine = load(client, theme)
    theirs = load(client, theme)
    theirs["link"] = []
    client.post(grid_url(theme), theirs)  # the colleague removes A-1 ...
    again = load(client, theme)
    again["link"] = [cell(goals[0], 1)]
    client.post(grid_url(theme), again)  # ... and links it anew
    mine["link"] = [cell(goals[1], 2)]  # I remove A-1 (as loaded) and add B-2
    response = client.post(grid_url(theme), mine, follow=True)
    page = response.content.decode()
    assert pairs() == {("A", 1), ("B", 2)}
    expected = str(GRID_CONFLICT % {"code": "VOW-2A", "number": 1})
    assert expected.startswith("VOW-2A en aanbeveling 1: iemand anders")
    assert expected.replace("'", "&#x27;") in page


@pytest.mark.parametrize(
    "tamper, message",
    [
        (lambda data, other, goals: {**data, "link": ["999999-1"]}, GRID_TAMPERED),
        (lambda data, other, goals: {**data, "link": [f"{other.pk}-1"]}, GRID_TAMPERED),
        (lambda data, other, goals: {**data, "goals": f"{data['goals']} {other.pk}"}, GRID_TAMPERED),
        (lambda data, other, goals: {**data, "link": [f"{goals[0].pk}-42"]}, GRID_TAMPERED),
        (lambda data, other, goals: {**data, "link": ["abc"]}, GRID_MALFORMED),
        (lambda data, other, goals: {**data, "loaded": f"{goals[0].pk}-1:x"}, GRID_MALFORMED),
    ],
    ids=["unknown goal", "goal of another theme", "shown goal of another theme", "unknown recommendation",
         "malformed cell", "malformed state"],
)  # fmt: skip
def test_tampered_posts_are_refused_and_change_nothing(advisor_client, world, tamper, message):
    theme, goals, recs = world
    GoalLinkFactory(goal=goals[1], recommendation=recs[2])
    other = OperationalGoalFactory()
    data = load(advisor_client, theme)
    data["link"] = [cell(goals[0], 1)]
    response = advisor_client.post(grid_url(theme), tamper(data, other, goals))
    assert response.status_code == 400
    assert str(message) in response.content.decode()
    assert str(message).startswith("De koppeltabel")
    assert pairs() == {("B", 3)}


def test_grid_query_count_does_not_grow(advisor_client, world, django_assert_max_num_queries):
    theme, goals, recs = world

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as context:
            assert advisor_client.get(grid_url(theme)).status_code == 200
        return len(context.captured_queries)

    small = count()
    for index in range(12):
        goal = OperationalGoalFactory(group=goals[0].group, letter=chr(ord("C") + index))
        for rec in recs:
            GoalLinkFactory(goal=goal, recommendation=rec)
    assert count() == small


def test_note_is_edited_on_the_goal_page_and_history_shows_it(advisor_client, advisor, world):
    theme, goals, recs = world
    data = load(advisor_client, theme)
    data["link"] = [cell(goals[0], 2)]
    advisor_client.post(grid_url(theme), data)
    link = GoalLink.objects.get()
    url = reverse("workagenda:link_note", kwargs={"pk": goals[0].pk, "number": 2})
    data = {f"note-{link.pk}-note": "Dit doel versterkt de samenwerking.", f"note-{link.pk}-loaded": version("")}
    response = advisor_client.post(url, data, follow=True)
    link.refresh_from_db()
    assert link.note == "Dit doel versterkt de samenwerking." and link.updated_by == advisor
    page = response.content.decode()
    assert "De notitie bij aanbeveling 2 is opgeslagen." in page
    assert "notitie gewijzigd" in page and "gekoppeld" in page and "Sanne Bakker" in page
    unlink = load(advisor_client, theme)
    unlink["link"] = []
    advisor_client.post(grid_url(theme), unlink)
    page = advisor_client.get(goals[0].get_absolute_url()).content.decode()
    assert "ontkoppeld" in page


def test_manager_cannot_save_the_grid(manager_client, world):
    theme, goals, _ = world
    response = manager_client.post(grid_url(theme), {"goals": str(goals[0].pk), "link": [cell(goals[0], 1)]})
    assert response.status_code == 403
    assert not GoalLink.objects.exists()


def test_only_advisors_edit_notes(manager_client, world):
    theme, goals, recs = world
    link = GoalLinkFactory(goal=goals[0], recommendation=recs[0], note="oud")
    page = manager_client.get(goals[0].get_absolute_url()).content.decode()
    assert "Notitie opslaan" not in page
    url = reverse("workagenda:link_note", kwargs={"pk": goals[0].pk, "number": 1})
    assert manager_client.post(url, {f"note-{link.pk}-note": "nieuw"}).status_code == 403
    link.refresh_from_db()
    assert link.note == "oud"


@pytest.fixture
def wide_world(db):
    """Twelve recommendations: the grid shows them in two windows, 1-10 and 11-12."""
    recommendations = [RecommendationFactory(number=number) for number in range(1, 13)]
    theme = ThemeFactory(code="VOW")
    group = GoalGroupFactory(theme=theme, number=2)
    goals = [OperationalGoalFactory(group=group, letter=letter) for letter in "AB"]
    return theme, goals, recommendations


def load_window(client, theme, window: int):
    """The hidden state of one window of the grid, and the address the page was opened at."""
    url = f"{grid_url(theme)}?venster={window}"
    grid = client.get(url).context["grid"]
    ticked = [cell.key for group in grid.groups for row in group.rows for cell in row.cells if cell.link_id]
    return url, {"goals": " ".join(map(str, grid.goal_ids)), "loaded": grid.loaded_state, "link": ticked}


def test_few_recommendations_fit_in_one_window_without_window_links(advisor_client, world):
    theme, _, _ = world
    page = advisor_client.get(grid_url(theme)).content.decode()
    assert "Aanbevelingen in delen" not in page and "venster=" not in page


def test_many_recommendations_are_shown_ten_at_a_time_with_links_to_the_other_windows(advisor_client, wide_world):
    theme, _, _ = wide_world
    first = advisor_client.get(grid_url(theme)).content.decode()
    assert first.count('type="checkbox" name="link"') == 2 * 10
    assert 'aria-label="VOW-2A koppelen aan aanbeveling 10"' in first
    assert "aanbeveling 11" not in first
    assert "U ziet aanbevelingen 1–10 van 12" in first
    assert 'href="?venster=1" aria-current="page">Aanbevelingen 1–10</a>' in first
    assert 'href="?venster=2" rel="next">Aanbevelingen 11–12</a>' in first
    assert "Opslaan en verder met aanbevelingen 11–12" in first
    second = advisor_client.get(grid_url(theme), {"venster": 2}).content.decode()
    assert second.count('type="checkbox" name="link"') == 2 * 2
    assert 'aria-label="VOW-2B koppelen aan aanbeveling 12"' in second
    assert 'href="?venster=1" rel="prev">Aanbevelingen 1–10</a>' in second
    assert '<input type="hidden" name="venster" value="2">' in second  # the filter keeps the window
    assert "Opslaan en verder" not in second


@pytest.mark.parametrize("asked, shown", [("9", [11, 12]), ("0", list(range(1, 11))), ("twee", list(range(1, 11)))])
def test_a_window_out_of_range_shows_the_nearest(advisor_client, wide_world, asked, shown):
    theme, _, _ = wide_world
    grid = advisor_client.get(grid_url(theme), {"venster": asked}).context["grid"]
    assert [rec.number for rec in grid.recommendations] == shown


def test_saving_one_window_leaves_the_links_in_the_other_windows_alone(advisor_client, wide_world):
    theme, goals, recs = wide_world
    GoalLinkFactory(goal=goals[0], recommendation=recs[0])
    GoalLinkFactory(goal=goals[1], recommendation=recs[11])
    url, data = load_window(advisor_client, theme, 2)
    assert data["loaded"].startswith(cell(goals[1], 12) + ":")  # only the window's own cells
    data["link"] = [cell(goals[0], 11)]  # adds A-11 and removes B-12
    response = advisor_client.post(url, data)
    assert response.status_code == 302 and response["Location"] == f"{grid_url(theme)}?venster=2"
    assert pairs() == {("A", 1), ("A", 11)}


def test_save_and_go_on_opens_the_next_window(advisor_client, wide_world):
    theme, goals, _ = wide_world
    url, data = load_window(advisor_client, theme, 1)
    data["link"] = [cell(goals[0], 3)]
    response = advisor_client.post(url, {**data, "naar": "2"})
    assert response["Location"] == f"{grid_url(theme)}?venster=2"
    assert pairs() == {("A", 3)}


def test_a_cell_someone_else_changed_in_the_same_window_keeps_their_version(client, advisor, wide_world):
    theme, goals, recs = wide_world
    client.force_login(advisor)
    url, mine = load_window(client, theme, 2)
    theirs = GoalLinkFactory(goal=goals[0], recommendation=recs[11], note="van collega")
    mine["link"] = [cell(goals[0], 12), cell(goals[1], 11)]  # A-12 was free when I loaded it
    response = client.post(url, mine, follow=True)
    assert pairs() == {("A", 12), ("B", 11)}
    assert GoalLink.objects.get(goal=goals[0]).pk == theirs.pk
    expected = str(GRID_CONFLICT % {"code": "VOW-2A", "number": 12})
    assert expected.replace("'", "&#x27;") in response.content.decode()
    assert response.context["grid"].window.index == 2


def test_grid_query_count_does_not_grow_with_recommendations(advisor_client, wide_world):
    theme, goals, _ = wide_world
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(window: int) -> int:
        with CaptureQueriesContext(connection) as context:
            assert advisor_client.get(grid_url(theme), {"venster": window}).status_code == 200
        return len(context.captured_queries)

    count(1)  # the first grid analyses the texts for the suggestions
    small = count(1)
    for rec in RecommendationFactory.create_batch(30):
        GoalLinkFactory(goal=goals[0], recommendation=rec)
    # New recommendations are new texts: the first grid after them analyses them again (three
    # queries, once), as a chart is drawn again after a change.
    count(1)
    assert count(1) == count(3) == small


THEMES_URL = reverse("workagenda:link_themes")


def test_theme_list_shows_every_agenda_on_one_page_when_they_are_few(advisor_client, world):
    theme, _, _ = world
    response = advisor_client.get(THEMES_URL)
    page = response.content.decode()
    assert f'href="{grid_url(theme)}"' in page and "(2 operationele doelen)" in page
    assert "Kies een regio" not in page and 'aria-label="Pagina\'s"' not in page


@pytest.fixture
def seven_agendas(db):
    """Two regions: Drenthe with five agendas, IJssel-Vecht with two; one theme each."""
    drenthe = RegionFactory(slug="drenthe", name="Drenthe")
    ijssel = RegionFactory(slug="ijssel-vecht", name="IJssel-Vecht")
    themes = [ThemeFactory(agenda__region=drenthe, agenda__name=f"Drenthe {n}") for n in range(1, 6)]
    themes += [ThemeFactory(agenda__region=ijssel, agenda__name=f"IJssel {n}") for n in range(1, 3)]
    return themes


def agenda_names(response) -> list[str]:
    return [agenda.name for agenda in response.context["page_obj"]]


def test_theme_list_pages_through_agendas_and_says_which_it_shows(advisor_client, seven_agendas):
    first = advisor_client.get(THEMES_URL)
    assert agenda_names(first) == [f"Drenthe {n}" for n in range(1, 6)]
    page = first.content.decode()
    assert "Werkagenda's 1–5 van 7. Kies een regio om uw thema sneller te vinden." in page
    assert '<option value="ijssel-vecht">IJssel-Vecht</option>' in page
    assert 'href="?page=2"' in page
    assert agenda_names(advisor_client.get(THEMES_URL, {"page": 2})) == ["IJssel 1", "IJssel 2"]


def test_theme_list_narrows_to_the_chosen_region(advisor_client, seven_agendas):
    response = advisor_client.get(THEMES_URL, {"regio": "ijssel-vecht"})
    assert agenda_names(response) == ["IJssel 1", "IJssel 2"]
    page = response.content.decode()
    assert '<option value="ijssel-vecht" selected>IJssel-Vecht</option>' in page
    assert f'href="{grid_url(seven_agendas[-1])}"' in page and f'href="{grid_url(seven_agendas[0])}"' not in page


def test_theme_list_query_count_does_not_grow(advisor_client, seven_agendas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert advisor_client.get(THEMES_URL).status_code == 200
        return len(context.captured_queries)

    small = count()
    for theme in seven_agendas:
        OperationalGoalFactory.create_batch(3, group__theme=theme)
        ThemeFactory.create_batch(2, agenda=theme.agenda)
    ThemeFactory.create_batch(10)
    assert count() == small


def version(note: str) -> str:
    return goal_link_note_version(note=note)


def test_a_note_changed_by_someone_else_after_loading_is_kept_and_reported(advisor_client, world):
    # Notes were last-writer-wins; now they follow the grid's rule: a colleague's newer note stays.
    theme, goals, recs = world
    link = GoalLinkFactory(goal=goals[0], recommendation=recs[0], note="eerste versie")
    page = advisor_client.get(goals[0].get_absolute_url()).content.decode()
    loaded = re.search(rf'name="note-{link.pk}-loaded" value="([0-9a-f]+)"', page).group(1)
    assert loaded == version("eerste versie")
    GoalLink.objects.filter(pk=link.pk).update(note="van collega")  # saved by someone else meanwhile
    url = reverse("workagenda:link_note", kwargs={"pk": goals[0].pk, "number": 1})
    response = advisor_client.post(
        url, {f"note-{link.pk}-note": "mijn versie", f"note-{link.pk}-loaded": loaded}, follow=True
    )
    link.refresh_from_db()
    assert link.note == "van collega"
    assert "Iemand anders heeft de notitie bij aanbeveling 1 gewijzigd" in response.content.decode()
    # Saving again from the page as it is now shown does save.
    data = {f"note-{link.pk}-note": "mijn versie", f"note-{link.pk}-loaded": version("van collega")}
    advisor_client.post(url, data)
    link.refresh_from_db()
    assert link.note == "mijn versie"


def test_a_note_form_without_the_loaded_note_changes_nothing(advisor_client, world):
    theme, goals, recs = world
    link = GoalLinkFactory(goal=goals[0], recommendation=recs[0], note="oud")
    url = reverse("workagenda:link_note", kwargs={"pk": goals[0].pk, "number": 1})
    response = advisor_client.post(url, {f"note-{link.pk}-note": "nieuw"}, follow=True)
    link.refresh_from_db()
    assert link.note == "oud"
    assert "Het formulier is onderweg beschadigd." in response.content.decode()
