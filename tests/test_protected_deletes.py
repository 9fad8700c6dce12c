"""Deleting something others depend on is refused in Dutch, in the admin, one by one or in bulk."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from prioritisation.models import Ballot, BallotEntry, Round
from recommendations.models import Recommendation
from regioplan.models import Region, RegionalPlan
from tests.factories import RecommendationFactory, RoundFactory
from workagenda.models import Agenda, GoalGroup, GoalLink, OperationalGoal, Theme

EXPLANATION = "Dit kan niet worden verwijderd: andere gegevens hangen ervan af"


@pytest.fixture
def linked(seeded, advisor):
    """A link, so that a recommendation and an operational goal have dependants too."""
    goal = OperationalGoal.objects.order_by("pk").first()
    GoalLink.objects.create(goal=goal, recommendation=Recommendation.objects.get(number=4), created_by=advisor)
    return goal


def depended_on(model, goal):
    """An object of the model that others depend on."""
    return {
        Recommendation: lambda: Recommendation.objects.get(number=4),
        OperationalGoal: lambda: goal,
        GoalGroup: lambda: goal.group,
        Theme: lambda: goal.group.theme,
        Agenda: lambda: goal.group.theme.agenda,
        Region: lambda: goal.group.theme.agenda.region,
        RegionalPlan: lambda: RegionalPlan.objects.filter(objectives__isnull=False).first(),
    }[model]()


MODELS = [Recommendation, OperationalGoal, GoalGroup, Theme, Agenda, Region, RegionalPlan]


def counts() -> dict:
    return {each: each.objects.count() for each in [*MODELS, GoalLink]}


# One seeded database for all the models: loading the seed is the slow part.
def test_deleting_one_that_others_depend_on_is_refused_in_dutch(admin_client, linked):
    before = counts()
    for model in MODELS:
        instance = depended_on(model, linked)
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_delete", args=[instance.pk])
        for response in (admin_client.get(url), admin_client.post(url, {"post": "yes"})):
            content = response.content.decode()
            assert response.status_code == 200, model
            assert EXPLANATION in content, model
            assert "vereist het verwijderen van de volgende" in content, model  # Django's list of dependants
    assert counts() == before


def test_deleting_them_in_bulk_is_refused_in_dutch(admin_client, linked):
    before = counts()
    for model in MODELS:
        instance = depended_on(model, linked)
        response = admin_client.post(
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
            {"action": "delete_selected", ACTION_CHECKBOX_NAME: [instance.pk], "post": "yes"},
        )
        assert response.status_code == 200, model
        assert EXPLANATION in response.content.decode(), model
    assert counts() == before


def test_something_nothing_depends_on_can_still_be_deleted(admin_client, seeded):
    goal = OperationalGoal.objects.order_by("pk").first()
    response = admin_client.post(reverse("admin:workagenda_operationalgoal_delete", args=[goal.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not OperationalGoal.objects.filter(pk=goal.pk).exists()


def test_a_round_with_ballots_cannot_be_deleted_but_closed(admin_client, member):
    """Deleting the round would silently take its ballots along; the admin refuses and explains."""
    round = RoundFactory(participants=[member])
    ballot = Ballot.objects.create(round=round, member=member)
    BallotEntry.objects.create(ballot=ballot, criterion="importance", recommendation=RecommendationFactory())
    url = reverse("admin:prioritisation_round_delete", args=[round.pk])
    for response in (admin_client.get(url), admin_client.post(url, {"post": "yes"})):
        assert response.status_code == 200
        assert EXPLANATION in response.content.decode()
    response = admin_client.post(
        reverse("admin:prioritisation_round_changelist"),
        {"action": "delete_selected", ACTION_CHECKBOX_NAME: [round.pk], "post": "yes"},
    )
    assert EXPLANATION in response.content.decode()
    assert (Round.objects.count(), Ballot.objects.count(), BallotEntry.objects.count()) == (1, 1, 1)
    empty = RoundFactory()
    response = admin_client.post(reverse("admin:prioritisation_round_delete", args=[empty.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Round.objects.filter(pk=empty.pk).exists()
