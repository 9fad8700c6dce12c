"""A round open to the whole programme team: someone the administrator invites while the
round is open accepts the invitation, finds the round on the home page and votes in it."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from prioritisation.models import Ballot, Round
from tests.e2e.test_round_journey import pick

ROUND_NAME = "Prioritering voor het hele team"
NEW_PASSWORD = "Marke-nieuw-lid-2026!"


def test_a_member_invited_while_the_round_is_open_votes_in_it(login_as):
    round = Round.objects.create(
        name=ROUND_NAME,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=7),
    )
    assert not round.limited
    browse = login_as("beheerder")
    page = browse.page

    browse.goto("/beheer/auth/user/add/", "uitnodigen")
    page.locator("#id_username").fill("jan.nieuw")
    page.locator("#id_first_name").fill("Jan")
    page.locator("#id_last_name").fill("Nieuwenhuis")
    page.locator("#id_email").fill("jan@example.nl")
    page.get_by_label(roles.PROGRAMME_TEAM).check()
    page.locator("input[name=_save]").click()
    link = page.locator("#invitation-link").input_value()
    browse.goto("/", "beheerder-overzicht")
    page.get_by_role("button", name="Uitloggen").click()

    page.goto(link)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Nieuw wachtwoord bevestigen").fill(NEW_PASSWORD)
    page.get_by_role("button", name=re.compile("opslaan", re.IGNORECASE)).click()
    page.wait_for_url(browse.base_url + "/")
    browse.shot("nieuw-lid-overzicht")
    rounds = page.locator("section", has=page.get_by_role("heading", name="Rondes die voor u open staan"))
    expect(rounds).to_contain_text("Nog niet gestemd")
    rounds.get_by_role("link", name=ROUND_NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Uw stembiljet: {ROUND_NAME}")
    pick(page, "belangrijkste", {1, 2, 3})
    pick(page, "meest urgente", {4, 5, 6})
    page.get_by_role("button", name="Stembiljet indienen").click()
    expect(page.get_by_role("status").filter(has_text="Uw stembiljet is opgeslagen")).to_be_visible()
    browse.shot("gestemd")

    jan = get_user_model().objects.get(username="jan.nieuw")
    ballot = Ballot.objects.get(round=round, member=jan)
    assert sorted(e.recommendation.number for e in ballot.entries.filter(criterion="importance")) == [1, 2, 3]
    assert not round.participants.exists()
