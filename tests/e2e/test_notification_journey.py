"""Journey: a round opens, the member gets the mail, follows its link to the ballot and votes;
the reminder goes only to the colleague who did not vote; the stop link in a mail works
without logging in and turns off only that kind of mail. Mail goes through a real SMTP
server started by the test."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from accounts import roles
from notifications.models import Preferences
from notifications.services import notifications_send
from prioritisation.models import Ballot, Round
from tests.conftest import mail_links, mail_text, user_with_role
from tests.e2e.conftest import PASSWORD
from tests.e2e.test_round_journey import pick

ROUND_NAME = "Prioritering najaar 2026"


def person(username: str, first_name: str, address: str):
    user = user_with_role(username, roles.PROGRAMME_TEAM, first_name=first_name, last_name="Smit", email=address)
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    return user


def test_member_votes_from_the_mail_reminder_skips_voters_and_stop_link_works(
    browse, e2e_seeded, smtp_inbox, settings, live_server
):
    settings.SITE_URL = live_server.url
    lotte = person("lotte", "Lotte", "lotte@example.nl")
    piet = person("piet", "Piet", "piet@example.nl")
    round = Round.objects.create(
        name=ROUND_NAME,
        picks_per_criterion=3,
        opens_at=timezone.now() - timedelta(days=1),
        closes_at=timezone.now() + timedelta(days=10),
    )
    round.participants.add(lotte, piet)

    assert notifications_send().sent == 2
    (mail,) = smtp_inbox.to("lotte@example.nl")
    assert mail["Subject"] == f"Nieuwe prioriteringsronde: {ROUND_NAME}"
    assert "Direct naar uw stembiljet:" in mail_text(mail)
    ballot_path, stop_path, _settings_path = mail_links(mail, live_server.url)

    # The member follows the link: first the login page, then straight on to the ballot.
    page = browse.page
    browse.goto(ballot_path, "link-uit-mail")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    page.get_by_label("Gebruikersnaam").fill("lotte")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Uw stembiljet: {ROUND_NAME}")
    browse.shot("stembiljet-uit-mail")
    pick(page, "belangrijkste", {1, 2, 3})
    pick(page, "meest urgente", {4, 5, 6})
    page.get_by_role("button", name="Stembiljet indienen").click()
    expect(page.get_by_role("status").filter(has_text="Uw stembiljet is opgeslagen")).to_be_visible()
    assert Ballot.objects.filter(round=round, member=lotte).exists()
    # The ballot page also carries the round's comment thread, and says comments are public.
    expect(page.locator("#reacties")).to_contain_text("Een reactie is openbaar binnen de monitor")
    browse.shot("gestemd")

    # Two days before closing: only Piet, who has not voted, is reminded.
    smtp_inbox.clear()
    Round.objects.filter(pk=round.pk).update(closes_at=timezone.now() + timedelta(days=1, hours=20))
    assert notifications_send().sent == 1
    assert [envelope.rcpt_tos for envelope in smtp_inbox.envelopes] == [["piet@example.nl"]]
    assert (
        smtp_inbox.messages[0]["Subject"] == f"Herinnering: {ROUND_NAME} sluit binnenkort en u heeft nog niet gestemd"
    )

    # The stop link from Lotte's first mail, in a browser that is not logged in.
    page.context.clear_cookies()
    browse.goto(stop_path, "stoppen-bevestigen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mails stoppen")
    expect(page.get_by_text(re.compile("een ronde gaat open"))).to_be_visible()
    page.get_by_role("button", name="Deze mails stoppen").click()
    expect(page.get_by_role("status")).to_contain_text("u krijgt geen mails meer van de soort")
    browse.shot("gestopt")
    preferences = Preferences.objects.get(user=lotte)
    assert preferences.round_opened is False
    assert (preferences.round_reminder, preferences.round_closed, preferences.comment, preferences.digest) == (
        True,
        True,
        False,
        False,
    )
    # Still logged out: stopping a mail does not log anyone in.
    browse.goto("/", "nog-uitgelogd")
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
