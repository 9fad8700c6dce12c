"""Deadlines: goals by target year, overdue ones flagged with text and icon."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from monitoring import selectors, services, views
from monitoring.models import Status
from tests.factories import GoalGroupFactory, OperationalGoalFactory


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


def test_overdue_counted_in_sql_agrees_with_the_flag_per_goal(advisor):
    today = datetime.date(2026, 6, 1)
    for year in (2024, 2025, 2026, 2030, None):
        for status in (None, Status.ON_TRACK, Status.ACHIEVED):
            goal = OperationalGoalFactory(target_year=year)
            if status:
                services.status_update_create(goal=goal, status=status, date=datetime.date(2025, 1, 1), author=advisor)
    goals = selectors.goals_with_latest_status()
    counts = selectors.goal_counts_per_target_year(goals=goals, today=today)
    assert [count.year for count in counts] == [2024, 2025, 2026, 2030, None]
    flagged: dict[int | None, int] = {}
    for goal in goals:
        flagged[goal.target_year] = flagged.get(goal.target_year, 0) + selectors.goal_is_overdue(goal=goal, today=today)
    assert {count.year: count.overdue for count in counts} == flagged == {2024: 2, 2025: 2, 2026: 0, 2030: 0, None: 0}
    assert all(count.goals == 3 for count in counts)


def test_deadlines_are_paged_in_year_order_with_totals_for_the_whole_filter(manager_client, monkeypatch):
    monkeypatch.setattr(views, "DEADLINES_PER_PAGE", 3)
    group = GoalGroupFactory()
    overdue = [OperationalGoalFactory(group=group, letter=letter, target_year=2020) for letter in "AB"]
    later = [OperationalGoalFactory(group=group, letter=letter, target_year=2040) for letter in "CD"]
    undetermined = OperationalGoalFactory(group=group, letter="E", target_year=None)
    url = reverse("monitoring:deadlines")
    first = manager_client.get(url)
    groups = first.context["groups"]
    assert [(group.year, group.total) for group in groups] == [(2020, 2), (2040, 2)]
    assert [goal.pk for group in groups for goal in group.goals] == [overdue[0].pk, overdue[1].pk, later[0].pk]
    assert first.context["overdue"] == 2
    content = first.content.decode()
    assert "Per streefjaar" in content and "1–3 van 5" in content
    assert 'href="?doeljaar=2040"' in content
    second = manager_client.get(url, {"page": 2})
    groups = second.context["groups"]
    assert [(group.year, group.total) for group in groups] == [(2040, 2), (None, 1)]
    assert [goal.pk for group in groups for goal in group.goals] == [later[1].pk, undetermined.pk]
    assert second.context["overdue"] == 2


def test_deadlines_that_fit_on_one_page_show_no_pages_or_year_summary(manager_client):
    OperationalGoalFactory.create_batch(3, target_year=2030)
    content = manager_client.get(reverse("monitoring:deadlines")).content.decode()
    assert "Per streefjaar" not in content and 'aria-label="Pagina\'s"' not in content


def test_deadlines_query_count_stays_across_pages(manager_client, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(views, "DEADLINES_PER_PAGE", 2)
    OperationalGoalFactory.create_batch(5, target_year=2024)
    url = reverse("monitoring:deadlines")
    manager_client.get(url)
    with CaptureQueriesContext(connection) as before:
        manager_client.get(url)
    OperationalGoalFactory.create_batch(20, target_year=2031)
    with django_assert_num_queries(len(before.captured_queries)):
        manager_client.get(url, {"page": 3})
