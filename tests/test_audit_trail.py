"""The audit trail: who changed what and when, recorded for every audited model and shown on its page."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from audit.history import recorded
from monitoring import services as monitoring_services
from monitoring.models import Indicator, Measurement, Status, StatusUpdate
from prioritisation.models import Ballot, BallotEntry, Round
from prioritisation.services import BallotChoice, ballot_submit, round_close
from recommendations.models import Recommendation
from tests.factories import AgendaFactory, OperationalGoalFactory, RecommendationFactory, RoundFactory, ThemeFactory
from workagenda.models import Agenda, OperationalGoal, Theme

DAY = datetime.date(2025, 3, 1)


@pytest.fixture
def recommendations(db):
    return [RecommendationFactory(number=n, short_title=f"Aanbeveling {n}") for n in range(1, 8)]


def _indicator(goal, user=None):
    return monitoring_services.indicator_create(
        goal=goal,
        name="Deelnemers",
        kind="output",
        unit="aantal",
        direction="higher",
        target_value=Decimal(40),
        user=user,
    )


def _build(model, user):
    """A saved instance of each audited model, recorded as made by user, and a field to change."""
    if model is Recommendation:
        return RecommendationFactory.build(number=42), "short_title"
    if model is Agenda:
        return AgendaFactory.build(region=AgendaFactory().region), "name"
    if model is Theme:
        return ThemeFactory.build(agenda=AgendaFactory()), "name"
    goal = OperationalGoalFactory()
    if model is OperationalGoal:
        return OperationalGoalFactory.build(group=goal.group, letter="Z"), "text"
    if model is StatusUpdate:
        return StatusUpdate(goal=goal, status=Status.ON_TRACK, date=DAY, author=user), "note"
    if model is Indicator:
        return Indicator(goal=goal, name="Bereik", kind="outcome", unit="%", direction="higher", target_value=1), "name"
    if model is Measurement:
        return Measurement(indicator=_indicator(goal), date=DAY, value=3, source="GGD"), "source"
    round = RoundFactory()
    if model is Round:
        return RoundFactory.build(name="Nieuwe ronde"), "description"
    ballot = Ballot.objects.create(round=round, member=user)
    if model is Ballot:
        return Ballot(round=RoundFactory(), member=user), "comment"
    return BallotEntry(ballot=ballot, criterion="importance", recommendation=RecommendationFactory()), "reason"


AUDITED = [
    Recommendation,
    Agenda,
    Theme,
    OperationalGoal,
    StatusUpdate,
    Indicator,
    Measurement,
    Round,
    Ballot,
    BallotEntry,
]


@pytest.mark.parametrize("model", AUDITED, ids=lambda model: model.__name__)
def test_each_audited_model_records_create_change_and_delete_with_the_user(model, advisor):
    instance, field = _build(model, advisor)
    recorded(instance, advisor).save()
    setattr(instance, field, "Gewijzigd")
    recorded(instance, advisor).save()
    pk = instance.pk
    if model is Ballot:
        instance.entries.all().delete()
    recorded(instance, advisor).delete()
    records = model.history.filter(id=pk).order_by("history_date", "history_id")
    assert [record.history_type for record in records] == ["+", "~", "-"]
    assert {record.history_user for record in records} == {advisor}
    assert getattr(records[1], field) == "Gewijzigd"


def test_ballot_submit_records_the_member_for_the_ballot_and_every_choice(recommendations, member):
    round = RoundFactory(participants=[member])
    picks = [BallotChoice(criterion, n) for criterion in ("importance", "urgency") for n in (1, 2, 3)]
    ballot_submit(round=round, member=member, choices=picks)
    ballot_submit(round=round, member=member, choices=picks[:5] + [BallotChoice("urgency", 7, "Nu nodig")])
    assert {record.history_user for record in Ballot.history.all()} == {member}
    entries = BallotEntry.history.all()
    assert {record.history_user for record in entries} == {member}
    assert entries.filter(history_type="-", recommendation__number=3, criterion="urgency").exists()
    assert entries.filter(history_type="+", recommendation__number=7, reason="Nu nodig").exists()


def test_monitoring_services_record_who_wrote(advisor):
    goal = OperationalGoalFactory()
    update = monitoring_services.status_update_create(goal=goal, status=Status.AT_RISK, date=DAY, author=advisor)
    indicator = _indicator(goal, advisor)
    measurement = monitoring_services.measurement_create(
        indicator=indicator, date=DAY, value=Decimal(12), source="GGD", recorded_by=advisor
    )
    for instance in (update, indicator, measurement):
        assert instance.history.get().history_user == advisor


def test_closing_a_round_records_the_administrator(administrator):
    round = RoundFactory()
    round_close(round=round, user=administrator)
    change = Round.history.filter(history_type="~").get()
    assert change.history_user == administrator
    assert change.closes_at <= change.history_date


def test_admin_changes_are_recorded_with_the_administrator(admin_client, administrator, advisor):
    goal = OperationalGoalFactory()
    response = admin_client.post(
        reverse("admin:monitoring_statusupdate_add"),
        {"goal": goal.pk, "status": Status.ACHIEVED, "date": "01-03-2025", "note": "Klaar"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert StatusUpdate.history.get().history_user == administrator
    recommendation = RecommendationFactory(number=50)
    response = admin_client.post(
        reverse("admin:recommendations_recommendation_delete", args=[recommendation.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert Recommendation.history.get(history_type="-").history_user == administrator
    response = admin_client.get(reverse("admin:recommendations_recommendation_history", args=[recommendation.pk]))
    assert response.status_code == 200


# ------------------------------------------------------------------ pages


def test_goal_page_shows_the_goal_text_and_target_year_changes(advisor_client, advisor, recommendations):
    goal = OperationalGoalFactory(text="Oude tekst", target_year=2026)
    goal.text, goal.target_year = "Nieuwe tekst", 2028
    recorded(goal, advisor).save()
    content = advisor_client.get(goal.get_absolute_url()).content.decode()
    assert "Wijzigingen" in content
    assert "Sanne Bakker" in content
    assert "Oude tekst" in content and "Nieuwe tekst" in content
    assert "2026" in content and "2028" in content
    assert "gewijzigd" in content


def test_goal_page_changes_take_the_same_queries_for_more_changes(
    advisor_client, advisor, recommendations, django_assert_num_queries, django_assert_max_num_queries
):
    goal = OperationalGoalFactory()
    url = goal.get_absolute_url()
    advisor_client.get(url)
    with django_assert_max_num_queries(1000) as few:
        advisor_client.get(url)
    expected = len(few.captured_queries)
    for year in range(2030, 2040):
        goal.target_year = year
        recorded(goal, advisor).save()
    # The first page after a change to a goal analyses the texts again for the suggestions
    # (a few queries, once); the count that must not grow is the one after it.
    advisor_client.get(url)
    with django_assert_num_queries(expected):
        response = advisor_client.get(url)
    assert response.content.decode().count("changes__item") == 11


def test_indicator_page_shows_changes_to_the_indicator_and_its_measurements(manager_client, advisor):
    indicator = _indicator(OperationalGoalFactory(), advisor)
    indicator.target_value = Decimal(55)
    recorded(indicator, advisor).save()
    monitoring_services.measurement_create(
        indicator=indicator, date=DAY, value=Decimal(12), source="GGD-monitor", recorded_by=advisor
    )
    content = manager_client.get(indicator.get_absolute_url()).content.decode()
    assert "Wijzigingen" in content
    assert "40.00" in content and "55" in content
    assert "meting van 01-03-2025" in content
    assert "GGD-monitor" in content


def test_recommendation_page_shows_its_changes(client, member, administrator):
    recommendation = RecommendationFactory(number=3, short_title="Samen leren")
    recommendation.short_title = "Samen leren en doen"
    recorded(recommendation, administrator).save()
    client.force_login(member)
    content = client.get(recommendation.get_absolute_url()).content.decode()
    assert "Samen leren en doen" in content and "Korte titel" in content


@pytest.fixture
def voted_round(recommendations, member, administrator):
    # Results shown always: managers and policy advisors read them while the round is open.
    round = RoundFactory(name="Ronde 2026", participants=[member], results_visibility="always")
    round.description = "Tweede ronde"
    recorded(round, administrator).save()
    picks = [BallotChoice(criterion, n, "Mijn reden") for criterion in ("importance", "urgency") for n in (1, 2, 3)]
    ballot_submit(round=round, member=member, choices=picks, comment="Goed zo")
    return round


def test_administrators_see_round_and_ballot_changes(admin_client, voted_round):
    for url in (
        reverse("prioritisation:results", args=[voted_round.pk]),
        reverse("prioritisation:history", args=[voted_round.pk]),
    ):
        response = admin_client.get(url)
        content = response.content.decode()
        assert response.status_code == 200
        assert "Wijzigingen" in content
        assert "Tweede ronde" in content  # the round's settings changed
        assert "stem van Lotte de Vries" in content
        assert "Lotte de Vries, belang: aanbeveling 2" in content


@pytest.mark.parametrize("persona", ["member_client", "manager_client", "advisor_client"])
def test_ballot_history_is_refused_to_everyone_but_administrators(persona, request, voted_round):
    client = request.getfixturevalue(persona)
    assert client.get(reverse("prioritisation:history", args=[voted_round.pk])).status_code == 403
    response = client.get(reverse("prioritisation:results", args=[voted_round.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Wijzigingen" not in content
    assert "stem van Lotte de Vries" not in content


def test_round_history_takes_the_same_queries_for_more_ballots(
    admin_client, voted_round, django_assert_num_queries, django_assert_max_num_queries
):
    url = reverse("prioritisation:history", args=[voted_round.pk])
    admin_client.get(url)
    with django_assert_max_num_queries(1000) as few:
        admin_client.get(url)
    for n in range(3):
        member = voted_round.participants.create(username=f"lid{n}")
        picks = [BallotChoice(criterion, k) for criterion in ("importance", "urgency") for k in (4, 5, 6)]
        ballot_submit(round=voted_round, member=member, choices=picks)
    with django_assert_num_queries(len(few.captured_queries)):
        admin_client.get(url)
