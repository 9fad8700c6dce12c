"""A request the database cuts off (a lock held too long, a statement running too long) gets
the Dutch "try again" page, a 503 in our layout, and holds no worker for ever."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError, connection, transaction
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse

from accounts import roles
from prioritisation.models import Ballot, Round
from tests.factories import RecommendationFactory, RoundFactory, UserFactory, roles_create

TRY_AGAIN = "Even druk: probeer het zo opnieuw"


def assert_try_again_page(response):
    content = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert TRY_AGAIN in content and 'class="site-header"' in content
    assert "Traceback" not in content and "lock" not in content


def wait_briefly_for_locks():
    """The configured waits are 10 s (PostgreSQL) and 20 s (SQLite); a test needs not wait so long."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET lock_timeout = '300ms'")
        else:
            cursor.execute("PRAGMA busy_timeout = 300")


@pytest.mark.django_db(transaction=True)
def test_a_ballot_waiting_too_long_for_a_lock_gets_the_try_again_page():
    roles_create()
    for number in range(1, 11):
        RecommendationFactory(number=number)
    voter = UserFactory(username="stemmer")
    voter.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    round = RoundFactory(participants=[voter])
    client = Client(raise_request_exception=False)
    client.force_login(voter)
    locked, release = threading.Event(), threading.Event()

    def hold_the_round():
        try:
            with transaction.atomic():  # on SQLite this alone holds the write lock
                Round.objects.select_for_update().get(pk=round.pk)
                locked.set()
                release.wait(timeout=30)
        finally:
            connection.close()

    holder = threading.Thread(target=hold_the_round)
    holder.start()
    try:
        assert locked.wait(timeout=10)
        wait_briefly_for_locks()
        response = client.post(
            reverse("prioritisation:ballot", kwargs={"pk": round.pk}),
            {"importance": ["1", "2", "3"], "urgency": ["1", "2", "3"], "comment": "eerste"},
        )
    finally:
        release.set()
        holder.join(timeout=30)
        connection.close()  # back to the configured waits
    assert_try_again_page(response)
    assert not Ballot.objects.exists()


class PostgresCause(Exception):
    """What the PostgreSQL driver raises: its error carries the server's SQLSTATE code."""

    def __init__(self, sqlstate):
        self.sqlstate = sqlstate


def error_page_for(exception: OperationalError, cause: Exception):
    """What the error handler shows while this exception is being handled."""
    handler = get_resolver().resolve_error_handler(500)
    try:
        raise exception from cause
    except OperationalError:
        return handler(RequestFactory().get("/"))


@pytest.mark.parametrize(
    ("sqlstate", "what"),
    [
        ("57014", "canceling statement due to statement timeout"),
        ("55P03", "canceling statement due to lock timeout"),
        ("57P01", "terminating connection due to administrator command"),
        (None, "connection to server failed: Connection refused"),
    ],
)
def test_postgresql_timeouts_and_restarts_get_the_try_again_page(db, sqlstate, what, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = error_page_for(OperationalError(what), PostgresCause(sqlstate))
    assert_try_again_page(response)


def test_other_database_errors_still_get_the_error_page(db):
    response = error_page_for(OperationalError("relation x does not exist"), PostgresCause("42P01"))
    assert response.status_code == 500 and "Er is iets misgegaan" in response.content.decode()
    response = error_page_for(OperationalError("no such table: x"), Exception("no such table: x"))
    assert response.status_code == 500


def test_every_connection_carries_the_configured_waits(db, settings):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW statement_timeout")
            assert cursor.fetchone()[0] == f"{settings.DATABASE_STATEMENT_TIMEOUT}s" == "30s"
            cursor.execute("SHOW lock_timeout")
            assert cursor.fetchone()[0] == f"{settings.DATABASE_LOCK_TIMEOUT}s" == "10s"
        else:
            cursor.execute("PRAGMA busy_timeout")
            assert cursor.fetchone()[0] == 20000
