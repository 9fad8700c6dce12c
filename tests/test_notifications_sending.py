"""send_notifications sends nothing twice: not when run twice, not when two servers run it at once."""

import asyncio
import datetime
import os
import subprocess
import sys
from collections import Counter

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from accounts import roles
from notifications import services
from notifications.checks import site_url_is_public
from notifications.models import Kind, Notification
from tests.conftest import user_with_role
from tests.factories import RoundFactory

MEMBERS = 30


def make_round_with_members(count: int):
    members = [
        user_with_role(f"lid{n}", roles.PROGRAMME_TEAM, email=f"lid{n}@example.nl", first_name="Lid", last_name=str(n))
        for n in range(count)
    ]
    return RoundFactory(opens_at=timezone.now() - datetime.timedelta(minutes=1), participants=members)


def test_two_senders_claim_disjoint_batches(db):
    make_round_with_members(6)
    now = timezone.now()
    services.notifications_plan(now=now, reminder_days=2)

    first = services.notifications_claim(worker="a", now=now, limit=4)
    second = services.notifications_claim(worker="b", now=now, limit=4)
    third = services.notifications_claim(worker="c", now=now, limit=4)

    assert (len(first), len(second), third) == (4, 2, [])
    assert not {n.pk for n in first} & {n.pk for n in second}


def test_a_claim_left_by_a_sender_that_stopped_is_taken_over_after_the_timeout(db):
    make_round_with_members(1)
    now = timezone.now()
    services.notifications_plan(now=now, reminder_days=2)
    (claimed,) = services.notifications_claim(worker="stopped", now=now)

    assert services.notifications_claim(worker="other", now=now + services.CLAIM_TIMEOUT / 2) == []
    (taken,) = services.notifications_claim(worker="other", now=now + services.CLAIM_TIMEOUT * 2)
    assert taken.pk == claimed.pk


def test_planning_twice_keeps_one_row_per_mail(db):
    make_round_with_members(3)
    now = timezone.now()
    assert services.notifications_plan(now=now, reminder_days=2) == 3
    assert services.notifications_plan(now=now, reminder_days=2) == 0
    assert Notification.objects.filter(kind=Kind.ROUND_OPENED).count() == 3


def test_command_twice_sends_each_mail_once(smtp_inbox, db, capsys):
    make_round_with_members(3)
    call_command("send_notifications")
    call_command("send_notifications")
    assert "planned 3, sent 3" in capsys.readouterr().out
    assert len(smtp_inbox.envelopes) == 3


def _database_url() -> str:
    """The test database, as the other processes reach it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_processes_at_once_send_each_mail_exactly_once(smtp_inbox):
    original = smtp_inbox.handle_DATA

    async def slow_server(server, session, envelope):
        # A slow mail server keeps both senders busy at the same time.
        await asyncio.sleep(0.05)
        return await original(server, session, envelope)

    smtp_inbox.handle_DATA = slow_server
    make_round_with_members(MEMBERS)
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "gezondemarke.settings.test",
        "DATABASE_URL": _database_url(),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_inbox.port),
        "EMAIL_USE_TLS": "false",
        "SITE_URL": "http://testserver",
    }
    command = [sys.executable, "manage.py", "send_notifications", "--batch-size", "3"]
    senders = [
        subprocess.Popen(  # noqa: S603 - our own command
            command, cwd=settings.BASE_DIR, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for _ in range(2)
    ]
    outputs = [sender.communicate(timeout=120) for sender in senders]

    assert [sender.returncode for sender in senders] == [0, 0], outputs
    received = Counter(address for envelope in smtp_inbox.envelopes for address in envelope.rcpt_tos)
    assert len(received) == MEMBERS
    assert set(received.values()) == {1}
    assert Notification.objects.filter(state="sent").count() == MEMBERS
    sent_by_each = [int(out.split("sent ")[1].split(",")[0]) for out, _err in outputs]
    assert sum(sent_by_each) == MEMBERS


def test_deployment_check_refuses_mail_links_to_the_machine_itself(settings):
    settings.EMAIL_HOST = "smtp.example.nl"
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert [warning.id for warning in site_url_is_public(None)] == ["notifications.W001"]
    settings.SITE_URL = "https://monitor.example.nl"
    assert site_url_is_public(None) == []
    settings.EMAIL_HOST = ""
    settings.SITE_URL = "http://127.0.0.1:8000"
    assert site_url_is_public(None) == []
