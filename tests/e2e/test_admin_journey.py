"""Journey 4 (users): an administrator invites a policy advisor in the Dutch admin; the
advisor opens the invitation link, chooses a password and is logged in."""

import re

from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from accounts import roles

NEW_PASSWORD = "Drenthe-beleid-2026!"


def test_administrator_invites_a_policy_advisor_who_then_logs_in(login_as):
    browse = login_as("beheerder")
    page = browse.page

    browse.goto("/beheer/", "beheer-start")
    page.get_by_role("link", name="Gebruikers", exact=True).first.click()
    browse.shot("gebruikers")
    page.get_by_role("link", name=re.compile("gebruiker toevoegen", re.IGNORECASE)).click()
    browse.shot("gebruiker-uitnodigen")
    page.locator("#id_username").fill("fenna.adviseur")
    page.locator("#id_first_name").fill("Fenna")
    page.locator("#id_last_name").fill("Hofstra")
    page.locator("#id_email").fill("fenna@example.nl")
    page.get_by_label(roles.POLICY_ADVISOR).check()
    page.locator("input[name=_save]").click()
    browse.shot("uitnodiging")
    expect(page.locator("#invitation-link")).to_be_visible()
    link = page.locator("#invitation-link").input_value()
    assert "/uitnodiging/" in link or "uitnodiging" in link

    fenna = get_user_model().objects.get(username="fenna.adviseur")
    assert list(fenna.groups.values_list("name", flat=True)) == [roles.POLICY_ADVISOR]
    assert not fenna.has_usable_password()
    assert not fenna.is_staff

    # The administrator logs out; the invited advisor opens the link in the same browser.
    browse.goto("/", "beheerder-op-overzicht")
    page.get_by_role("button", name="Uitloggen").click()
    page.goto(link)
    browse.shot("welkom")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welkom")
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
    page.get_by_role("button", name=re.compile("opslaan", re.IGNORECASE)).click()
    page.wait_for_url(browse.base_url + "/")
    browse.shot("fenna-ingelogd")
    expect(page.locator(".logout__user")).to_have_text("Fenna Hofstra")
    expect(page.get_by_role("link", name="Beheer")).to_have_count(0)
    fenna.refresh_from_db()
    assert fenna.check_password(NEW_PASSWORD)
