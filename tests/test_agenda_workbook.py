"""The whole-agenda workbook: export, preview, import all or nothing, re-import in place."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import Indicator, Measurement, StatusUpdate
from recommendations.models import Recommendation
from regioplan.models import PlanObjective, Region, RegionalPlan
from tabular.reading import read_sheets
from tabular.writing import workbook_bytes
from tests.factories import RecommendationFactory, RegionFactory
from workagenda import workbook
from workagenda.models import Agenda, AgendaItem, GoalGroup, GoalLink, OperationalGoal, Theme


def tables_of(sheets) -> dict[str, list[list[str]]]:
    """The sheets as the upload reader gives them: text cells, header first."""
    return {
        name: [columns, *[["" if cell is None else str(cell) for cell in row] for row in rows]]
        for name, columns, rows in sheets
    }


def agenda_rows() -> dict[str, set]:
    """Every row of the domain that the workbook holds, by its codes, to compare databases."""
    return {
        "regions": set(Region.objects.values_list("slug", "name", "network", "description")),
        "plans": set(
            RegionalPlan.objects.values_list(
                "region__slug",
                "slug",
                "name",
                "kind",
                "period_start",
                "period_end",
                "ambition",
                "summary",
                "source_document",
            )
        ),
        "tasks": set(PlanObjective.objects.values_list("plan__slug", "kind", "number", "title", "description")),
        "agendas": set(
            Agenda.objects.values_list(
                "region__slug", "slug", "name", "plan__slug", "theme_label", "description", "source_document"
            )
        ),
        "themes": set(Theme.objects.values_list("agenda__slug", "number", "code", "name", "description")),
        "theme_tasks": set(
            Theme.plan_tasks.through.objects.values_list("theme__agenda__slug", "theme__code", "planobjective__number")
        ),
        "groups": set(
            GoalGroup.objects.values_list("theme__agenda__slug", "theme__code", "number", "title", "description")
        ),
        "goals": set(
            OperationalGoal.objects.values_list(
                "group__theme__agenda__slug", "group__theme__code", "group__number", "letter", "text", "target_year"
            )
        ),
        "links": set(
            GoalLink.objects.values_list(
                "goal__group__theme__agenda__slug",
                "goal__group__theme__code",
                "goal__group__number",
                "goal__letter",
                "recommendation__number",
                "note",
            )
        ),
    }


def empty_the_agendas() -> None:
    """The database as a new installation has it: recommendations, no regions or agendas."""
    for model in (Measurement, Indicator, StatusUpdate, GoalLink, AgendaItem, OperationalGoal, GoalGroup):
        model.objects.all().delete()
    Theme.plan_tasks.through.objects.all().delete()
    for model in (Theme, Agenda, PlanObjective, RegionalPlan, Region):
        model.objects.all().delete()


def import_all(tables, user=None) -> workbook.WorkbookPlan:
    preview = workbook.workbook_plan(tables=tables)
    assert preview.errors == []
    return workbook.workbook_import(tables=tables, user=user, fingerprint=preview.fingerprint, removals_confirmed=True)


def test_exported_seed_agendas_import_into_an_empty_database_unchanged(seeded, advisor):
    goals = list(OperationalGoal.objects.order_by("pk")[:5])
    for index, goal in enumerate(goals):
        GoalLink.objects.create(
            goal=goal, recommendation=Recommendation.objects.get(number=1 + index), note=f"n{index}"
        )
    task = PlanObjective.objects.filter(kind=PlanObjective.Kind.TASK).order_by("pk").first()
    theme = Theme.objects.filter(agenda__region=task.plan.region).order_by("pk").first()
    Agenda.objects.filter(pk=theme.agenda_id).update(plan=task.plan)
    theme.plan_tasks.add(task)
    before = agenda_rows()
    assert before["goals"] and before["links"] and before["tasks"] and before["theme_tasks"]
    exported = [workbook.region_workbook(region=region) for region in Region.objects.order_by("slug")]
    empty_the_agendas()
    assert not OperationalGoal.objects.exists()
    for sheets in exported:
        plan = import_all(tables_of(sheets), advisor)
        assert plan.count("unchanged") == 0
    assert agenda_rows() == before


def test_importing_the_same_workbook_again_changes_nothing(seeded, advisor):
    region = Region.objects.order_by("slug").first()
    tables = tables_of(workbook.region_workbook(region=region))
    before = agenda_rows()
    plan = workbook.workbook_plan(tables=tables)
    assert plan.errors == []
    assert plan.count("created") == plan.count("changed") == plan.count("removed") == 0
    history = OperationalGoal.history.count()
    import_all(tables, advisor)
    assert agenda_rows() == before
    assert OperationalGoal.history.count() == history


# ---------------------------------------------------------------- through the pages

IMPORT_URL = reverse("workagenda:agenda_import")


def template_tables() -> dict[str, list[list[str]]]:
    return tables_of(workbook.workbook_template())


def xlsx_upload(tables: dict[str, list[list[str]]], name="werkagenda.xlsx") -> SimpleUploadedFile:
    sheets = [(sheet, table[0], table[1:]) for sheet, table in tables.items()]
    return SimpleUploadedFile(name, workbook_bytes(sheets=sheets))


@pytest.fixture
def recommendation(db):
    return RecommendationFactory(number=1)


def preview(client, tables):
    response = client.post(IMPORT_URL, {"files": xlsx_upload(tables)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]), response["Location"]


def test_template_imports_a_new_region_after_a_preview(advisor_client, advisor, recommendation):
    page, url = preview(advisor_client, template_tables())
    assert page.status_code == 200
    assert not Region.objects.exists()  # the preview writes nothing
    plan = page.context["plan"]
    assert plan.errors == []
    assert {s.sheet: s.created for s in plan.summaries} == {
        "regio": 1,
        "plannen": 1,
        "taken": 1,
        "agendas": 1,
        "themas": 1,
        "doelen": 1,
        "operationele_doelen": 2,
        "koppelingen": 1,
    }
    response = advisor_client.post(url, {"fingerprint": plan.fingerprint})
    assert response.status_code == 302
    message = advisor_client.get(reverse("regions:list")).content.decode()
    assert "Import klaar: 9 rijen toegevoegd, 0 gewijzigd, 0 ongewijzigd en 0 koppelingen verwijderd." in message
    goal = OperationalGoal.objects.get(letter="A")
    assert goal.code == "GOP-1A" and goal.target_year == 2027 and goal.links.get().created_by == advisor
    assert goal.history.get().history_user == advisor and goal.links.get().history.get().history_user == advisor
    assert Theme.objects.get().plan_tasks.get().title == "Gezond opgroeien"
    assert advisor_client.post(url, {"fingerprint": plan.fingerprint}).status_code == 404  # imported once


def test_every_problem_is_named_by_sheet_row_and_column_and_nothing_is_written(advisor_client, recommendation):
    tables = template_tables()
    tables["themas"].append(["werkagenda-voorbeeldregio", "x", "gop", "Dubbel", "", ""])
    tables["operationele_doelen"][1][5] = "1800"
    tables["koppelingen"].append(["werkagenda-voorbeeldregio", "GOP", "1", "B", "99", ""])
    tables["doelen"][0][2] = "nr"
    page, _url = preview(advisor_client, tables)
    report = [(e.sheet, e.row, e.column, e.message) for e in page.context["plan"].errors]
    assert report == [
        ("themas", 3, "nummer", "x is geen heel getal."),
        ("doelen", 1, "", "Deze kolommen ontbreken in de eerste regel: nummer."),
        ("operationele_doelen", 2, "streefjaar", "Gebruik een jaar tussen 2000 en 2100, of laat het leeg."),
        ("koppelingen", 3, "aanbeveling", "Er is geen aanbeveling 99."),
    ]
    assert "Er kan nog niets worden geïmporteerd" in page.content.decode()
    assert not Region.objects.exists()


def test_references_name_the_missing_row(advisor_client, recommendation):
    tables = template_tables()
    tables["operationele_doelen"].append(["werkagenda-voorbeeldregio", "GOP", "7", "C", "Tekst", ""])
    tables["operationele_doelen"].append(["werkagenda-voorbeeldregio", "GOP", "1", "A", "Nog eens", ""])
    tables["themas"].append(["andere-agenda", "2", "XYZ", "Los", "", ""])
    plan = workbook.workbook_plan(tables=tables)
    assert [(e.sheet, e.row, e.column, e.message) for e in plan.errors] == [
        ("themas", 3, "agenda", "andere-agenda staat niet in blad agendas."),
        ("operationele_doelen", 4, "doel", "GOP-7 staat niet in blad doelen."),
        ("operationele_doelen", 5, "agenda", "Deze rij herhaalt rij 2."),
    ]


def imported_template(advisor) -> dict[str, list[list[str]]]:
    tables = template_tables()
    import_all(tables, advisor)
    return tables


def test_corrected_workbook_updates_in_place_with_exact_counts(advisor, recommendation):
    tables = imported_template(advisor)
    tables["operationele_doelen"][1][4] = "In 2028 heeft elke basisschool een beweegaanbod."
    tables["operationele_doelen"].append(["werkagenda-voorbeeldregio", "GOP", "1", "C", "Een nieuw doel.", ""])
    plan = workbook.workbook_plan(tables=tables)
    goals = next(summary for summary in plan.summaries if summary.sheet == "operationele_doelen")
    assert (goals.created, goals.changed, goals.unchanged) == (1, 1, 1)
    assert (plan.count("created"), plan.count("changed"), plan.count("unchanged")) == (1, 1, 8)
    workbook.workbook_import(tables=tables, user=advisor, fingerprint=plan.fingerprint, removals_confirmed=False)
    assert OperationalGoal.objects.count() == 3 and Region.objects.count() == 1
    assert OperationalGoal.objects.get(letter="A").target_year == 2028


def test_link_removal_is_listed_and_needs_confirmation(advisor_client, advisor, recommendation):
    tables = imported_template(advisor)
    tables["koppelingen"] = tables["koppelingen"][:1]
    page, url = preview(advisor_client, tables)
    plan = page.context["plan"]
    assert plan.removals == ["GOP-1A ↔ 1"]
    assert "Wordt verwijderd" in page.content.decode()
    refused = advisor_client.post(url, {"fingerprint": plan.fingerprint})
    assert refused.status_code == 400
    assert "Bevestig dat de koppelingen" in refused.content.decode()
    assert GoalLink.objects.count() == 1
    assert advisor_client.post(url, {"fingerprint": plan.fingerprint, "removals_confirmed": "on"}).status_code == 302
    assert not GoalLink.objects.exists()


def test_without_a_links_sheet_links_stay(advisor, recommendation):
    tables = imported_template(advisor)
    del tables["koppelingen"]
    plan = workbook.workbook_plan(tables=tables)
    assert plan.errors == [] and plan.removals == []
    workbook.workbook_import(tables=tables, user=advisor, fingerprint=plan.fingerprint, removals_confirmed=False)
    assert GoalLink.objects.count() == 1


def test_import_refuses_when_the_data_changed_after_the_preview(advisor_client, advisor, recommendation):
    page, url = preview(advisor_client, template_tables())
    fingerprint = page.context["plan"].fingerprint
    RegionFactory(slug="voorbeeldregio", name="Voorbeeldregio")
    response = advisor_client.post(url, {"fingerprint": fingerprint})
    assert response.status_code == 400
    assert "De gegevens zijn gewijzigd nadat het voorbeeld werd gemaakt" in response.content.decode()
    assert not Agenda.objects.exists()


def test_one_csv_per_sheet_is_read_like_a_workbook(advisor_client, recommendation):
    files = []
    for name, table in template_tables().items():
        text = "\n".join(";".join(cells) for cells in table)
        files.append(SimpleUploadedFile(f"{name}.csv", text.encode("utf-8")))
    response = advisor_client.post(IMPORT_URL, {"files": files})
    assert response.status_code == 302
    plan = advisor_client.get(response["Location"]).context["plan"]
    assert plan.errors == [] and plan.count("created") == 9


def test_a_region_exports_in_the_import_form(advisor_client, advisor, recommendation):
    imported_template(advisor)
    response = advisor_client.get(reverse("workagenda:agenda_workbook_export", kwargs={"slug": "voorbeeldregio"}))
    sheets = load_workbook(io.BytesIO(response.content))
    assert sheets.sheetnames == [sheet.name for sheet in workbook.SHEETS]
    assert [cell.value for cell in sheets["operationele_doelen"][2]][3:5] == [
        "A",
        "In 2027 heeft elke basisschool een beweegaanbod.",
    ]
    template = advisor_client.get(reverse("workagenda:agenda_workbook_template"))
    assert load_workbook(io.BytesIO(template.content)).sheetnames == sheets.sheetnames


def test_a_text_starting_with_an_equals_sign_is_stored_as_text(advisor, recommendation):
    tables = template_tables()
    tables["operationele_doelen"][1][4] = "=SOM(A1:A9)"
    import_all(tables, advisor)
    region = Region.objects.get()
    data = workbook_bytes(sheets=workbook.region_workbook(region=region))
    cell = load_workbook(io.BytesIO(data))["operationele_doelen"]["E2"]
    assert cell.value == "=SOM(A1:A9)" and cell.data_type == "s"
    # Read back, the text is the same (no quote added), so the round trip changes nothing.
    back = read_sheets([SimpleUploadedFile("drenthe.xlsx", data)])
    assert back["operationele_doelen"][1][4] == "=SOM(A1:A9)"
    plan = workbook.workbook_plan(tables=back)
    assert plan.ok and plan.count("changed") == 0 and plan.count("created") == 0


def test_managers_and_members_may_not_import(manager_client):
    assert manager_client.get(IMPORT_URL).status_code == 403
    assert manager_client.get(reverse("workagenda:agenda_workbook_template")).status_code == 403


def test_commands_export_a_region_and_import_it_with_progress(seeded, advisor, tmp_path):
    path = tmp_path / "drenthe.xlsx"
    call_command("export_agenda", "drenthe", str(path), stdout=io.StringIO())
    before = agenda_rows()
    out = io.StringIO()
    call_command("import_agenda", str(path), user=advisor.username, yes=True, stdout=out)
    lines = out.getvalue().splitlines()
    assert "importing operationele_doelen…" in lines and lines[-1] == "Imported."
    assert any(line.startswith("operationele_doelen: 0 new, 0 changed,") for line in lines)
    assert agenda_rows() == before
