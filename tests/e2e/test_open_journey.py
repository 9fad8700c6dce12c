"""Opening up, in the browser: a new region imported from the template (one error, fixed, then
imported), a dashboard shared with a partner who has no account and then revoked, API tokens."""

import io

from openpyxl import load_workbook

from regioplan.models import Region
from sharing.models import SharedView
from tests.e2e.conftest import PHONE
from tests.e2e.test_accessibility import problems_at_both_widths
from workagenda.models import GoalLink, OperationalGoal


def edited_template(path, *, year: str) -> bytes:
    """The downloaded template with the second operational goal's target year set to `year`."""
    workbook = load_workbook(path)
    workbook["operationele_doelen"]["F3"] = year
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(page, data: bytes) -> None:
    page.get_by_label("Werkmap (.xlsx), of één .csv-bestand per blad").set_input_files(
        files=[{"name": "voorbeeldregio.xlsx", "mimeType": "application/octet-stream", "buffer": data}]
    )
    page.get_by_role("button", name="Werkmap controleren").click()


def test_a_new_region_is_imported_from_the_template_after_fixing_one_error(login_as, tmp_path):
    browse = login_as("adviseur")
    page = browse.page
    problems = problems_at_both_widths(browse, "/werkagenda/werkmap/", "werkmap-importeren")
    with page.expect_download() as download:
        page.get_by_role("link", name="Sjabloon met voorbeeld downloaden (Excel)").click()
    template = tmp_path / "sjabloon.xlsx"
    download.value.save_as(template)

    upload(page, edited_template(template, year="20027"))
    page.wait_for_url("**/werkagenda/werkmap/*/")
    browse.shot("voorbeeld-met-fout")
    assert page.get_by_role("heading", name="Er kan nog niets worden geïmporteerd").is_visible()
    errors = page.locator("table", has_text="Fouten per blad en rij").locator("tbody tr")
    assert errors.count() == 1
    assert errors.first.inner_text().split("\t") == [
        "operationele_doelen",
        "3",
        "streefjaar",
        "Gebruik een jaar tussen 2000 en 2100, of laat het leeg.",
    ]
    assert page.get_by_role("button", name="Importeren").count() == 0
    problems += problems_at_both_widths(browse, page.url.removeprefix(browse.base_url), "voorbeeld-fout")
    assert not Region.objects.filter(slug="voorbeeldregio").exists()

    browse.at_width({"width": 1280, "height": 900})
    page.get_by_role("link", name="De verbeterde werkmap uploaden").click()
    upload(page, edited_template(template, year="2027"))
    page.wait_for_url("**/werkagenda/werkmap/*/")
    rows = page.locator("table", has_text="Wat de import per blad doet").locator("tbody tr")
    assert rows.nth(6).inner_text().split("\t") == ["operationele_doelen", "2", "0", "0", "0"]
    problems += problems_at_both_widths(browse, page.url.removeprefix(browse.base_url), "voorbeeld-goed")
    browse.at_width({"width": 1280, "height": 900})
    page.reload()
    page.get_by_role("button", name="Importeren").click()
    page.wait_for_url(browse.base_url + "/regios/")
    browse.shot("geimporteerd")
    assert "Import klaar: 9 rijen toegevoegd" in page.locator(".messages").inner_text()
    assert OperationalGoal.objects.filter(group__theme__agenda__region__slug="voorbeeldregio").count() == 2
    assert GoalLink.objects.get().goal.code == "GOP-1A"
    assert not problems, "\n".join(problems)


def test_a_shared_view_opens_without_an_account_until_it_is_revoked(login_as, browser):
    browse = login_as("manager")
    page = browse.page
    problems = problems_at_both_widths(browse, "/gedeeld/", "delen")
    browse.at_width({"width": 1280, "height": 900})
    browse.goto("/gedeeld/", "delen")
    # By keyboard: choose the dashboard and publish.
    page.get_by_label("verankering per aanbeveling").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Delen").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**/gedeeld/#gedeeld-*")
    browse.shot("gedeeld")
    link = page.get_by_label("Link om te delen").input_value()
    assert "/gedeeld/w/" in link and SharedView.objects.get().created_by.username == "manager"

    partner = browser.new_context(viewport=PHONE, locale="nl-NL")
    partner_page = partner.new_page()
    response = partner_page.goto(link)
    assert response.status == 200
    partner_page.screenshot(path=str(browse.folder / "partner-telefoon.png"), full_page=True)
    assert partner_page.get_by_text("Gedeelde weergave", exact=True).is_visible()
    assert "Joost" not in partner_page.content()
    partner_page.locator("main img").scroll_into_view_if_needed()
    partner_page.wait_for_function("() => document.querySelector('main img').naturalWidth > 0")
    problems += problems_at_both_widths(browse, link.removeprefix(browse.base_url), "gedeelde-weergave")

    browse.at_width({"width": 1280, "height": 900})
    browse.goto("/gedeeld/", "voor-intrekken")
    page.get_by_role("button", name="Intrekken").click()
    page.wait_for_url("**/gedeeld/")
    assert "De link is ingetrokken" in page.locator(".messages").inner_text()
    assert partner_page.goto(link).status == 404
    partner.close()
    assert not problems, "\n".join(problems)


def test_api_tokens_page_is_accessible_and_shows_the_key_once(login_as):
    browse = login_as("manager")
    page = browse.page
    browse.goto("/instellingen/api-tokens/", "tokens")
    page.get_by_label("Naam van de nieuwe token").fill("Power BI")
    page.get_by_role("button", name="Token maken").click()
    key = page.get_by_label("Sleutel om te kopiëren").input_value()
    assert key.startswith("gm_")
    browse.shot("token-gemaakt")
    browse.assert_accessible("token gemaakt")
    problems = problems_at_both_widths(browse, "/instellingen/api-tokens/", "tokens")
    assert key not in page.content()
    assert not problems, "\n".join(problems)
