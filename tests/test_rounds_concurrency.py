"""One ballot per member per round, also when the same member submits twice at once.

Each thread posts through its own test client and therefore its own database
connection, so on PostgreSQL the two submissions really race in two transactions."""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from prioritisation.models import Ballot, BallotEntry
from tests.factories import RecommendationFactory, RoundFactory


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_submissions_give_exactly_one_ballot(member):
    for number in range(1, 11):
        RecommendationFactory(number=number)
    round = RoundFactory(participants=[member])
    url = reverse("prioritisation:ballot", kwargs={"pk": round.pk})
    ballots = [
        {"importance": ["1", "2", "3"], "urgency": ["1", "2", "3"], "comment": "eerste"},
        {"importance": ["4", "5", "6"], "urgency": ["4", "5", "6"], "comment": "tweede"},
    ]
    start = threading.Barrier(len(ballots))
    statuses: list[int] = []

    def submit(data):
        client = Client()
        client.force_login(member)
        try:
            start.wait(timeout=10)
            statuses.append(client.post(url, data).status_code)
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=submit, args=(data,)) for data in ballots]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [302, 302]  # both accepted in turn, neither a 500
    ballot = Ballot.objects.get(round=round, member=member)
    # The later submission replaced the earlier one completely: no mix of both.
    numbers = set(BallotEntry.objects.filter(ballot=ballot).values_list("recommendation__number", flat=True))
    assert numbers in ({1, 2, 3}, {4, 5, 6})
    assert ballot.comment == ("eerste" if numbers == {1, 2, 3} else "tweede")
    assert BallotEntry.objects.filter(ballot=ballot).count() == 6
