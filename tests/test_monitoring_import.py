"""Bulk import of status updates and measurements: all or nothing, with a Dutch report per row."""

import datetime
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from monitoring.models import Indicator, Measurement, Status, StatusUpdate
from tabular.writing import Table, table_bytes
from tests.factories import OperationalGoalFactory

URL = reverse("monitoring:import")


def upload(client, kind, name, content):
    return client.post(URL, {"kind": kind, "file": SimpleUploadedFile(name, content)})


def csv(rows):
    return ("\n".join(";".join(row) for row in rows) + "\n").encode("utf-8")


def test_status_updates_import_from_csv(advisor_client):
    goal = OperationalGoalFactory()
    agenda = goal.group.theme.agenda.slug
    content = csv([
        ["agenda", "code", "status", "datum", "toelichting"],
        [agenda, goal.code, "op koers", "01-03-2025", "Loopt goed"],
        [agenda, goal.code.lower(), "at_risk", "2025-04-01", ""],
    ])  # fmt: skip
    response = upload(advisor_client, "status", "status.csv", content)
    assert response.status_code == 302
    assert list(StatusUpdate.objects.order_by("date").values_list("status", flat=True)) == [
        Status.ON_TRACK,
        Status.AT_RISK,
    ]


def test_one_bad_row_imports_nothing_and_reports_every_problem_in_dutch(advisor_client):
    goal = OperationalGoalFactory()
    agenda = goal.group.theme.agenda.slug
    content = csv([
        ["agenda", "code", "status", "datum", "toelichting"],
        [agenda, goal.code, "op koers", "01-03-2025", ""],
        [agenda, "XX-9Z", "paars", "gisteren", ""],
        [agenda, goal.code, "bereikt", "", ""],
    ])  # fmt: skip
    response = upload(advisor_client, "status", "status.csv", content)
    content = response.content.decode()
    assert response.status_code == 400
    assert not StatusUpdate.objects.exists()
    assert "Er is niets geïmporteerd" in content
    assert "Er is geen operationeel doel met deze agenda en code." in content
    assert "Onbekende status" in content
    assert "Schrijf de datum als 31-12-2025 of 2025-12-31." in content
    assert "Deze cel is leeg" in content
    rows = [(error.row, error.column) for error in response.context["outcome"].errors]
    assert rows == [(3, "code"), (3, "status"), (3, "datum"), (4, "datum")]


def test_measurements_import_from_xlsx(advisor_client):
    kpi = Indicator.objects.create(
        goal=OperationalGoalFactory(), name="Rokers", kind="outcome", unit="%", direction="lower", target_value=5
    )
    table = Table(
        name="metingen",
        sheet="metingen",
        columns=["indicator", "datum", "waarde", "bron", "naam"],
        rows=[
            [kpi.pk, datetime.datetime(2025, 1, 1), 12.5, "GGD", "Rokers"],
            [kpi.pk, "2025-06-01", "11,2", "GGD", ""],
        ],
        dated=False,
    )
    content = table_bytes(table, "xlsx")
    response = upload(advisor_client, "metingen", "metingen.xlsx", content)
    assert response.status_code == 302
    assert sorted(Measurement.objects.values_list("value", flat=True)) == [Decimal("11.20"), Decimal("12.50")]


def test_bad_measurements_change_nothing(advisor_client):
    kpi = Indicator.objects.create(
        goal=OperationalGoalFactory(), name="Rokers", kind="outcome", unit="%", direction="lower", target_value=5
    )
    future = (datetime.date.today() + datetime.timedelta(days=10)).isoformat()
    content = csv([
        ["indicator", "datum", "waarde", "bron"],
        [str(kpi.pk), "2025-01-01", "12", "GGD"],
        ["999999", future, "veel", "GGD"],
    ])  # fmt: skip
    response = upload(advisor_client, "metingen", "metingen.csv", content)
    text = response.content.decode()
    assert response.status_code == 400
    assert not Measurement.objects.exists()
    assert "Er is geen indicator met dit nummer." in text
    assert "Schrijf een getal, zoals 42 of 12,5." in text
    assert "De datum ligt in de toekomst" in text


def test_missing_columns_and_wrong_file_type_are_refused_in_dutch(advisor_client):
    response = upload(advisor_client, "metingen", "metingen.csv", csv([["indicator", "datum"], ["1", "2025-01-01"]]))
    assert response.status_code == 400
    assert "Deze kolommen ontbreken in de eerste regel: waarde, bron." in response.content.decode()
    wrong = upload(advisor_client, "status", "status.pdf", b"%PDF")
    assert wrong.status_code == 400


def test_templates_download_with_the_goals_filled_in(advisor_client):
    goal = OperationalGoalFactory()
    response = advisor_client.get(reverse("monitoring:import-template", kwargs={"kind": "status", "fmt": "csv"}))
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "agenda;code;status;datum;toelichting"
    assert goal.code in text
    xlsx = advisor_client.get(reverse("monitoring:import-template", kwargs={"kind": "metingen", "fmt": "xlsx"}))
    assert xlsx.content.startswith(b"PK")
    assert advisor_client.get("/monitoring/importeren/sjabloon-onbekend.csv").status_code == 404


def test_manager_may_not_import(manager_client):
    assert manager_client.get(URL).status_code == 403
