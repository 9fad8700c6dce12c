"""Standing personas and the seed, shared by every test module."""

import copy
import email
import email.policy
import logging
import os
import re
import socket
from dataclasses import dataclass, field

import pytest
from aiosmtpd.controller import Controller
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from hypothesis import settings

from accounts import roles
from monitoring.models import Indicator
from prioritisation.services import BallotChoice, ballot_submit
from tests.factories import (
    GoalGroupFactory,
    OperationalGoalFactory,
    RecommendationFactory,
    RoundFactory,
    ThemeFactory,
    UserFactory,
    roles_create,
)

# Property-based tests: the same examples on every run ("ci"), so the suite is repeatable;
# HYPOTHESIS_PROFILE=explore searches ten times wider, with fresh examples, to look for bugs.
settings.register_profile("ci", max_examples=40, derandomize=True, database=None)
settings.register_profile("explore", max_examples=400)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache. Tests roll their data back, and SQLite then
    hands out the same ids again, so a chart cached by one test could otherwise be served
    to the next for different data."""
    cache.clear()


def user_with_role(username: str, role: str | None, **extra):
    user = UserFactory(username=username, **extra)
    if role:
        if not Group.objects.filter(name=role).exists():
            roles_create()  # a test in real transactions before this one emptied every table
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def member(db):
    """A programme team member: votes in rounds."""
    return user_with_role("lid", roles.PROGRAMME_TEAM, first_name="Lotte", last_name="de Vries")


@pytest.fixture
def advisor(db):
    """A policy advisor: maintains agendas and links goals to recommendations."""
    return user_with_role("adviseur", roles.POLICY_ADVISOR, first_name="Sanne", last_name="Bakker")


@pytest.fixture
def manager(db):
    """A manager: reads dashboards and exports."""
    return user_with_role("manager", roles.MANAGER, first_name="Joost", last_name="Mulder")


@pytest.fixture
def outsider(db):
    """Logged in, but given no role yet."""
    return user_with_role("buitenstaander", None)


@pytest.fixture
def administrator(db):
    return user_with_role("beheerder", None, is_staff=True, is_superuser=True)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def advisor_client(client, advisor):
    client.force_login(advisor)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture(scope="session")
def seed_snapshot(django_db_setup, django_db_blocker) -> dict:
    """The rows load_seed writes, made once per test session and rolled back.

    Loading the seed runs hundreds of queries; copying its rows in bulk runs a few,
    which keeps the many tests that need the real seed fast."""
    snapshot = {}
    with django_db_blocker.unblock(), transaction.atomic():
        before = {model: model.objects.count() for model in apps.get_models() if model._meta.managed}
        call_command("load_seed", verbosity=0)
        for model, count in before.items():
            if model.objects.count() != count:
                snapshot[model] = list(model.objects.all())
        transaction.set_rollback(True)
    return snapshot


@pytest.fixture
def seeded(db, seed_snapshot):
    """The real seed structure: recommendations, regions, plans and agendas."""
    # One transaction: the tables are filled in no particular order, and the database
    # checks the references at its end (tests in real transactions commit it).
    with transaction.atomic():
        for model, rows in seed_snapshot.items():
            model.objects.bulk_create(copy.copy(row) for row in rows)
        # Rows came with their ids; PostgreSQL's sequences must move past them.
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(seed_snapshot)):
                cursor.execute(statement)


def pytest_collection_modifyitems(items):
    """Browser tests run last: Playwright keeps its event loop in the test thread for the rest
    of the session, and Django refuses database work beside a running loop."""
    items.sort(key=lambda item: item.path.parent.name == "e2e")


@dataclass
class Inbox:
    """What a real SMTP server, started by the test on 127.0.0.1, received."""

    envelopes: list = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.envelopes.append(envelope)
        return "250 Message accepted"

    @property
    def messages(self) -> list:
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.envelopes]

    def to(self, address: str) -> list:
        return [m for e, m in zip(self.envelopes, self.messages, strict=True) if address in e.rcpt_tos]

    def clear(self) -> None:
        self.envelopes.clear()


def mail_text(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def mail_html(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()


def mail_links(message, site_url: str) -> list[str]:
    """The paths of the product's links in the plain text, in order."""
    return [
        url.removeprefix(site_url)
        for url in re.findall(r"https?://\S+", mail_text(message))
        if url.startswith(site_url)
    ]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    """A real SMTP server on a free port; Django's mail goes there, links point at the test client's host."""
    inbox = Inbox()
    port = free_port()
    # aiosmtpd logs every SMTP command at INFO; the test reads the inbox instead.
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.SITE_URL = "http://testserver"
    inbox.port = port
    yield inbox
    controller.stop()


@pytest.fixture
def world(db, member):
    """One of everything the pages of tests/filtered_pages.py show, so each has something to filter."""
    theme = ThemeFactory(code="VOW", agenda__slug="gm", agenda__region__slug="drenthe")
    goal = OperationalGoalFactory(group=GoalGroupFactory(theme=theme), letter="A", target_year=2027)
    for number in (1, 2, 3, 4):
        RecommendationFactory(number=number)
    Indicator.objects.create(goal=goal, name="Bereik", kind="output", unit="%", direction="higher", target_value=50)
    round = RoundFactory(participants=[member])
    choices = [BallotChoice("importance", n) for n in (1, 2, 3)] + [BallotChoice("urgency", n) for n in (2, 3, 4)]
    ballot_submit(round=round, member=member, choices=choices)
    round.closes_at = timezone.now() - timezone.timedelta(minutes=1)
    round.save()
    return {"theme": str(theme.pk), "round": str(round.pk), "number": "1", "region": "drenthe"}
