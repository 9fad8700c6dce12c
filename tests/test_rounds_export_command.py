"""python manage.py export_priorities: one row per recommendation, CSV or JSON."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from prioritisation.models import Round
from prioritisation.services import BallotChoice, ballot_submit
from tests.exported import csv_records
from tests.factories import RecommendationFactory, RoundFactory, UserFactory


@pytest.fixture
def rounds(db):
    for number in range(1, 11):
        RecommendationFactory(number=number, short_title=f"Aanbeveling {number}")
    older = RoundFactory(name="Ronde 2024")
    scale = RoundFactory(name="Schaal 2025", method=Round.Method.SCALE)
    for index, picks in enumerate([(2, 7, 6), (2, 7, 1)]):
        member = UserFactory(username=f"lid{index}")
        older.participants.add(member)
        choices = [BallotChoice(c, n) for c in ("importance", "urgency") for n in picks]
        ballot_submit(round=older, member=member, choices=choices)
    member = UserFactory(username="schaal")
    scale.participants.add(member)
    ballot_submit(
        round=scale,
        member=member,
        choices=[BallotChoice(c, n, score=4) for c in ("importance", "urgency") for n in range(1, 11)],
    )
    now = timezone.now()
    Round.objects.filter(pk=older.pk).update(opens_at=now - timedelta(days=30), closes_at=now - timedelta(days=10))
    return older, scale


def run(*args) -> str:
    out = io.StringIO()
    call_command("export_priorities", *args, stdout=out)
    return out.getvalue()


def test_default_is_the_latest_closed_round_as_csv(rounds):
    rows = csv_records(run("--format", "csv"))
    assert len(rows) == 10
    assert rows[1] == {"number": "2", "short_title": "Aanbeveling 2", "importance": "2", "urgency": "2", "ballots": "2"}


def test_json_for_a_named_scale_round_gives_means(rounds):
    _older, scale = rounds
    data = json.loads(run("--round", "Schaal 2025", "--format", "json", "--include-open"))
    assert data[0] == {"number": 1, "short_title": "Aanbeveling 1", "importance": 4.0, "urgency": 4.0, "ballots": 1}
    assert json.loads(run("--round", str(scale.pk), "--format", "json", "--include-open")) == data


def test_an_open_round_that_hides_its_results_is_refused_with_the_reason(rounds):
    _older, scale = rounds
    with pytest.raises(CommandError, match="still open and its settings keep the results hidden"):
        run("--round", "Schaal 2025")
    with pytest.raises(CommandError, match="--include-open"):
        run("--round", "Schaal 2025", "--with-coverage")
    scale.results_visibility = Round.ResultsVisibility.ALWAYS
    scale.save()
    assert len(json.loads(run("--round", "Schaal 2025", "--format", "json"))) == 10


def test_unknown_round_is_a_clear_error(rounds):
    with pytest.raises(CommandError, match="There is no round with name or id 'Ronde 1999'"):
        run("--round", "Ronde 1999")


def test_no_closed_round_yet_is_a_clear_error(db):
    with pytest.raises(CommandError, match="There is no closed round yet"):
        run()


def test_filters_without_coverage_are_a_clear_error(rounds):
    with pytest.raises(CommandError, match="need --with-coverage"):
        run("--region", "drenthe")
