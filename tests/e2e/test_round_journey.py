"""Journey 1 (programme team): a member opens the round, is refused four urgent picks, submits a
valid ballot, comes back to change it, and the results page shows the new tallies."""

import re
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from prioritisation.models import Ballot, Round
from prioritisation.services import BallotChoice, ballot_submit
from tests.conftest import user_with_role
from tests.e2e.conftest import table_rows

ROUND_NAME = "Prioritering voorjaar 2026"


def open_round_with_a_colleague_who_voted(member) -> Round:
    """An open round of three picks for the member and a colleague who chose 1, 2, 3 and 4, 5, 6."""
    round = Round.objects.create(name=ROUND_NAME, picks_per_criterion=3, opens_at=timezone.now() - timedelta(days=1))
    colleague = user_with_role("collega", roles.PROGRAMME_TEAM)
    round.participants.add(member, colleague)
    ballot_submit(
        round=round,
        member=colleague,
        choices=[BallotChoice(criterion="importance", recommendation_number=n) for n in (1, 2, 3)]
        + [BallotChoice(criterion="urgency", recommendation_number=n) for n in (4, 5, 6)],
    )
    return round


def pick(page, group_name: str, numbers: set[int]) -> None:
    """Tick exactly these recommendations in one group of the ballot, as a member clicks them."""
    group = page.get_by_role("group", name=re.compile(group_name))
    for box in group.get_by_role("checkbox").all():
        box.set_checked(int(box.get_attribute("value")) in numbers)


def tallies(page) -> dict[int, tuple[int, int]]:
    """Per recommendation number: how often it was picked for importance and for urgency."""
    rows = table_rows(page, f"Belang en urgentie per aanbeveling in {ROUND_NAME}")
    assert rows, "the results table is missing"
    return {int(row[0]): (int(row[2]), int(row[3])) for row in rows}


def test_member_is_refused_four_urgent_picks_then_votes_and_revises(login_as):
    browse = login_as("lid")
    page = browse.page
    member = get_user_model().objects.get(username="lid")
    open_round_with_a_colleague_who_voted(member)

    browse.goto("/rondes/", "rondes")
    card = page.locator(".card", has=page.get_by_role("heading", name=ROUND_NAME))
    expect(card).to_contain_text("Open")
    card.get_by_role("link", name=re.compile("^Stemmen")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Uw stembiljet: {ROUND_NAME}")
    browse.shot("stembiljet-leeg")

    pick(page, "belangrijkste", {1, 2, 3})
    pick(page, "meest urgente", {4, 5, 6, 7})
    expect(page.get_by_role("group", name=re.compile("meest urgente")).locator(".pick-count")).to_have_text(
        "4 van 3 gekozen"
    )
    page.get_by_role("button", name="Stembiljet indienen").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Uw stembiljet is niet opgeslagen")
    expect(summary).to_contain_text("Kies precies 3 aanbevelingen voor urgentie; u koos er 4.")
    # The refusal also stands beside the group it concerns, and what was ticked is kept.
    urgent = page.get_by_role("group", name=re.compile("meest urgente"))
    expect(urgent.locator(".field__error")).to_contain_text("u koos er 4")
    expect(urgent.get_by_role("checkbox", checked=True)).to_have_count(4)
    browse.shot("vier-urgent-geweigerd")
    assert not Ballot.objects.filter(member=member).exists()

    pick(page, "meest urgente", {4, 5, 6})
    page.get_by_role("button", name="Stembiljet indienen").click()
    expect(page.get_by_role("status").filter(has_text="Uw stembiljet is opgeslagen")).to_be_visible()
    browse.shot("stembiljet-opgeslagen")

    # Later the member comes back through the round list and changes two picks.
    browse.goto("/rondes/", "rondes-na-stemmen")
    card.get_by_role("link", name=re.compile("^Stembiljet wijzigen")).click()
    urgent = page.get_by_role("group", name=re.compile("meest urgente"))
    expect(urgent.get_by_role("checkbox", checked=True)).to_have_count(3)
    pick(page, "belangrijkste", {1, 2, 8})
    pick(page, "meest urgente", {4, 5, 9})
    page.get_by_role("button", name="Wijzigingen opslaan").click()
    expect(page.get_by_role("status").filter(has_text="Uw stembiljet is opgeslagen")).to_be_visible()
    browse.shot("stembiljet-gewijzigd")

    page.get_by_role("link", name="Bekijk de uitslag").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Uitslag: {ROUND_NAME}")
    browse.shot("uitslag")
    counts = tallies(page)
    assert counts[1] == (2, 0) and counts[2] == (2, 0)
    assert counts[3] == (1, 0) and counts[8] == (1, 0)  # the member's first choice 3 became 8
    assert counts[4] == (0, 2) and counts[5] == (0, 2)
    assert counts[6] == (0, 1) and counts[9] == (0, 1)
    assert counts[7] == (0, 0) and counts[10] == (0, 0)
    expect(page.get_by_role("list", name="Deelname")).to_contain_text("2 stembiljetten")
