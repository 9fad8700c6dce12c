"""Journey 4 (users): an administrator adds a policy advisor in the Dutch admin, who can then log in."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts import roles
from tests.e2e.conftest import log_in

NEW_PASSWORD = "Drenthe-beleid-2026!"


def test_administrator_creates_a_policy_advisor_who_can_then_log_in(login_as):
    browse = login_as("beheerder")
    page = browse.page

    browse.goto("/beheer/", "beheer-start")
    page.get_by_role("link", name="Gebruikers", exact=True).first.click()
    browse.shot("gebruikers")
    page.get_by_role("link", name=re.compile("gebruiker toevoegen", re.IGNORECASE)).click()
    browse.shot("gebruiker-toevoegen")
    page.locator("#id_username").fill("fenna.adviseur")
    # The password is set below through the admin's own password form.
    page.locator("input[name=usable_password][value=false]").check()
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("fenna.adviseur")
    browse.shot("gebruiker-toegevoegd")

    page.locator("#id_first_name").fill("Fenna")
    page.locator("#id_last_name").fill("Hofstra")
    page.locator("#id_groups_from").select_option(label=roles.POLICY_ADVISOR)
    page.locator("#id_groups_add").click()
    expect(page.locator("#id_groups_to")).to_contain_text(roles.POLICY_ADVISOR)
    browse.shot("groep-gekozen")
    page.locator("input[name=_continue]").click()
    expect(page.locator(".messagelist")).to_contain_text("gewijzigd")

    page.locator("a[href$='/password/']").first.click()
    browse.shot("wachtwoordformulier")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wachtwoord instellen: fenna.adviseur")
    page.get_by_label("Wachtwoord:", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Bevestiging wachtwoord:").fill(NEW_PASSWORD)
    page.get_by_role("button", name=re.compile("authenticatie inschakelen", re.IGNORECASE)).click()
    expect(page.locator(".messagelist")).to_contain_text("wachtwoord", ignore_case=True)
    browse.shot("wachtwoord-ingesteld")

    fenna = get_user_model().objects.get(username="fenna.adviseur")
    assert list(fenna.groups.values_list("name", flat=True)) == [roles.POLICY_ADVISOR]
    assert fenna.check_password(NEW_PASSWORD)
    assert not fenna.is_staff

    # The administrator logs out; the new advisor logs in with the real form.
    browse.goto("/", "beheerder-op-overzicht")
    page.get_by_role("button", name="Uitloggen").click()
    log_in(browse, "fenna.adviseur", NEW_PASSWORD)
    browse.shot("fenna-ingelogd")
    expect(page.locator(".logout__user")).to_have_text("Fenna Hofstra")
    expect(page.get_by_role("link", name="Beheer")).to_have_count(0)
