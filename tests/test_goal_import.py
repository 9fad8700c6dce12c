"""Importing operational goals and links: all or nothing, with a row-by-row report."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.factories import GoalGroupFactory, GoalLinkFactory, OperationalGoalFactory, RecommendationFactory
from workagenda import services
from workagenda.models import GoalLink, OperationalGoal

URL = reverse("workagenda:goal_import")
HEADER = "regio;agenda;thema;doel;letter;tekst;streefjaar;aanbevelingen;notitie"


@pytest.fixture
def group(db):
    for number in (1, 2, 3):
        RecommendationFactory(number=number)
    group = GoalGroupFactory(
        theme__code="VOW", theme__agenda__slug="gm", theme__agenda__region__slug="drenthe", number=2
    )
    existing = OperationalGoalFactory(group=group, letter="A", text="Oude tekst", target_year=2026)
    GoalLinkFactory(goal=existing, recommendation__number=4)
    return group


def upload(client, text: str, name="doelen.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, text.encode("utf-8"))})


def snapshot():
    goals = set(OperationalGoal.objects.values_list("letter", "text", "target_year"))
    links = set(GoalLink.objects.values_list("goal__letter", "recommendation__number", "note"))
    return goals, links


def test_valid_file_updates_and_creates_goals_and_links(advisor_client, advisor, group):
    text = "\n".join(
        [
            HEADER,
            "drenthe;gm;VOW;2;A;Nieuwe tekst;2027;1, 2;Past goed",
            "Drenthe;GM;vow;2;b;In 2030 is het klaar.;;3;",
        ]
    )
    preview = upload(advisor_client, text)
    assert preview.status_code == 200  # the link to recommendation 4 goes: first a preview
    assert preview.context["plan"].unlinked == [("VOW-2A", 4)]
    response = advisor_client.post(URL, {"bevestigen": preview.context["plan"].digest})
    assert response.status_code == 302
    goals, links = snapshot()
    assert goals == {("A", "Nieuwe tekst", 2027), ("B", "In 2030 is het klaar.", 2030)}
    assert links == {("A", 1, "Past goed"), ("A", 2, "Past goed"), ("B", 3, "")}
    message = advisor_client.get(reverse("workagenda:goals")).content.decode()
    assert "1 operationele doelen toegevoegd, 1 gewijzigd, 3 koppelingen toegevoegd en 1 verwijderd" in message
    assert GoalLink.objects.get(goal__letter="B").history.get().history_user == advisor


def test_any_error_imports_nothing_and_reports_every_row(advisor_client, group):
    before = snapshot()
    text = "\n".join(
        [
            HEADER,
            "drenthe;gm;VOW;2;A;Goede rij;2027;1;",
            "nergens;gm;VOW;2;C;Tekst;;;",
            "drenthe;gm;XYZ;2;C;Tekst;;;",
            "drenthe;gm;VOW;9;C;Tekst;;;",
            "drenthe;gm;VOW;2;c9;Tekst;1800;7;",
            "drenthe;gm;VOW;2;A;Dubbel;;;",
            "drenthe;gm;VOW;2;D;;;;zonder koppeling",
        ]
    )
    response = upload(advisor_client, text)
    assert response.status_code == 400
    assert snapshot() == before
    report = [(error.row, error.column, error.message) for error in response.context["errors"]]
    assert report == [
        (3, "regio", "Er is geen regio met de slug nergens."),
        (4, "thema", "Deze agenda heeft geen thema met code XYZ."),
        (5, "doel", "Thema VOW heeft geen doel 9. Voeg het doel eerst toe bij het invoeren van gegevens."),
        (6, "letter", "Gebruik één of twee hoofdletters, zoals A of B."),
        (6, "streefjaar", "Gebruik een jaar tussen 2000 en 2100, of laat het leeg."),
        (6, "aanbevelingen", "Er is geen aanbeveling 7."),
        (7, "letter", "Operationeel doel VOW-2A staat ook in rij 2."),
        (8, "tekst", "Vul deze kolom in."),
    ]
    page = response.content.decode()
    assert "Er is niets geïmporteerd" in page and "Fouten per rij" in page
    assert str(services.IMPORT_REQUIRED_VALUE) == "Vul deze kolom in."


def test_unreadable_file_is_refused(advisor_client, group):
    before = snapshot()
    response = upload(advisor_client, "iets", name="doelen.pdf")
    assert response.status_code == 400
    assert "Kies een .csv- of .xlsx-bestand." in response.content.decode()
    assert snapshot() == before


def test_xlsx_template_round_trips(advisor_client, group):
    response = advisor_client.get(reverse("workagenda:goal_import_template", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == services.IMPORT_COLUMNS
    workbook = Workbook()
    workbook.active.append(services.IMPORT_COLUMNS)
    workbook.active.append(["drenthe", "gm", "VOW", 2, "A", "Via Excel", 2029, "3, 4", ""])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = advisor_client.post(URL, {"file": SimpleUploadedFile("doelen.xlsx", buffer.getvalue())})
    assert response.status_code == 302
    assert snapshot()[0] == {("A", "Via Excel", 2029)}


def test_form_carries_a_busy_label(advisor_client, group):
    assert 'data-busy-label="' in advisor_client.get(URL).content.decode()


def test_manager_may_not_import(manager_client, group):
    assert upload(manager_client, HEADER + "\ndrenthe;gm;VOW;2;A;x;;;").status_code == 403


def test_an_empty_recommendations_column_leaves_the_links_as_they_are(advisor_client, group):
    # It used to remove every link of the goal, without a word.
    response = upload(advisor_client, HEADER + "\ndrenthe;gm;VOW;2;A;Nieuwe tekst;;;")
    assert response.status_code == 302
    assert snapshot()[1] == {("A", 4, "")}


def test_geen_removes_every_link_after_a_preview_that_names_them(advisor_client, group):
    GoalLinkFactory(goal=OperationalGoal.objects.get(letter="A"), recommendation=RecommendationFactory(number=5))
    preview = upload(advisor_client, HEADER + "\ndrenthe;gm;VOW;2;A;Oude tekst;2026;Geen;")
    assert preview.status_code == 200
    content = preview.content.decode()
    assert "Deze import verwijdert 2 koppelingen." in content
    assert '<td>VOW-2A</td><td class="num">4</td>' in content and '<td>VOW-2A</td><td class="num">5</td>' in content
    assert len(snapshot()[1]) == 2  # nothing changed yet
    response = advisor_client.post(URL, {"bevestigen": preview.context["plan"].digest})
    assert response.status_code == 302
    assert snapshot()[1] == set()


def test_a_confirmation_after_the_links_changed_imports_nothing_and_shows_the_new_preview(advisor_client, group):
    preview = upload(advisor_client, HEADER + "\ndrenthe;gm;VOW;2;A;Oude tekst;2026;geen;")
    GoalLinkFactory(goal=OperationalGoal.objects.get(letter="A"), recommendation=RecommendationFactory(number=6))
    before = snapshot()
    response = advisor_client.post(URL, {"bevestigen": preview.context["plan"].digest})
    assert response.status_code == 409
    assert snapshot() == before
    assert response.context["plan"].unlinked == [("VOW-2A", 4), ("VOW-2A", 6)]
    assert "veranderd nadat het voorbeeld" in response.content.decode()


def test_a_confirmation_without_a_preview_imports_nothing(advisor_client, group):
    response = advisor_client.post(URL, {"bevestigen": "x"}, follow=True)
    assert "Het voorbeeld is verlopen" in response.content.decode()
    assert snapshot()[1] == {("A", 4, "")}


def test_geen_and_numbers_together_are_refused(advisor_client, group):
    response = upload(advisor_client, HEADER + "\ndrenthe;gm;VOW;2;A;Oude tekst;2026;geen, 1;")
    assert response.status_code == 400
    assert "Schrijf “geen” of de nummers van aanbevelingen, niet allebei." in response.content.decode()
