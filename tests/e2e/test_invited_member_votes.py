"""Someone the administrator invites while a round is open accepts the invitation, finds the
round on the home page and votes in it: in a round open to the whole programme team as a
member of that team, in a round for chosen people when the administrator ticked it on the
invitation form."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from prioritisation.models import Ballot, Round
from tests.conftest import user_with_role
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_round_journey import pick

ROUND_NAME = "Prioritering voor het hele team"
LIMITED_ROUND_NAME = "Prioritering voor de werkgroep"
NEW_PASSWORD = "Marke-nieuw-lid-2026!"


def open_round(name: str) -> Round:
    return Round.objects.create(
        name=name,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=7),
    )


def fill_invitation(browse) -> None:
    page = browse.page
    browse.goto("/beheer/auth/user/add/", "uitnodigen")
    page.locator("#id_username").fill("jan.nieuw")
    page.locator("#id_first_name").fill("Jan")
    page.locator("#id_last_name").fill("Nieuwenhuis")
    page.locator("#id_email").fill("jan@example.nl")
    page.get_by_label(roles.PROGRAMME_TEAM).check()


def send_and_accept(browse) -> None:
    """Save the invitation, log out and accept it as Jan, landing on his home page."""
    page = browse.page
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


def vote_from_home(browse, round_name: str) -> None:
    page = browse.page
    rounds = page.locator("section", has=page.get_by_role("heading", name="Rondes die voor u open staan"))
    expect(rounds).to_contain_text("Nog niet gestemd")
    rounds.get_by_role("link", name=round_name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Uw stembiljet: {round_name}")
    pick(page, "belangrijkste", {1, 2, 3})
    pick(page, "meest urgente", {4, 5, 6})
    page.get_by_role("button", name="Stembiljet indienen").click()
    expect(page.get_by_role("status").filter(has_text="Uw stembiljet is opgeslagen")).to_be_visible()
    browse.shot("gestemd")


def test_a_member_invited_while_the_round_is_open_votes_in_it(login_as):
    round = open_round(ROUND_NAME)
    assert not round.limited
    browse = login_as("beheerder")
    fill_invitation(browse)
    # A round open to the whole team needs no tick: the role is enough.
    expect(browse.page.get_by_text("Ook toevoegen aan de open ronde")).to_have_count(0)
    send_and_accept(browse)
    vote_from_home(browse, ROUND_NAME)

    jan = get_user_model().objects.get(username="jan.nieuw")
    ballot = Ballot.objects.get(round=round, member=jan)
    assert sorted(e.recommendation.number for e in ballot.entries.filter(criterion="importance")) == [1, 2, 3]
    assert not round.participants.exists()


def test_an_invitee_added_to_a_round_for_chosen_people_votes_in_it(login_as):
    round = open_round(LIMITED_ROUND_NAME)
    round.limited = True
    round.save(update_fields=["limited"])
    round.participants.add(user_with_role("lid", roles.PROGRAMME_TEAM, first_name="Lotte", last_name="de Vries"))
    browse = login_as("beheerder")
    fill_invitation(browse)
    offer = browse.page.get_by_label(f"Ook toevoegen aan de open ronde {LIMITED_ROUND_NAME}")
    offer.check()
    browse.shot("uitnodigen-met-ronde")
    browse.at_width(PHONE)
    browse.shot("uitnodigen-met-ronde-telefoon")
    browse.at_width(DESKTOP)
    send_and_accept(browse)
    vote_from_home(browse, LIMITED_ROUND_NAME)

    jan = get_user_model().objects.get(username="jan.nieuw")
    assert set(round.participants.values_list("username", flat=True)) == {"lid", "jan.nieuw"}
    assert Ballot.objects.filter(round=round, member=jan).exists()
