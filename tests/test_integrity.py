"""Integrity lives in the database too: bypassing forms cannot store nonsense."""

import pytest
from django.db import IntegrityError, transaction

from recommendations.models import Recommendation, RecommendationRelation
from tests.factories import (
    GoalLinkFactory,
    OperationalGoalFactory,
    RecommendationFactory,
    RegionalPlanFactory,
    ThemeFactory,
)
from workagenda.models import GoalLink, OperationalGoal


def assert_refused(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


@pytest.mark.django_db
def test_recommendation_numbers_are_unique_and_positive():
    RecommendationFactory(number=1)
    assert_refused(lambda: RecommendationFactory(number=1))
    assert_refused(lambda: Recommendation.objects.create(number=0, short_title="x", lead="x", text="x"))


@pytest.mark.django_db
def test_recommendation_texts_are_not_empty():
    assert_refused(lambda: Recommendation.objects.create(number=5, short_title="", lead="x", text="x"))
    assert_refused(lambda: Recommendation.objects.create(number=6, short_title="x", lead="x", text=""))


@pytest.mark.django_db
def test_a_recommendation_does_not_relate_to_itself():
    recommendation = RecommendationFactory()
    assert_refused(
        lambda: RecommendationRelation.objects.create(source=recommendation, target=recommendation, kind="overlap")
    )


@pytest.mark.django_db
def test_operational_goal_rules():
    goal = OperationalGoalFactory(letter="A")
    assert_refused(lambda: OperationalGoalFactory(group=goal.group, letter="A"))
    assert_refused(lambda: OperationalGoal.objects.create(group=goal.group, letter="b", text="x"))
    assert_refused(lambda: OperationalGoal.objects.create(group=goal.group, letter="C", text=""))
    assert_refused(lambda: OperationalGoal.objects.create(group=goal.group, letter="D", text="x", target_year=1999))


@pytest.mark.django_db
def test_a_goal_links_to_a_recommendation_once():
    link = GoalLinkFactory()
    assert_refused(lambda: GoalLink.objects.create(goal=link.goal, recommendation=link.recommendation))


@pytest.mark.django_db
def test_theme_codes_are_unique_within_an_agenda():
    theme = ThemeFactory(code="VOW")
    assert_refused(lambda: ThemeFactory(agenda=theme.agenda, code="VOW"))
    ThemeFactory(code="VOW")  # another agenda may use the same code


@pytest.mark.django_db
def test_plan_periods_run_forward():
    assert_refused(lambda: RegionalPlanFactory(period_start=2026, period_end=2022))


@pytest.mark.django_db
def test_goal_code_is_theme_group_and_letter():
    goal = OperationalGoalFactory(group__theme__code="GL", group__number=2, letter="E")
    assert goal.code == "GL-2E"
