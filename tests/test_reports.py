"""The report for the governance meeting: its figures are the exports' figures, the demo data
gives 001's findings, editions are kept and served from storage, and only managers and
administrators make it."""

import io
import json
import re
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from prioritisation.models import Round
from reports import documents, services
from reports.models import Report, ReportComment, ReportEdition
from workagenda.models import Agenda, GoalLink, OperationalGoal, Theme

DEMO_ROUND = "Prioritering programmateam 2024 (demo)"
OPEN_ROUND = "Prioritering met schaal 2026 (demo)"
AGENDA = "werkagenda-gezonde-marke"
COVERAGE_CAPTION = "Vertegenwoordiging aanbevelingen in operationele doelen Werkagenda Gezonde Marke"
FOCUS_CAPTION = "Vertegenwoordiging aanbevelingen in operationele doelen 'Gezondheid en Leefstijl'"
PRIORITY_CAPTION = "Belang en urgentie per aanbeveling"
READINGS_CAPTION = "Prioriteit en verankering per aanbeveling"
GOAL_CODE = re.compile(r"^[A-Z][A-Z0-9]{0,7}-\d{1,3}[A-Z]{0,2}$")


@pytest.fixture
def demo(seeded):
    call_command("load_demo", stdout=io.StringIO())


@pytest.fixture
def demo_pdf(demo, tmp_path):
    """The demo report with focus theme Gezondheid en Leefstijl, made by the scheduled-run command."""
    path = tmp_path / "rapport.pdf"
    make_report("--theme", "GL", "--output", str(path))
    return path


def make_report(*args: str) -> str:
    out = io.StringIO()
    call_command("make_report", "--round", DEMO_ROUND, "--region", "drenthe", "--agenda", AGENDA, *args, stdout=out)
    return out.getvalue()


def export(command: str, *args: str) -> list[dict]:
    out = io.StringIO()
    call_command(command, *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def pdf_fragments(source) -> list[list[tuple[float, float, str]]]:
    """Per page, every piece of text with its position: (y from the bottom, x, text)."""
    pages = []
    for page in PdfReader(source).pages:
        fragments = []

        def visit(text, cm, tm, _font, _size, fragments=fragments):
            if text.strip():
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                fragments.append((round(y, 1), round(x, 1), text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append(fragments)
    return pages


def table_rows(pages, caption: str) -> dict[int, list[str]]:
    """The rows under a table's caption, keyed by the number in their first column, each the
    texts on the row's first line from left to right (the numbers are on that line)."""
    for fragments in pages:
        for caption_y, _x, text in fragments:
            if text != caption:
                continue
            starts = sorted(
                ((y, text) for y, x, text in fragments if x < 80 and text.isdigit() and y < caption_y), reverse=True
            )
            rows = {}
            for y, number in starts:
                if int(number) != len(rows) + 1:
                    break
                line = sorted((x, text) for other_y, x, text in fragments if abs(other_y - y) < 0.6 and x > 80)
                rows[int(number)] = [text for _x, text in line]
            if len(rows) >= 10:
                return rows
    raise AssertionError(f"No table with caption {caption!r} in the PDF")


def annex_marks(pages) -> dict[str, set[int]]:
    """Per goal code in the annex, the recommendation numbers whose column has a mark on its row."""
    marks: dict[str, set[int]] = {}
    for fragments in pages:
        columns = {}
        for y, _x, text in fragments:
            if text == "Operationeel doel":
                columns = {
                    x: int(other)
                    for other_y, x, other in fragments
                    if abs(other_y - y) < 0.6 and other.isdigit() and x > 200
                }
        if not columns:
            continue
        codes = {y: text for y, x, text in fragments if x < 80 and GOAL_CODE.match(text)}
        for code in codes.values():
            marks.setdefault(code, set())
        for y, x, text in fragments:
            if text == "✓":
                column = min(columns, key=lambda column_x: abs(column_x - x))
                row = min(codes, key=lambda code_y: abs(code_y - y))
                assert abs(row - y) < 1, f"a mark at {y} is on no goal's row"
                marks[codes[row]].add(columns[column])
    return marks


def test_pdf_figures_and_annex_marks_are_the_exports_and_links(demo_pdf):
    pages = pdf_fragments(demo_pdf)
    coverage = {row["number"]: row["linked_goals"] for row in export("export_coverage", "--agenda", AGENDA)}
    assert {number: int(row[-1]) for number, row in table_rows(pages, COVERAGE_CAPTION).items()} == coverage
    focus = {
        row["number"]: row["linked_goals"] for row in export("export_coverage", "--agenda", AGENDA, "--theme", "GL")
    }
    assert {number: int(row[-1]) for number, row in table_rows(pages, FOCUS_CAPTION).items()} == focus
    priorities = export("export_priorities", "--round", DEMO_ROUND)
    tallies = {
        number: [int(cell) for cell in row if cell.isdigit()][:2]
        for number, row in table_rows(pages, PRIORITY_CAPTION).items()
    }
    assert tallies == {row["number"]: [row["importance"], row["urgency"]] for row in priorities}
    with_coverage = export("export_priorities", "--round", DEMO_ROUND, "--with-coverage", "--agenda", AGENDA)
    readings = table_rows(pages, READINGS_CAPTION)
    for row in with_coverage:
        cells = readings[row["number"]]
        assert [int(cells[-3]), int(cells[-2])] == [row["priority"], row["linked_goals"]]

    # The annex: each goal's marks are its links.
    marks = annex_marks(pages)
    goals = OperationalGoal.objects.filter(group__theme__agenda__slug=AGENDA).select_related("group__theme")
    links: dict[str, set[int]] = {goal.code: set() for goal in goals}
    for link in GoalLink.objects.filter(goal__in=goals).select_related("goal__group__theme", "recommendation"):
        links[link.goal.code].add(link.recommendation.number)
    assert marks == links
    assert sum(len(numbers) for numbers in marks.values()) > 0


def test_demo_report_states_the_figures_of_001_in_a_dutch_tagged_pdf(demo_pdf):
    pages = pdf_fragments(demo_pdf)
    coverage = {number: int(row[-1]) for number, row in table_rows(pages, COVERAGE_CAPTION).items()}
    assert coverage[6] == coverage[7] == 16
    assert max(coverage.values()) == 16
    focus = {number: int(row[-1]) for number, row in table_rows(pages, FOCUS_CAPTION).items()}
    assert [number for number, count in focus.items() if count == 0] == [6, 8, 9, 10]
    assert focus[7] >= 3 * max(count for number, count in focus.items() if number != 7)
    # The reading wraps in its column: its first line is on the row's first line.
    assert table_rows(pages, READINGS_CAPTION)[4][-1].startswith("Belangrijk en urgent, maar")
    text = " ".join(PdfReader(demo_pdf).pages[2].extract_text().split())
    assert "Belangrijk en urgent, maar weinig verankerd: aanbeveling 4." in text
    assert "Het vaakst verankerd in de agenda: aanbevelingen 6 en 7, elk in 16 operationele doelen." in text
    assert "Binnen Gezondheid en Leefstijl is geen operationeel doel gekoppeld aan aanbevelingen 6, 8, 9 en 10." in text

    # Dutch, tagged, fonts embedded, contents with page numbers, page numbers, the demo label.
    reader = PdfReader(demo_pdf)
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    fonts = {
        font.get_object()["/BaseFont"] for page in reader.pages for font in page["/Resources"].get("/Font", {}).values()
    }
    assert all("DejaVu" in str(font) for font in fonts)
    contents = pdf_fragments(demo_pdf)[1]
    page_at = {y: int(text) for y, _x, text in contents if text.isdigit()}
    first = next(y for y, _x, text in contents if text == "Samenvatting")
    last_chapter = next(y for y, _x, text in contents if text == "Bronnen en werkwijze")
    assert page_at[first] == 3 and page_at[last_chapter] == len(reader.pages)
    starts = [page_at[y] for y in sorted(page_at, reverse=True)]
    assert len(starts) == 9 and starts == sorted(starts)
    last = reader.pages[-1].extract_text()
    assert f"Pagina {len(reader.pages)} van {len(reader.pages)}" in last
    assert "Demogegevens" in reader.pages[0].extract_text()


def test_command_keeps_the_edition_and_serves_it_again_while_nothing_changed(
    demo, tmp_path, django_capture_on_commit_callbacks
):
    first = make_report("--format", "xlsx", "--output", str(tmp_path / "a.xlsx"))
    assert "made" in first
    second = make_report("--format", "html", "--output", str(tmp_path / "b.html"))
    assert "unchanged" in second
    assert ReportEdition.objects.count() == 1
    edition = ReportEdition.objects.get()
    assert edition.made_by is None and edition.pdf.name.endswith(".pdf")
    html = (tmp_path / "b.html").read_text()
    assert '<html lang="nl">' in html and "Bijlage: operationele doelen en aanbevelingen" in html
    workbook = load_workbook(tmp_path / "a.xlsx")
    assert {"Aanbevelingen", "Prioritering", "Verankering", "Bijlage VOW", "Bijlage KI"} <= set(workbook.sheetnames)
    sheet = workbook["Verankering"]
    assert [sheet.cell(row=row, column=1).value for row in range(1, 5)] == ["Rapport", "Reikwijdte", "Ronde", "Datum"]
    assert sheet["B3"].value == DEMO_ROUND
    with django_capture_on_commit_callbacks(execute=True):  # the data change, as it commits
        GoalLink.objects.filter(recommendation__number=7).first().delete()
    assert "made" in make_report("--format", "pdf", "--output", str(tmp_path / "c.pdf"))
    assert ReportEdition.objects.count() == 2


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [
        ("--round", "Ronde die niet bestaat", "There is no round with name or id"),
        ("--round", OPEN_ROUND, "Kies een gesloten ronde"),
        ("--region", "nergens", "Er is geen regio"),
        ("--agenda", "geen-agenda", "Er is geen agenda"),
        ("--theme", "XYZ", "Er is geen thema"),
    ],
)
def test_command_stops_with_a_message_and_exit_1_on_unknown_values(demo, tmp_path, option, value, message):
    values = {"--round": DEMO_ROUND, "--region": "drenthe", "--agenda": AGENDA, "--theme": "GL", option: value}
    args = ["--output", str(tmp_path / "r.pdf")]
    for name, given in values.items():
        args += [name, given]
    with pytest.raises(CommandError) as stopped:
        call_command("make_report", *args, stdout=io.StringIO())
    # run_from_argv prints a CommandError's message and exits with its return code.
    assert stopped.value.returncode == 1
    assert message in str(stopped.value)
    assert not Report.objects.exists()
    assert not (tmp_path / "r.pdf").exists()


def test_manager_makes_comments_and_remakes_the_report(demo, manager_client, manager):
    round = Round.objects.get(name=DEMO_ROUND)
    agenda = Agenda.objects.get(slug=AGENDA)
    theme = Theme.objects.get(agenda=agenda, code="GL")
    response = manager_client.post(
        reverse("reports:index"),
        {"round": round.pk, "region": agenda.region_id, "agenda": agenda.pk, "theme": theme.pk},
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    first = ReportEdition.objects.get()
    assert first.made_by == manager

    pdf = manager_client.get(reverse("reports:download", kwargs={"pk": first.pk, "fmt": "pdf"}))
    assert pdf["Content-Type"] == "application/pdf"
    html = manager_client.get(reverse("reports:download", kwargs={"pk": first.pk, "fmt": "html"}))
    policy = html["Content-Security-Policy"]
    assert "style-src 'sha256-" in policy and "unsafe-inline" not in policy and "script-src 'none'" in policy

    comment = "Aanbeveling 4 bespreken we in het overleg van maart."
    saved = manager_client.post(
        reverse("reports:comment", kwargs={"pk": report.pk}),
        {"section": "summary", "summary-section": "summary", "summary-text": comment},
    )
    assert saved.status_code == 302
    assert ReportComment.objects.get().history.count() == 1
    page = manager_client.get(report.get_absolute_url())
    assert "Rapport opnieuw maken" in page.content.decode()

    manager_client.post(reverse("reports:make", kwargs={"pk": report.pk}))
    second = ReportEdition.objects.latest("pk")
    assert second != first
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(second.pdf.path).pages[:3])
    assert comment in text and "COMMENTAAR" in text and "Joost Mulder" in text

    again = manager_client.post(reverse("reports:make", kwargs={"pk": report.pk}), follow=True)
    assert ReportEdition.objects.count() == 2
    assert "Er is niets veranderd sinds de uitgave" in again.content.decode()
    listing = manager_client.get(reverse("reports:index")).content.decode()
    assert listing.count(reverse("reports:download", kwargs={"pk": second.pk, "fmt": "pdf"})) == 1
    assert reverse("reports:download", kwargs={"pk": first.pk, "fmt": "xlsx"}) in listing


def test_a_theme_or_agenda_of_another_region_is_refused_and_changes_nothing(demo, manager_client):
    round = Round.objects.get(name=DEMO_ROUND)
    agenda = Agenda.objects.get(slug=AGENDA)
    other = Agenda.objects.exclude(region=agenda.region).first()
    response = manager_client.post(
        reverse("reports:index"), {"round": round.pk, "region": agenda.region_id, "agenda": other.pk}
    )
    assert response.status_code == 400
    assert str(services.AGENDA_NOT_IN_REGION % {"agenda": other.name, "region": agenda.region.name}) in (
        response.content.decode().replace("&#x27;", "'")
    )
    foreign_theme = Theme.objects.exclude(agenda=agenda).first()
    response = manager_client.post(
        reverse("reports:index"),
        {"round": round.pk, "region": agenda.region_id, "agenda": agenda.pk, "theme": foreign_theme.pk},
    )
    assert response.status_code == 400
    open_round = Round.objects.get(name=OPEN_ROUND)
    response = manager_client.post(
        reverse("reports:index"), {"round": open_round.pk, "region": agenda.region_id, "agenda": agenda.pk}
    )
    assert response.status_code == 400
    assert not Report.objects.exists() and not ReportEdition.objects.exists()


def test_commentary_of_an_unknown_section_or_too_long_is_refused(demo, manager):
    report = services.report_open(
        round=Round.objects.get(name=DEMO_ROUND),
        region=Agenda.objects.get(slug=AGENDA).region,
        agenda=Agenda.objects.get(slug=AGENDA),
        theme=None,
        user=manager,
    )
    with pytest.raises(services.ValidationError):
        services.report_comment_save(report=report, section="elders", text="Tekst", user=manager)
    with pytest.raises(services.ValidationError):
        services.report_comment_save(report=report, section="summary", text="x" * 3001, user=manager)
    assert not ReportComment.objects.exists()


@pytest.mark.parametrize("persona", ["member", "advisor", "outsider"])
def test_only_managers_and_administrators_make_reports(demo, persona, request, client, manager, administrator):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("reports:index")).status_code == 403
    assert client.post(reverse("reports:index"), {}).status_code == 403
    assert "/rapportage/" not in client.get(reverse("home")).content.decode()
    for allowed in (manager, administrator):
        client.force_login(allowed)
        assert client.get(reverse("reports:index")).status_code == 200
        assert "/rapportage/" in client.get(reverse("home")).content.decode()


def test_editions_of_other_people_download_only_for_managers(demo, manager, client, advisor):
    report = services.report_open(
        round=Round.objects.get(name=DEMO_ROUND),
        region=Agenda.objects.get(slug=AGENDA).region,
        agenda=Agenda.objects.get(slug=AGENDA),
        theme=None,
        user=manager,
    )
    edition = _kept_edition(report)
    url = reverse("reports:download", kwargs={"pk": edition.pk, "fmt": "pdf"})
    client.force_login(advisor)
    assert client.get(url).status_code == 403
    assert client.get(report.get_absolute_url()).status_code == 403
    assert client.post(reverse("reports:make", kwargs={"pk": report.pk})).status_code == 403
    comment = {"section": "summary", "summary-section": "summary", "summary-text": "Niet van mij"}
    assert client.post(reverse("reports:comment", kwargs={"pk": report.pk}), comment).status_code == 403
    assert not ReportComment.objects.exists() and ReportEdition.objects.count() == 1
    client.force_login(manager)
    assert client.get(url).status_code == 200


def _kept_edition(report: Report) -> ReportEdition:
    edition = ReportEdition(report=report, data_version="v", content_key="k")
    for fmt in ("pdf", "xlsx", "html"):
        getattr(edition, fmt).save(f"test.{fmt}", ContentFile(b"%PDF-1.7 test"), save=False)
    edition.save()
    return edition


def test_list_of_kept_reports_costs_the_same_queries_however_many(demo, manager_client, manager):
    agenda = Agenda.objects.get(slug=AGENDA)
    report = services.report_open(
        round=Round.objects.get(name=DEMO_ROUND), region=agenda.region, agenda=agenda, theme=None, user=manager
    )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert manager_client.get(reverse("reports:index")).status_code == 200
            assert manager_client.get(report.get_absolute_url()).status_code == 200
        return len(captured)

    _kept_edition(report)
    few = queries()
    for _ in range(6):
        _kept_edition(report)
    assert queries() == few


def test_a_new_layout_makes_a_new_edition_of_unchanged_data(demo, manager, monkeypatch, tmp_path):
    """After an upgrade changes the templates or stylesheet, the kept edition is not served as current."""
    agenda = Agenda.objects.get(slug=AGENDA)
    report = services.report_open(
        round=Round.objects.get(name=DEMO_ROUND), region=agenda.region, agenda=agenda, theme=None, user=manager
    )
    _kept_edition(report)
    edition = ReportEdition.objects.get()
    edition.data_version = services.data_version()
    edition.content_key = services._content_key(report)
    edition.save()
    assert services.edition_stored(report=report) == edition
    changed = tmp_path / "report.css"
    changed.write_text("/* a new stylesheet */")
    monkeypatch.setattr(documents, "LAYOUT_FILES", [changed])
    assert services.edition_stored(report=report) is None


def test_an_edition_that_fails_to_save_leaves_no_files_behind(demo, manager, monkeypatch, settings):
    agenda = Agenda.objects.get(slug=AGENDA)
    report = services.report_open(
        round=Round.objects.get(name=DEMO_ROUND), region=agenda.region, agenda=agenda, theme=None, user=manager
    )
    monkeypatch.setattr(documents, "report_pdf", lambda html: b"%PDF-1.7 test")

    def failing_save(self, *args, **kwargs):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(ReportEdition, "save", failing_save)
    media = Path(settings.MEDIA_ROOT)
    before = set(media.rglob("*")) if media.exists() else set()
    with pytest.raises(DatabaseError):
        services.edition_make(report=report, user=manager)
    after = set(media.rglob("*")) if media.exists() else set()
    assert {path for path in after - before if path.is_file()} == set()
    assert not ReportEdition.objects.exists()
