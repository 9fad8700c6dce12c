"""The foundation's pages: login required, real content, constant query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from recommendations.models import Recommendation
from regioplan.models import Region
from tests.factories import (
    AgendaFactory,
    GoalGroupFactory,
    GoalLinkFactory,
    OperationalGoalFactory,
    RecommendationFactory,
    RegionFactory,
    ThemeFactory,
)
from workagenda.models import OperationalGoal, Theme


@pytest.mark.parametrize(
    "url",
    ["/", "/aanbevelingen/", "/aanbevelingen/1/", "/regios/drenthe/", "/werkagenda/doelen/1/"],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_in_dutch(client, db):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert '<html lang="nl">' in response.content.decode()
    assert "Inloggen" in response.content.decode()


def test_login_with_a_wrong_password_is_refused_in_dutch(client, member):
    response = client.post(reverse("login"), {"username": member.username, "password": "fout"})
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_recommendation_list_and_detail(member_client, seeded):
    response = member_client.get(reverse("recommendations:list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 10

    detail = member_client.get(Recommendation.objects.get(number=10).get_absolute_url())
    content = detail.content.decode()
    assert "Is randvoorwaarde voor" in content
    assert content.count("Is randvoorwaarde voor") == 9

    five = member_client.get(reverse("recommendations:detail", kwargs={"number": 5})).content.decode()
    assert "Overlapt met" in five and "Heeft als randvoorwaarde" in five


def test_unknown_recommendation_is_a_dutch_404(member_client, seeded):
    response = member_client.get(reverse("recommendations:detail", kwargs={"number": 99}))
    assert response.status_code == 404


def test_region_page_shows_plans_tasks_and_links_every_theme(member_client, seeded, django_assert_max_num_queries):
    with django_assert_max_num_queries(13):
        response = member_client.get(Region.objects.get(slug="drenthe").get_absolute_url())
    content = response.content.decode()
    assert "Netwerkaanpak" in content and "2040" in content
    # The operational goals are listed on the theme pages; the region page counts them.
    for theme in Theme.objects.filter(agenda__region__slug="drenthe"):
        assert reverse("regions:theme", kwargs={"slug": "drenthe", "pk": theme.pk}) in content


def test_goal_page_shows_code_text_and_target_year(member_client, seeded):
    goal = OperationalGoal.objects.select_related("group__theme").get(text__startswith="Uiterlijk 1 januari 2025")
    content = member_client.get(goal.get_absolute_url()).content.decode()
    assert goal.code in content
    assert "2025" in content
    assert "Dit doel is nog niet aan een aanbeveling gekoppeld." in content


def test_unknown_goal_is_a_404(member_client, db):
    assert member_client.get(reverse("workagenda:goal", kwargs={"pk": 424242})).status_code == 404


def test_health_check_answers_without_login_in_one_query(client, db, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"database": "up", "cache": "local"}


def test_recommendation_list_shows_twenty_a_page(member_client, db):
    RecommendationFactory.create_batch(25)
    first = member_client.get(reverse("recommendations:list")).content.decode()
    assert first.count('class="card"') == 20 and "1–20 van 25" in first
    second = member_client.get(reverse("recommendations:list") + "?page=2").content.decode()
    assert second.count('class="card"') == 5 and 'start="21"' in second


def test_recommendation_page_spreads_many_linked_goals_over_pages_and_counts_them_all(
    member_client, django_assert_num_queries
):
    recommendation = RecommendationFactory(number=1)
    url = recommendation.get_absolute_url()
    theme = ThemeFactory(name="Groot thema", agenda=AgendaFactory(region=RegionFactory(name="Regio A")))
    for goal in OperationalGoalFactory.create_batch(3, group=GoalGroupFactory(theme=theme)):
        GoalLinkFactory(goal=goal, recommendation=recommendation)
    member_client.get(url)  # warm up the session and the role cache
    with CaptureQueriesContext(connection) as small:
        content = member_client.get(url).content.decode()
    assert "pagination" not in content and "deze pagina toont" not in content
    group = GoalGroupFactory(theme=theme)
    for index in range(27):
        goal = OperationalGoalFactory(group=group, letter=chr(ord("A") + index // 26) + chr(ord("A") + index % 26))
        GoalLinkFactory(goal=goal, recommendation=recommendation)
    with django_assert_num_queries(len(small.captured_queries)):
        content = member_client.get(url).content.decode()
    assert "30 operationele doelen zijn aan deze aanbeveling gekoppeld; deze pagina toont 1 tot en met 25" in content
    assert 'Regio A <span class="muted">(30 operationele doelen)</span>' in content  # all, not this page's
    assert "(Werkagenda" in content and ", 30)</span>" in content  # the theme counts all its goals too
    assert content.count('class="goal-code"') == 25
    second = member_client.get(url + "?page=2").content.decode()
    assert second.count('class="goal-code"') == 5 and "26 tot en met 30" in second
