"""Deadlines: goals by target year, overdue ones flagged with text and icon."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import services
from monitoring.models import Status
from tests.factories import OperationalGoalFactory


def test_goals_grouped_by_year_and_overdue_flagged(manager_client, advisor):
    past = OperationalGoalFactory(target_year=2020)
    done = OperationalGoalFactory(target_year=2021)
    services.status_update_create(goal=done, status=Status.ACHIEVED, date=datetime.date(2021, 6, 1), author=advisor)
    future = OperationalGoalFactory(target_year=2040)
    undetermined = OperationalGoalFactory(target_year=None)
    response = manager_client.get(reverse("monitoring:deadlines"))
    groups = response.context["groups"]
    assert [group.year for group in groups] == [2020, 2021, 2040, None]
    flags = {goal.pk: goal.overdue for group in groups for goal in group.goals}
    assert flags == {past.pk: True, done.pk: False, future.pk: False, undetermined.pk: False}
    content = response.content.decode()
    assert "niet bepaald" in content
    assert content.count("⚠</span> <strong>Over de termijn</strong>") == 1
    assert response.context["overdue"] == 1


def test_current_target_year_is_not_yet_overdue(manager_client):
    OperationalGoalFactory(target_year=datetime.date.today().year)
    response = manager_client.get(reverse("monitoring:deadlines"))
    assert response.context["overdue"] == 0


def test_deadlines_query_count_does_not_grow(manager_client, django_assert_num_queries):
    OperationalGoalFactory(target_year=2024)
    url = reverse("monitoring:deadlines")
    manager_client.get(url)
    with CaptureQueriesContext(connection) as before:
        manager_client.get(url)
    for year in (2024, 2025, 2030, None):
        OperationalGoalFactory.create_batch(3, target_year=year)
    with django_assert_num_queries(len(before.captured_queries)):
        manager_client.get(url)
