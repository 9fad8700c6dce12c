"""Round mails, reminders, the weekly summary and comment mails, sent through a real SMTP
server that the test starts on 127.0.0.1 (see smtp_inbox in conftest)."""

import datetime
import logging
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from comments.services import comment_create, thread_follow
from notifications import services, tokens
from notifications.models import Kind, Notification, Preferences
from prioritisation.models import Ballot
from tests.conftest import mail_html, mail_links, mail_text, user_with_role
from tests.factories import GoalLinkFactory, RecommendationFactory, RoundFactory

SITE = "http://testserver"


def with_address(user, address: str):
    user.email = address
    user.save(update_fields=["email"])
    return user


@pytest.fixture
def lotte(member):
    return with_address(member, "lotte@example.nl")


@pytest.fixture
def piet(db):
    return with_address(
        user_with_role("piet", roles.PROGRAMME_TEAM, first_name="Piet", last_name="Jansen"), "piet@example.nl"
    )


@pytest.fixture
def joost(manager):
    return with_address(manager, "joost@example.nl")


@pytest.fixture
def open_round(lotte, piet):
    RecommendationFactory.create_batch(4)
    return RoundFactory(
        name="Voorjaarsronde",
        description="Welke aanbevelingen pakken we eerst op?",
        # Opened three days ago, when sending was not yet running: its opening mail still goes out.
        opens_at=timezone.now() - datetime.timedelta(days=3),
        closes_at=timezone.now() + datetime.timedelta(days=10),
        participants=[lotte, piet],
    )


def test_round_opened_mail_reaches_each_participant_with_a_working_ballot_link(smtp_inbox, open_round, joost):
    report = services.notifications_send()

    assert report.sent == 2
    assert sorted(address for e in smtp_inbox.envelopes for address in e.rcpt_tos) == [
        "lotte@example.nl",
        "piet@example.nl",
    ]
    (mail,) = smtp_inbox.to("lotte@example.nl")
    assert mail["Subject"] == "Nieuwe prioriteringsronde: Voorjaarsronde"
    assert mail["From"] == "aanbevelingenmonitor@localhost"
    text = mail_text(mail)
    assert "Beste Lotte de Vries," in text
    assert "Welke aanbevelingen pakken we eerst op?" in text
    assert "3 keuzes voor belang en 3 voor urgentie" in text
    assert timezone.localtime(open_round.closes_at).strftime("%H:%M") in text
    assert '<a href="http://testserver/rondes/' in mail_html(mail)
    ballot_path, unsubscribe_path, settings_path = mail_links(mail, SITE)
    assert ballot_path == reverse("prioritisation:ballot", kwargs={"pk": open_round.pk})
    member_client = Client()
    member_client.force_login(open_round.participants.get(username="lid"))
    assert member_client.get(ballot_path).status_code == 200
    assert member_client.get(settings_path).status_code == 200
    assert unsubscribe_path.startswith("/mijn-instellingen/afmelden/")
    assert str(mail["List-Unsubscribe"]).strip() == f"<{SITE}{unsubscribe_path}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_a_round_open_to_the_whole_team_mails_everyone_who_may_vote_and_no_one_else(
    smtp_inbox, lotte, piet, joost, administrator
):
    with_address(administrator, "beheer@example.nl")
    gone = with_address(user_with_role("weg", roles.PROGRAMME_TEAM), "weg@example.nl")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    RecommendationFactory.create_batch(4)
    team_round = RoundFactory(name="Teamronde", opens_at=timezone.now() - datetime.timedelta(hours=1))
    assert not team_round.limited

    services.notifications_send()
    # Nobody was chosen: every active member of the programme team may vote, so each gets the mail.
    # The manager and the administrator do not vote in rounds.
    assert sorted(address for e in smtp_inbox.envelopes for address in e.rcpt_tos) == [
        "lotte@example.nl",
        "piet@example.nl",
    ]
    (mail,) = smtp_inbox.to("piet@example.nl")
    ballot_path = mail_links(mail, SITE)[0]
    piet_client = Client()
    piet_client.force_login(piet)
    assert piet_client.get(ballot_path).status_code == 200


def test_reminders_of_a_team_round_go_to_every_member_who_has_not_voted(smtp_inbox, lotte, piet, joost):
    team_round = RoundFactory(
        opens_at=timezone.now() - datetime.timedelta(days=10), closes_at=timezone.now() + datetime.timedelta(days=1)
    )
    Ballot.objects.create(round=team_round, member=lotte)

    services.notifications_send()
    assert [address for e in smtp_inbox.envelopes for address in e.rcpt_tos] == ["piet@example.nl"]
    assert Notification.objects.get().kind == Kind.ROUND_REMINDER


def test_a_limited_round_mails_only_the_chosen_participants(smtp_inbox, lotte, piet):
    RoundFactory(opens_at=timezone.now(), participants=[lotte])
    services.notifications_send()
    assert [address for e in smtp_inbox.envelopes for address in e.rcpt_tos] == ["lotte@example.nl"]


def test_the_close_of_a_team_round_reaches_the_team_and_the_readers_of_dashboards(smtp_inbox, lotte, piet, joost):
    RoundFactory(
        opens_at=timezone.now() - datetime.timedelta(days=10), closes_at=timezone.now() - datetime.timedelta(hours=1)
    )
    services.notifications_send()
    assert sorted(address for e in smtp_inbox.envelopes for address in e.rcpt_tos) == [
        "joost@example.nl",
        "lotte@example.nl",
        "piet@example.nl",
    ]
    assert "Opkomst: 0 van de 2 deelnemers stemden (0%)" in mail_text(smtp_inbox.to("piet@example.nl")[0])


def test_unsubscribe_link_works_without_login_and_stops_only_that_kind(smtp_inbox, open_round, lotte):
    services.notifications_send()
    (mail,) = smtp_inbox.to("lotte@example.nl")
    unsubscribe_path = mail_links(mail, SITE)[1]
    anonymous = Client()

    confirm = anonymous.get(unsubscribe_path)
    assert confirm.status_code == 200
    assert "Stoppen met mails van de soort" in confirm.content.decode()
    assert not Preferences.objects.filter(user=lotte).exists()  # opening the link changes nothing yet

    done = anonymous.post(unsubscribe_path)
    assert done.status_code == 200
    preferences = Preferences.objects.get(user=lotte)
    assert preferences.round_opened is False
    assert (preferences.round_reminder, preferences.round_closed, preferences.digest, preferences.comment) == (
        True,
        True,
        False,
        False,
    )


def test_a_forged_unsubscribe_link_is_refused_and_changes_nothing(lotte):
    token = tokens.unsubscribe_token(user=lotte, kind=Kind.ROUND_OPENED)
    response = Client().post(reverse("notifications:unsubscribe", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 400
    assert str(tokens.LINK_NOT_VALID) in response.content.decode()
    assert not Preferences.objects.filter(user=lotte).exists()


def test_mail_client_one_click_post_unsubscribes_without_csrf_token(lotte):
    token = tokens.unsubscribe_token(user=lotte, kind=Kind.ROUND_REMINDER)
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("notifications:unsubscribe", kwargs={"token": token}), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    assert Preferences.objects.get(user=lotte).round_reminder is False


def test_reminder_goes_only_to_participants_who_have_not_voted(smtp_inbox, open_round, lotte, piet):
    services.notifications_send()  # the opening mails
    smtp_inbox.clear()
    Ballot.objects.create(round=open_round, member=lotte)
    open_round.closes_at = timezone.now() + datetime.timedelta(days=1, hours=12)
    open_round.save()

    services.notifications_send()

    assert [e.rcpt_tos for e in smtp_inbox.envelopes] == [["piet@example.nl"]]
    (mail,) = smtp_inbox.messages
    assert mail["Subject"] == "Herinnering: Voorjaarsronde sluit binnenkort en u heeft nog niet gestemd"
    assert mail_links(mail, SITE)[0] == reverse("prioritisation:ballot", kwargs={"pk": open_round.pk})


def test_reminder_days_are_configurable(smtp_inbox, open_round):
    open_round.closes_at = timezone.now() + datetime.timedelta(days=4)
    open_round.save()
    services.notifications_send()
    assert not Notification.objects.filter(kind=Kind.ROUND_REMINDER).exists()
    services.notifications_send(reminder_days=5)
    assert Notification.objects.filter(kind=Kind.ROUND_REMINDER, state="sent").count() == 2


def test_a_member_who_votes_between_planning_and_sending_gets_no_reminder(smtp_inbox, open_round, lotte):
    open_round.closes_at = timezone.now() + datetime.timedelta(days=1)
    open_round.save()
    Preferences.objects.create(user=lotte, round_opened=False)
    services.notifications_plan(now=timezone.now(), reminder_days=2)
    Ballot.objects.create(round=open_round, member=lotte)

    services.notifications_send()

    assert smtp_inbox.to("lotte@example.nl") == []
    assert Notification.objects.get(kind=Kind.ROUND_REMINDER, recipient=lotte).state == "skipped"


def test_round_closed_mail_gives_turnout_to_participants_and_managers(smtp_inbox, open_round, lotte, joost):
    Ballot.objects.create(round=open_round, member=lotte)
    services.notifications_send()
    smtp_inbox.clear()
    open_round.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    open_round.save()

    services.notifications_send()

    recipients = sorted(address for e in smtp_inbox.envelopes for address in e.rcpt_tos)
    assert recipients == ["joost@example.nl", "lotte@example.nl", "piet@example.nl"]
    (mail,) = smtp_inbox.to("joost@example.nl")
    assert mail["Subject"] == "Ronde gesloten: Voorjaarsronde"
    assert "Opkomst: 1 van de 2 deelnemers stemden (50%)." in mail_text(mail)
    results_path = mail_links(mail, SITE)[0]
    manager_client = Client()
    manager_client.force_login(joost)
    assert manager_client.get(results_path).status_code == 200


def test_running_twice_sends_nothing_twice(smtp_inbox, open_round):
    first = services.notifications_send()
    second = services.notifications_send()
    assert (first.sent, second.sent, second.planned) == (2, 0, 0)
    assert len(smtp_inbox.envelopes) == 2
    assert Notification.objects.filter(state="sent").count() == 2


def test_a_failed_delivery_is_logged_retried_next_run_and_does_not_block_the_others(smtp_inbox, open_round, caplog):
    real_send = services.mail.EmailMultiAlternatives.send

    def refuse_piet(message, *args, **kwargs):
        if message.to == ["piet@example.nl"]:
            raise OSError("mailbox unavailable")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(services.mail.EmailMultiAlternatives, "send", refuse_piet), caplog.at_level(logging.WARNING):
        report = services.notifications_send()
    assert (report.sent, report.failed) == (1, 1)
    assert [e.rcpt_tos for e in smtp_inbox.envelopes] == [["lotte@example.nl"]]
    assert "mailbox unavailable" in caplog.text
    failed = Notification.objects.get(recipient__username="piet")
    assert (failed.state, failed.attempts, failed.claimed_by) == ("failed", 1, "")

    report = services.notifications_send()

    assert (report.sent, report.failed) == (1, 0)
    assert [e.rcpt_tos for e in smtp_inbox.envelopes] == [["lotte@example.nl"], ["piet@example.nl"]]
    assert Notification.objects.get(recipient__username="piet").state == "sent"


def test_an_unreachable_mail_server_fails_every_mail_and_the_next_run_sends_them(settings, smtp_inbox, open_round):
    settings.EMAIL_PORT = smtp_inbox.port + 1 if smtp_inbox.port < 65535 else smtp_inbox.port - 1
    settings.EMAIL_TIMEOUT = 2
    report = services.notifications_send()
    assert report.failed == 2
    settings.EMAIL_PORT = smtp_inbox.port
    assert services.notifications_send().sent == 2


def test_rounds_that_opened_long_ago_are_not_mailed_when_sending_starts(smtp_inbox, lotte):
    RoundFactory(
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() + datetime.timedelta(days=10),
        participants=[lotte],
    )
    assert services.notifications_send().sent == 0


def test_a_member_without_an_address_is_skipped(smtp_inbox, lotte, member):
    bare = user_with_role("zonder", roles.PROGRAMME_TEAM)
    RoundFactory(opens_at=timezone.now(), participants=[bare])
    assert services.notifications_send().planned == 0


MONDAY_MORNING = timezone.make_aware(datetime.datetime(2026, 11, 30, 9, 0))


@pytest.fixture
def advisor_following_digest(advisor):
    with_address(advisor, "sanne@example.nl")
    Preferences.objects.create(user=advisor, digest=True)
    return advisor


def test_weekly_summary_is_not_sent_when_nothing_changed(smtp_inbox, advisor_following_digest):
    report = services.notifications_send(now=MONDAY_MORNING)
    assert report.sent == 0
    assert smtp_inbox.envelopes == []
    assert Notification.objects.get(kind=Kind.DIGEST).state == "skipped"


def test_weekly_summary_on_monday_lists_new_links_within_the_followed_scope(smtp_inbox, advisor_following_digest):
    link = GoalLinkFactory()
    for record in link.history.all():
        record.history_date = MONDAY_MORNING - datetime.timedelta(days=2)
        record.save()
    Preferences.objects.filter(user=advisor_following_digest).update(agenda=link.goal.group.theme.agenda)

    assert services.notifications_send(now=MONDAY_MORNING - datetime.timedelta(days=1)).sent == 0  # Sunday

    assert services.notifications_send(now=MONDAY_MORNING).sent == 1
    (mail,) = smtp_inbox.messages
    assert mail["Subject"].startswith(f"Wat er veranderde in {link.goal.group.theme.agenda.name}")
    text = mail_text(mail)
    assert "NIEUWE KOPPELINGEN" in text
    assert f"{link.goal.code} en aanbeveling {link.recommendation.number}" in text
    assert mail_links(mail, SITE)[0] == link.goal.get_absolute_url()
    assert services.notifications_send(now=MONDAY_MORNING + datetime.timedelta(hours=3)).sent == 0


def test_weekly_summary_leaves_out_other_agendas(smtp_inbox, advisor_following_digest):
    link = GoalLinkFactory()
    for record in link.history.all():
        record.history_date = MONDAY_MORNING - datetime.timedelta(days=2)
        record.save()
    other = GoalLinkFactory()
    Preferences.objects.filter(user=advisor_following_digest).update(agenda=other.goal.group.theme.agenda)
    GoalLinkFactory._meta.model.history.filter(id=other.pk).update(
        history_date=MONDAY_MORNING - datetime.timedelta(days=20)
    )
    assert services.notifications_send(now=MONDAY_MORNING).sent == 0


def test_comment_mail_at_once_goes_to_followers_who_chose_it_not_to_the_author(
    smtp_inbox, lotte, piet, joost, open_round
):
    Preferences.objects.create(user=piet, comment=True, round_opened=False)
    Preferences.objects.create(user=joost, comment=True)
    Preferences.objects.create(user=lotte, comment=True, round_opened=False)
    thread_follow(target=open_round, user=piet)
    comment_create(target=open_round, author=lotte, body="Zie https://example.nl/notulen\nen het verslag.")

    services.notifications_send()

    assert [e.rcpt_tos for e in smtp_inbox.envelopes] == [["piet@example.nl"]]
    (mail,) = smtp_inbox.messages
    assert mail["Subject"] == "Nieuwe reactie van Lotte de Vries op Voorjaarsronde"
    assert "Zie https://example.nl/notulen\nen het verslag." in mail_text(mail)
    assert '<a href="https://example.nl/notulen"' in mail_html(mail)
    path = mail_links(mail, SITE)[0]
    assert path.startswith(open_round.get_absolute_url() + "#reactie-")


def test_a_round_that_opens_inside_the_reminder_window_sends_only_its_opening_mail(smtp_inbox, lotte):
    RoundFactory(
        opens_at=timezone.now() - datetime.timedelta(minutes=1),
        closes_at=timezone.now() + datetime.timedelta(days=1),
        participants=[lotte],
    )
    services.notifications_send()
    assert [m["Subject"].split(":")[0] for m in smtp_inbox.messages] == ["Nieuwe prioriteringsronde"]


def test_weekly_summary_in_december_names_the_goals_due_at_the_end_of_the_year(smtp_inbox, advisor_following_digest):
    december_monday = timezone.make_aware(datetime.datetime(2026, 12, 7, 8, 0))
    link = GoalLinkFactory(goal__target_year=2026)
    GoalLinkFactory(goal__target_year=2027, goal__group=link.goal.group)
    link.history.update(history_date=december_monday - datetime.timedelta(days=3))
    agenda = link.goal.group.theme.agenda
    Preferences.objects.filter(user=advisor_following_digest).update(agenda=agenda)

    assert services.notifications_send(now=december_monday).sent == 1
    text = mail_text(smtp_inbox.messages[0])
    assert "TERMIJNEN IN DE KOMENDE 30 DAGEN" in text
    assert "1 operationeel doel met streefjaar 2026 (klaar op 31-12-2026)" in text
    deadlines = [path for path in mail_links(smtp_inbox.messages[0], SITE) if path.startswith("/monitoring/")]
    assert deadlines == [f"/monitoring/termijnen/?target_year=2026&agenda={agenda.pk}"]


def test_following_a_thread_does_not_mail_its_earlier_comments(smtp_inbox, lotte, piet, open_round):
    Preferences.objects.create(user=piet, comment=True, round_opened=False)
    Preferences.objects.create(user=lotte, round_opened=False)
    comment_create(target=open_round, author=lotte, body="Eerder geschreven")
    thread_follow(target=open_round, user=piet)
    services.notifications_send()
    assert smtp_inbox.envelopes == []
