"""The chart data version changes with every write to what charts show, and with nothing else."""

from django.contrib.auth.models import Group
from django.urls import reverse

from charts.versions import data_version
from monitoring.models import Indicator
from seeddata.demo import demo_load, demo_remove
from tests.factories import GoalLinkFactory, OperationalGoalFactory, RecommendationFactory, RoundFactory, UserFactory
from workagenda import services
from workagenda.models import GoalLink


def test_saving_and_deleting_change_the_version(db):
    before = data_version()
    link = GoalLinkFactory()
    created = data_version()
    link.note = "Besproken in het programmateam."
    link.save()
    noted = data_version()
    link.delete()
    assert len({before, created, noted, data_version()}) == 4


def test_changing_participants_changes_the_version(db):
    round = RoundFactory()
    before = data_version()
    round.participants.add(UserFactory())
    assert data_version() != before


def test_logins_and_roles_leave_the_version_alone(db, client):
    GoalLinkFactory()
    before = data_version()
    user = UserFactory()
    user.groups.add(Group.objects.first())
    client.force_login(user)
    assert data_version() == before


def test_services_and_bulk_writes_change_the_version(seeded, advisor):
    goal = OperationalGoalFactory()
    before = data_version()
    services.goal_link_create(goal=goal, recommendation=RecommendationFactory(number=99), user=advisor)
    linked = data_version()
    demo_load()  # writes links and ballots in bulk
    loaded = data_version()
    demo_remove()
    assert len({before, linked, loaded, data_version()}) == 4
    assert GoalLink.objects.filter(goal=goal).exists()


def test_a_chart_is_drawn_again_after_a_change_in_the_admin(admin_client, seeded):
    url = reverse("coverage:chart", args=["dekking", "svg"])
    before = admin_client.get(url).content
    goal = OperationalGoalFactory()
    recommendation = RecommendationFactory(number=42, short_title="Nieuw in de beheeromgeving")
    response = admin_client.post(
        reverse("admin:workagenda_goallink_add"), {"goal": goal.pk, "recommendation": recommendation.pk, "note": ""}
    )
    assert response.status_code == 302
    after = admin_client.get(url).content
    assert after != before
    assert b"Nieuw in de beheeromgeving" in after


def test_the_chart_of_a_deleted_indicator_is_gone_although_it_was_cached(manager_client):
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
    indicator.delete()
    assert manager_client.get(url).status_code == 404
