"""By keyboard and by form: skip link, visible focus, the menu by Tab, the login form's errors, busy buttons."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD, PHONE


def focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {tag: el.tagName, id: el.id, text: el.textContent.trim(), inNav: !!el.closest('.main-nav'),
                    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth)};
        }"""
    )


def test_keyboard_user_skips_to_the_content_and_reaches_the_menu_with_visible_focus(login_as):
    browse = login_as("adviseur")
    page = browse.page
    browse.goto("/aanbevelingen/", "aanbevelingen")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    browse.shot("skiplink-zichtbaar")
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "main"

    # From the top again: the menu comes within a few Tabs, and each focused link shows an outline.
    browse.goto("/aanbevelingen/", "aanbevelingen-opnieuw")
    menu_link = None
    for _ in range(6):
        page.keyboard.press("Tab")
        state = focused(page)
        if state["tag"] in ("A", "BUTTON"):
            assert state["outlineStyle"] != "none" and state["outlineWidth"] >= 2, state
        if state["inNav"]:
            menu_link = state
            break
    assert menu_link is not None, "the main menu is not reachable with Tab"
    browse.shot("menu-met-focus")

    current = page.locator(".main-nav a[aria-current=page]")
    expect(current).to_have_count(1)
    expect(current).to_have_text("Aanbevelingen")


def test_menu_stays_usable_on_a_phone(login_as):
    browse = login_as("adviseur")
    browse.at_width(PHONE)
    browse.goto("/regios/drenthe/", "regio-telefoon")
    links = browse.page.locator(".main-nav a")
    assert links.count() >= 2
    for index in range(links.count()):
        expect(links.nth(index)).to_be_in_viewport()
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["height"] >= 40, "touch targets must be easy to hit"
    browse.page.get_by_role("link", name="Aanbevelingen", exact=True).click()
    expect(browse.page).to_have_url(re.compile(r"/aanbevelingen/$"))
    browse.shot("aanbevelingen-telefoon")


def test_login_errors_are_summarised_on_top_and_shown_next_to_each_field(browse, e2e_seeded):
    page = browse.page
    browse.goto("/inloggen/", "inloggen-leeg")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    browse.shot("inloggen-velden-leeg")

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Inloggen is niet gelukt")
    username = page.get_by_label("Gebruikersnaam")
    expect(username).to_have_attribute("aria-invalid", "true")
    error_id = username.get_attribute("aria-describedby")
    expect(page.locator(f"#{error_id}")).to_contain_text("Dit veld is verplicht.")
    # The summary links to the field it is about.
    summary.get_by_role("link", name=re.compile("Gebruikersnaam")).click()
    expect(username).to_be_focused()
    browse.assert_accessible("inloggen met fouten")

    username.fill("niemand")
    page.get_by_label("Wachtwoord").fill("fout")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    browse.shot("inloggen-fout-wachtwoord")
    expect(summary).to_contain_text("Voer een juiste gebruikersnaam en wachtwoord in")
    expect(page).to_have_url(re.compile(r"/inloggen/(#.*)?$"))


def test_a_slow_submit_shows_busy_and_cannot_be_sent_twice(browse, login_as):
    login_as("lid")
    page = browse.page
    page.get_by_role("button", name="Uitloggen").click()
    expect(page).to_have_url(re.compile(r"/inloggen/$"))
    # Stand in for a slow server: the submit goes through the page's own handlers, then the
    # browser is kept from leaving, so the test can look at the page while it "waits".
    page.evaluate("() => window.addEventListener('submit', event => event.preventDefault(), {once: true})")
    page.get_by_label("Gebruikersnaam").fill("lid")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()

    busy = page.locator("form[aria-busy=true] button[type=submit]")
    expect(busy).to_be_disabled()
    expect(busy).to_have_text("Bezig…")
    browse.shot("inloggen-bezig")
    # A second submit (double click, Enter again) is cancelled while the first is under way.
    second_cancelled = page.evaluate(
        """() => {
            const event = new SubmitEvent('submit', {bubbles: true, cancelable: true});
            document.querySelector('form[aria-busy=true]').dispatchEvent(event);
            return event.defaultPrevented;
        }"""
    )
    assert second_cancelled

    # The "server" answers: the form goes through and the member lands on the overview.
    page.evaluate("() => document.querySelector('form[aria-busy=true]').submit()")
    page.wait_for_url(browse.base_url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Overzicht")
