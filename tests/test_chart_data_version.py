"""The chart data versions: one per data area, changed once per transaction that writes to
what charts show, after it commits, and by nothing else.

Tests run inside a transaction that is never committed; `committed` runs what the application's
transactions inside it would run at their commit, as Django's captureOnCommitCallbacks does.
A write outside any transaction of the application's own is committed at once (autocommit)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import transaction
from django.urls import reverse

from charts.versions import LINKS, MONITORING, ROUNDS, data_version
from monitoring import services as monitoring_services
from monitoring.models import Indicator
from seeddata.demo import demo_load, demo_remove
from tests.factories import (
    BallotFactory,
    GoalLinkFactory,
    OperationalGoalFactory,
    RecommendationFactory,
    RoundFactory,
    UserFactory,
)
from workagenda import services
from workagenda.models import GoalLink


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def versions() -> dict[str, str]:
    return {area: data_version(area) for area in (LINKS, ROUNDS, MONITORING)}


def test_saving_and_deleting_change_the_version(db, committed):
    before = data_version()
    with committed():
        link = GoalLinkFactory()
    created = data_version()
    link.note = "Besproken in het programmateam."
    with committed():
        link.save()
    noted = data_version()
    with committed():
        link.delete()
    assert len({before, created, noted, data_version()}) == 4


def test_the_version_changes_only_when_the_transaction_commits(db, django_capture_on_commit_callbacks):
    before = data_version()
    with django_capture_on_commit_callbacks() as at_commit, transaction.atomic():
        GoalLinkFactory()
        assert data_version() == before  # readers see the old version until the commit
    for callback in at_commit:
        callback()
    assert data_version() != before


def test_a_transaction_of_many_writes_changes_the_version_once(db, django_capture_on_commit_callbacks):
    goals = OperationalGoalFactory.create_batch(3)
    recommendations = RecommendationFactory.create_batch(4)
    with django_capture_on_commit_callbacks() as at_commit, transaction.atomic():
        for goal in goals:
            for recommendation in recommendations:
                GoalLinkFactory(goal=goal, recommendation=recommendation)
    assert GoalLink.objects.count() == 12
    assert len(at_commit) == 1


def test_a_rolled_back_write_changes_nothing(db, django_capture_on_commit_callbacks):
    goal = OperationalGoalFactory()
    with django_capture_on_commit_callbacks() as at_commit:
        with pytest.raises(RuntimeError), transaction.atomic():
            GoalLinkFactory(goal=goal)
            raise RuntimeError("refused")
        # The next transaction that writes schedules its own change.
        with transaction.atomic():
            GoalLinkFactory(goal=goal)
    assert len(at_commit) == 1


def test_a_write_changes_only_the_areas_it_shows_up_in(db, committed, advisor):
    goal = OperationalGoalFactory()
    recommendation = RecommendationFactory()
    round = RoundFactory()
    start = versions()
    with committed():
        services.goal_link_create(goal=goal, recommendation=recommendation, user=advisor)
    linked = versions()
    assert linked[LINKS] != start[LINKS]
    assert linked[ROUNDS] == start[ROUNDS]
    assert linked[MONITORING] == start[MONITORING]

    with committed():
        BallotFactory(round=round, member=UserFactory())
    voted = versions()
    assert voted[ROUNDS] != linked[ROUNDS]
    assert voted[LINKS] == linked[LINKS]
    assert voted[MONITORING] == linked[MONITORING]

    with committed():
        monitoring_services.status_update_create(
            goal=goal, status="on_track", date=datetime.date(2026, 1, 5), author=advisor
        )
    monitored = versions()
    assert monitored[MONITORING] != voted[MONITORING]
    assert monitored[LINKS] == voted[LINKS]
    assert monitored[ROUNDS] == voted[ROUNDS]


def test_a_recommendation_is_shown_in_the_anchoring_and_the_round_charts(db, committed):
    start = versions()
    with committed():
        RecommendationFactory(short_title="Nieuwe aanbeveling")
    after = versions()
    assert after[LINKS] != start[LINKS]
    assert after[ROUNDS] != start[ROUNDS]
    assert after[MONITORING] == start[MONITORING]


def test_changing_participants_changes_the_version(db, committed):
    round = RoundFactory()
    before = data_version(ROUNDS)
    with committed():
        round.participants.add(UserFactory())
    assert data_version(ROUNDS) != before


def test_logins_and_roles_leave_the_version_alone(db, client, committed):
    with committed():
        GoalLinkFactory()
    before = data_version()
    with committed():
        user = UserFactory()
        user.groups.add(Group.objects.first())
        client.force_login(user)
    assert data_version() == before


def test_services_and_bulk_writes_change_the_version(seeded, advisor, committed):
    goal = OperationalGoalFactory()
    before = data_version()
    with committed():
        services.goal_link_create(goal=goal, recommendation=RecommendationFactory(number=99), user=advisor)
    linked = data_version()
    with committed():
        demo_load()  # writes links and ballots in bulk
    loaded = data_version()
    with committed():
        demo_remove()
    assert len({before, linked, loaded, data_version()}) == 4
    assert GoalLink.objects.filter(goal=goal).exists()


def test_a_chart_is_drawn_again_after_a_change_in_the_admin(admin_client, seeded, committed):
    url = reverse("coverage:chart", args=["dekking", "svg"])
    before = admin_client.get(url).content
    goal = OperationalGoalFactory()
    recommendation = RecommendationFactory(number=42, short_title="Nieuw in de beheeromgeving")
    with committed():
        response = admin_client.post(
            reverse("admin:workagenda_goallink_add"), {"goal": goal.pk, "recommendation": recommendation.pk, "note": ""}
        )
    assert response.status_code == 302
    after = admin_client.get(url).content
    assert after != before
    assert b"Nieuw in de beheeromgeving" in after


def test_the_chart_of_a_deleted_indicator_is_gone_although_it_was_cached(manager_client, committed):
    indicator = Indicator.objects.create(
        goal=OperationalGoalFactory(),
        name="Beweegnorm",
        kind=Indicator.Kind.OUTCOME,
        unit="%",
        direction=Indicator.Direction.HIGHER,
        target_value=60,
    )
    url = reverse("monitoring:indicator-chart", kwargs={"pk": indicator.pk, "fmt": "png"})
    assert manager_client.get(url).status_code == 200
    with committed():
        indicator.delete()
    assert manager_client.get(url).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_real_commit_changes_the_version_once():
    before = data_version(LINKS)
    with transaction.atomic():
        GoalLinkFactory()
        GoalLinkFactory()
        assert data_version(LINKS) == before
    assert data_version(LINKS) != before
