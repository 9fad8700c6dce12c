"""A fresh installation (the seed only: no links, no rounds, no statuses) draws no all-zero
chart anywhere: each dashboard says what is missing and who does what next."""

import re

import pytest
from django.urls import reverse

from recommendations.models import Recommendation
from tests.factories import GoalLinkFactory
from workagenda.models import OperationalGoal

DASHBOARDS = {
    "home": "Zo begint u",
    "coverage:dashboard": "Nog geen koppelingen. Beleidsadviseurs koppelen doelen aan aanbevelingen onder Koppelen",
    "coverage:comparison": "Nog geen koppelingen. Beleidsadviseurs koppelen doelen aan aanbevelingen onder Koppelen",
    "coverage:priority": "Er is nog geen gesloten prioriteringsronde",
    "monitoring:dashboard": "Er is nog geen status gemeld. Beleidsadviseurs melden de status",
    "prioritisation:comparison": "De beheerder opent een ronde onder Prioriteringsrondes",
}


def charts_on(page: str) -> list[str]:
    return re.findall(r'<img[^>]+src="[^"]*(?:grafiek|overzicht)[^"]*"', page)


@pytest.mark.parametrize("url_name", sorted(DASHBOARDS))
def test_each_dashboard_says_what_is_missing_and_draws_no_chart(manager_client, seeded, url_name):
    page = manager_client.get(reverse(url_name)).content.decode()
    assert DASHBOARDS[url_name] in page
    assert not charts_on(page)


def test_advisors_get_a_way_to_start_linking(advisor_client, seeded):
    page = advisor_client.get(reverse("coverage:dashboard")).content.decode()
    assert reverse("workagenda:link_themes") in page
    assert reverse("monitoring:import") in advisor_client.get(reverse("monitoring:dashboard")).content.decode()


def test_once_goals_are_linked_the_charts_appear_and_empty_filters_are_named(manager_client, seeded):
    goal = OperationalGoal.objects.filter(group__theme__agenda__region__slug="drenthe").first()
    GoalLinkFactory(goal=goal, recommendation=Recommendation.objects.get(number=1))
    page = manager_client.get(reverse("coverage:dashboard")).content.decode()
    assert charts_on(page)
    elsewhere = manager_client.get(reverse("coverage:dashboard"), {"regio": "ijssel-vecht"}).content.decode()
    assert "Binnen deze filters is nog geen operationeel doel aan een aanbeveling gekoppeld" in elsewhere
    assert "grafiek/dekking.png" not in elsewhere
