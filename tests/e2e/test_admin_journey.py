"""Journey 4 (users): an administrator invites a policy advisor in the Dutch admin; the
advisor opens the invitation link, chooses a password and is logged in. And an administrator
opens a prioritisation round in the admin, which the member taking part then finds."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from prioritisation.models import Round
from tests.conftest import user_with_role
from tests.e2e.conftest import PASSWORD, log_in

NEW_PASSWORD = "Drenthe-beleid-2026!"
ROUND_NAME = "Prioritering najaar 2026"


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


def test_administrator_opens_a_round_that_the_member_then_sees(login_as):
    member = user_with_role("lid", roles.PROGRAMME_TEAM, first_name="Lotte", last_name="de Vries")
    member.set_password(PASSWORD)
    member.save(update_fields=["password"])
    browse = login_as("beheerder")
    page = browse.page

    browse.goto("/beheer/", "beheer-start")
    page.get_by_role("link", name="Prioriteringsrondes", exact=True).first.click()
    browse.shot("rondes-in-beheer")
    page.get_by_role("link", name="Toevoegen").click()
    browse.shot("ronde-toevoegen")
    page.get_by_role("textbox", name="Naam:").fill(ROUND_NAME)
    page.get_by_label("Keuzes per criterium").fill("4")
    # Opens now (the admin's own "Vandaag" and "Nu" shortcuts), closes in two weeks.
    opens = page.locator(".field-opens_at")
    opens.get_by_role("link", name="Vandaag").click()
    opens.get_by_role("link", name="Nu").click()
    closes = timezone.localtime() + timedelta(days=14)
    page.locator("#id_closes_at_0").fill(closes.strftime("%d-%m-%Y"))
    page.locator("#id_closes_at_1").fill("17:00:00")
    # The two-box selector speaks Dutch, named after the field: Django 5.2 left parts in English.
    selector = page.locator(".field-participants .selector")
    expect(selector.locator(".selector-available-title label")).to_contain_text("Beschikbare deelnemers")
    expect(selector.locator(".selector-chosen-title label")).to_contain_text("Gekozen deelnemers")
    expect(selector.locator(".selector-available-title .helptext")).to_have_text(
        "Kies deelnemers: selecteer ze en klik dan op de pijl ‘Kiezen’."
    )
    expect(selector.locator(".selector-chooseall")).to_have_text("Alle deelnemers kiezen")
    expect(selector.locator(".selector-clearall")).to_have_text("Alle deelnemers verwijderen")
    expect(selector.locator("#id_participants_add")).to_have_text("Geselecteerde deelnemers kiezen")
    expect(selector.locator("#id_participants_remove")).to_have_text("Geselecteerde deelnemers verwijderen")
    expect(selector.get_by_placeholder("Filter")).to_have_count(2)
    page.locator("#id_participants_from").select_option(label="lid")
    page.locator("#id_participants_add").click()
    expect(page.locator("#id_participants_to option")).to_have_text(["lid"])
    browse.shot("ronde-ingevuld")
    page.locator("input[name=_save]").click()
    expect(page.locator(".messagelist")).to_contain_text(ROUND_NAME)
    browse.shot("ronde-opgeslagen")

    round = Round.objects.get(name=ROUND_NAME)
    assert round.picks_per_criterion == 4
    assert list(round.participants.all()) == [member]
    assert round.is_open()
    assert timezone.localtime(round.closes_at).date() == closes.date()

    browse.goto("/", "beheerder-op-overzicht")
    page.get_by_role("button", name="Uitloggen").click()
    log_in(browse, "lid")
    page.get_by_role("link", name="Prioriteringsrondes").click()
    browse.shot("lid-ziet-ronde")
    card = page.locator(".card", has=page.get_by_role("heading", name=ROUND_NAME))
    expect(card).to_contain_text("Open")
    expect(card).to_contain_text(f"sluit {closes.day} ")
    card.get_by_role("link", name=re.compile("^Stemmen")).click()
    expect(page.get_by_role("group", name="Kies de 4 belangrijkste aanbevelingen")).to_be_visible()
    browse.shot("lid-stembiljet")
