"""Writes are all or nothing: a row and its audit-trail entry, a ballot and its choices."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from simple_history.models import HistoricalRecords

from monitoring import services as monitoring_services
from monitoring.models import Indicator, Measurement, Status, StatusUpdate
from prioritisation import services as prioritisation_services
from prioritisation.models import Ballot, BallotEntry
from prioritisation.services import BallotChoice
from tests.factories import OperationalGoalFactory, RecommendationFactory, RoundFactory
from workagenda import services as workagenda_services
from workagenda.models import GoalLink

DAY = datetime.date(2025, 1, 1)


class HistoryDown(Exception):
    pass


def _status(goal, user):
    monitoring_services.status_update_create(goal=goal, status=Status.ON_TRACK, date=DAY, author=user)


def _indicator(goal, user):
    return monitoring_services.indicator_create(
        goal=goal, name="Bereik", kind="output", unit="%", direction="higher", target_value=Decimal(5), user=user
    )


def _measurement(goal, user):
    with mock.patch.object(HistoricalRecords, "create_historical_record", lambda *args, **kwargs: None):
        indicator = _indicator(goal, user)
    monitoring_services.measurement_create(
        indicator=indicator, date=DAY, value=Decimal(1), source="GGD", recorded_by=user
    )


def _link(goal, user):
    workagenda_services.goal_link_create(goal=goal, recommendation=RecommendationFactory(), user=user)


@pytest.mark.parametrize(
    ("write", "model"),
    [(_status, StatusUpdate), (_indicator, Indicator), (_measurement, Measurement), (_link, GoalLink)],
    ids=["status update", "indicator", "measurement", "link"],
)
def test_a_row_is_not_kept_when_its_history_cannot_be_written(write, model, advisor):
    goal = OperationalGoalFactory()
    with (
        mock.patch.object(HistoricalRecords, "create_historical_record", side_effect=HistoryDown),
        pytest.raises(HistoryDown),
    ):
        write(goal, advisor)
    assert not model.objects.exists()


def test_a_ballot_is_not_kept_when_its_choices_cannot_be_stored(member):
    for number in range(1, 7):
        RecommendationFactory(number=number)
    round = RoundFactory(participants=[member])
    choices = [
        BallotChoice(criterion, n)
        for criterion, numbers in (("importance", (1, 2, 3)), ("urgency", (4, 5, 6)))
        for n in numbers
    ]
    with (
        mock.patch.object(prioritisation_services, "bulk_create_with_history", side_effect=HistoryDown),
        pytest.raises(HistoryDown),
    ):
        prioritisation_services.ballot_submit(round=round, member=member, choices=choices)
    assert not Ballot.objects.exists()
    assert not BallotEntry.objects.exists()
    assert not Ballot.history.exists()
