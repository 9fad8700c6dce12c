"""One goal-scope filter: region, agenda, theme and target year with one set of URL parameters,
on the anchoring dashboards, the goals table and monitoring, so a filtered link carries over."""

import re

import pytest
from django.urls import reverse
from django.utils.html import escape

from tests.factories import GoalGroupFactory, OperationalGoalFactory, ThemeFactory
from workagenda.filters import GoalScopeFilter

SCOPED_PAGES = [
    "coverage:dashboard",
    "coverage:comparison",
    "coverage:orphans",
    "coverage:priority",
    "workagenda:goals",
    "monitoring:dashboard",
    "monitoring:deadlines",
    "monitoring:indicators",
]
LINKED_PAGES = ["coverage:dashboard", "workagenda:goals", "monitoring:dashboard"]


@pytest.fixture
def two_themes(db):
    kept = ThemeFactory(code="VOW", agenda__slug="gm", agenda__region__slug="drenthe")
    other = ThemeFactory(code="GLP", agenda__slug="ijv", agenda__region__slug="ijssel-vecht")
    goals = {
        "kept": OperationalGoalFactory(group=GoalGroupFactory(theme=kept), letter="A", target_year=2027),
        "other_year": OperationalGoalFactory(group=GoalGroupFactory(theme=kept), letter="A", target_year=2030),
        "other_theme": OperationalGoalFactory(group=GoalGroupFactory(theme=other), letter="A", target_year=2027),
    }
    params = {"regio": "drenthe", "agenda": "gm", "thema": kept.pk, "doeljaar": 2027}
    return kept, goals, params


@pytest.mark.parametrize("name", SCOPED_PAGES)
def test_every_scoped_page_reads_the_same_parameters_into_the_same_scope(manager_client, two_themes, name):
    theme, _goals, params = two_themes
    response = manager_client.get(reverse(name), params)
    assert response.status_code == 200
    filterset = response.context["filter"]
    assert isinstance(filterset, GoalScopeFilter)
    scope = filterset.scope
    assert (scope.region.slug, scope.agenda.slug, scope.theme, scope.target_year) == ("drenthe", "gm", theme, 2027)


@pytest.mark.parametrize("name", ["workagenda:goals", "monitoring:dashboard", "monitoring:deadlines"])
def test_the_goal_lists_show_the_same_goals_for_the_same_link(manager_client, two_themes, name):
    _theme, goals, params = two_themes
    response = manager_client.get(reverse(name), params)
    content = response.content.decode()
    assert goals["kept"].code in content
    for left_out in ("other_year", "other_theme"):
        assert f'href="{goals[left_out].get_absolute_url()}"' not in content
        assert f"/monitoring/doelen/{goals[left_out].pk}/" not in content


@pytest.mark.parametrize("name", LINKED_PAGES)
def test_each_page_links_to_the_others_with_the_current_selection(manager_client, two_themes, name):
    theme, _goals, params = two_themes
    content = manager_client.get(reverse(name), params).content.decode()
    query = escape(f"regio=drenthe&agenda=gm&thema={theme.pk}&doeljaar=2027")
    links = re.findall(r'<nav class="scope-links".*?</nav>', content, re.S)
    assert len(links) == 1
    for other in LINKED_PAGES:
        if other != name:
            assert f'href="{reverse(other)}?{query}"' in links[0]


def test_no_selection_links_without_filters_or_with_invalid_ones(manager_client, two_themes):
    assert "scope-links" not in manager_client.get(reverse("workagenda:goals")).content.decode()
    content = manager_client.get(reverse("monitoring:dashboard"), {"regio": "nergens"}).content.decode()
    assert "scope-links" not in content
