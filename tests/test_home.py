"""The home page per role: each lands on its answer and its next step, also on a fresh install."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from home import selectors
from monitoring.models import Status, StatusUpdate
from notifications.models import Visit
from prioritisation.models import Round
from recommendations.models import Recommendation
from tests.factories import (
    AgendaFactory,
    BallotFactory,
    GoalGroupFactory,
    GoalLinkFactory,
    OperationalGoalFactory,
    RegionFactory,
    RoundFactory,
    ThemeFactory,
)
from workagenda.models import OperationalGoal

HOME = reverse("home")


def widget_templates(response) -> list[str]:
    return [widget.template for widget in response.context["widgets"]]


def widget(response, name: str) -> dict:
    return next(w.context for w in response.context["widgets"] if w.template == f"home/widgets/{name}.html")


@pytest.fixture
def demo(seeded):
    call_command("load_demo", stdout=io.StringIO())


# ---------------------------------------------------------------- everyone


def test_home_shows_regions_agendas_and_counts(member_client, seeded):
    response = member_client.get(HOME)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Drenthe" in content and "IJssel-Vecht" in content
    assert "Werkagenda Gezonde Marke" in content
    # The region page may spread its agendas over pages: the link opens the one holding it.
    assert '/regios/drenthe/?werkagenda=werkagenda-gezonde-marke#agenda-werkagenda-gezonde-marke"' in content
    gezonde_marke = widget(response, "regions")["regions"][0].agendas.get(slug="werkagenda-gezonde-marke")
    assert (
        gezonde_marke.goal_count
        == OperationalGoal.objects.filter(group__theme__agenda__slug="werkagenda-gezonde-marke").count()
    )


def test_home_without_data_tells_what_to_do(member_client):
    content = member_client.get(HOME).content.decode()
    assert "Er zijn nog geen regio's" in content
    assert "load_seed" in content


def test_home_lists_the_first_three_regions_and_links_to_all_of_them(member_client):
    for index in range(5):
        theme = ThemeFactory(agenda=AgendaFactory(region=RegionFactory(name=f"Regio {index}")))
        OperationalGoalFactory.create_batch(2, group=GoalGroupFactory(theme=theme))
    response = member_client.get(HOME)
    content = response.content.decode()
    assert [region.name for region in widget(response, "regions")["regions"]] == ["Regio 0", "Regio 1", "Regio 2"]
    assert "Regio 3" not in content
    assert "Het overzicht toont de eerste 3 van de 5 regio's, op naam." in content
    assert f'<a href="{reverse("regions:list")}">Alle 5 regio\'s</a>' in content


def test_home_with_few_regions_shows_them_all_without_a_notice(member_client, seeded):
    assert "Het overzicht toont" not in member_client.get(HOME).content.decode()


def test_someone_without_a_role_is_told_whom_to_ask(client, outsider, seeded):
    client.force_login(outsider)
    response = client.get(HOME)
    assert widget_templates(response) == ["home/widgets/no_role.html", "home/widgets/regions.html"]
    assert "U hebt nog geen rol" in response.content.decode()


# ---------------------------------------------------------------- a fresh install


def test_fresh_install_says_how_to_start_and_draws_no_chart(admin_client, seeded):
    response = admin_client.get(HOME)
    content = response.content.decode()
    assert "Zo begint u" in content
    assert reverse("admin:auth_user_add") in content
    assert reverse("prioritisation:create") in content
    assert "Er is nog geen gesloten prioriteringsronde" in content
    assert "Er is nog geen status gemeld" in content
    assert "<img" not in content


def test_fresh_install_tells_each_role_its_own_next_step(client, member, advisor, manager, seeded):
    client.force_login(member)
    content = client.get(HOME).content.decode()
    assert "Er staat nu geen ronde voor u open. Als de beheerder een ronde opent, vindt u die hier." in content
    client.force_login(manager)
    content = client.get(HOME).content.decode()
    assert "Zo begint u" in content
    # Managers do not invite or link: they are told who does.
    assert reverse("admin:auth_user_add") not in content
    assert "De beheerder nodigt het programmateam" in content
    # Loading the demo is a command on the server: only the administrator can act on the hint.
    assert "make demo" not in content
    client.force_login(member)
    assert "make demo" not in client.get(HOME).content.decode()


def test_only_the_administrator_is_told_how_to_load_the_demo(admin_client, seeded):
    assert "Start dan make demo op een testcomputer" in admin_client.get(HOME).content.decode()


def test_the_start_steps_are_ticked_off_and_the_block_leaves_once_all_are_done(admin_client, member, seeded):
    round = RoundFactory()
    assert "Zo begint u" in admin_client.get(HOME).content.decode()
    BallotFactory(round=round, member=member)
    GoalLinkFactory(goal=OperationalGoal.objects.first(), recommendation=Recommendation.objects.first())
    assert "home/widgets/start.html" not in widget_templates(admin_client.get(HOME))


# ---------------------------------------------------------------- programme team


def test_member_sees_open_rounds_with_closing_date_and_whether_they_voted(member_client, member, db):
    closes = timezone.now() + timedelta(days=5)
    RoundFactory(name="Ronde open", closes_at=closes)
    voted = RoundFactory(name="Ronde gestemd", participants=[member])
    BallotFactory(round=voted, member=member)
    content = member_client.get(HOME).content.decode()
    assert "Ronde open" in content and "Nog niet gestemd" in content
    assert f"sluit op {closes.astimezone(timezone.get_current_timezone()).day}" in content
    assert "Ronde gestemd" in content and "Gestemd op" in content


def test_member_sees_results_of_rounds_closed_recently(member_client, member, db):
    now = timezone.now()
    recent = RoundFactory(name="Ronde net dicht", opens_at=now - timedelta(days=20), closes_at=now - timedelta(days=2))
    RoundFactory(name="Ronde lang dicht", opens_at=now - timedelta(days=400), closes_at=now - timedelta(days=300))
    content = member_client.get(HOME).content.decode()
    assert reverse("prioritisation:results", kwargs={"pk": recent.pk}) in content
    assert "Ronde lang dicht" not in content


def test_member_sees_only_results_of_rounds_closed_since_the_previous_visit(client, member, db):
    now = timezone.now()
    Visit.objects.create(user=member, seen_at=now - timedelta(days=5))
    before = RoundFactory(name="Ronde dicht voor het bezoek", opens_at=now - timedelta(days=30))
    before.closes_at = now - timedelta(days=10)
    before.save(update_fields=["closes_at"])
    after = RoundFactory(name="Ronde dicht na het bezoek", opens_at=now - timedelta(days=30))
    after.closes_at = now - timedelta(days=2)
    after.save(update_fields=["closes_at"])
    client.force_login(member)
    for _visit in range(2):  # this visit is marked as the page renders; a reload still counts from the previous one
        rounds = widget(client.get(HOME), "recent_results")["rounds"]
        assert [round.name for round in rounds] == [after.name]
    client.logout()
    client.force_login(member)  # a later visit counts from the one before it
    assert widget(client.get(HOME), "recent_results")["rounds"] == []


# ---------------------------------------------------------------- policy advisors


def test_advisor_sees_linking_progress_and_goes_straight_to_the_first_unlinked_goal(advisor_client, seeded):
    theme = OperationalGoal.objects.order_by("pk").first().group.theme
    first, second = OperationalGoal.objects.filter(group__theme=theme).order_by("group__number", "letter")[:2]
    GoalLinkFactory(goal=first, recommendation=Recommendation.objects.first())
    response = advisor_client.get(HOME)
    content = response.content.decode()
    progress = next(p for p in widget(response, "linking_progress")["agendas"] if p.agenda == theme.agenda)
    row = next(r for r in progress.themes if r.theme == theme)
    assert (row.linked, row.first_unlinked) == (1, second.pk)
    assert progress.themes_never_linked == len(progress.themes) - 1
    grid = reverse("workagenda:link_grid", kwargs={"pk": theme.pk})
    assert f"{grid}?zonder=1#doel-{second.pk}" in content
    assert "nog niet gekoppeld" in content
    grid_page = advisor_client.get(f"{grid}?zonder=1").content.decode()
    assert f'id="doel-{second.pk}"' in grid_page


# ---------------------------------------------------------------- managers


def test_manager_sees_the_key_answer_of_the_latest_closed_round(manager_client, demo):
    response = manager_client.get(HOME)
    content = response.content.decode()
    answer = widget(response, "key_answer")["answer"]
    assert answer.round == Round.objects.filter(closes_at__lte=timezone.now()).order_by("-closes_at").first()
    assert answer.priority_ahead, "the demo has a recommendation the team puts first but the agendas barely hold"
    for number, title in answer.priority_ahead:
        assert f"<strong>{number}.</strong> {title}" in content
    assert reverse("coverage:priority_chart", kwargs={"fmt": "png"}) + f"?ronde={answer.round.pk}" in content
    assert reverse("coverage:priority") in content


def test_manager_sees_red_and_orange_programmes_and_deadlines(manager_client, manager, seeded):
    theme = ThemeFactory(name="Programma in de knel")
    StatusUpdate.objects.create(theme=theme, status=Status.OFF_TRACK, date=timezone.localdate(), author=manager)
    year = timezone.localdate().year
    due = OperationalGoalFactory(target_year=year, text="Doel dat dit jaar af moet")
    closing = RoundFactory(name="Ronde die bijna sluit", closes_at=timezone.now() + timedelta(days=10))
    content = manager_client.get(HOME).content.decode()
    assert "Programma in de knel" in content
    assert reverse("monitoring:theme-status", kwargs={"pk": theme.pk}) in content
    deadlines = selectors.deadlines(now=timezone.now())
    if deadlines.year == year:  # the end of this year is within the coming 90 days
        assert deadlines.goal_count == OperationalGoal.objects.filter(target_year=year).count()
        assert due.pk in OperationalGoal.objects.filter(target_year=year).values_list("pk", flat=True)
        assert f"?doeljaar={year}" in content
    assert closing.name in content


@pytest.mark.parametrize("persona", ["member", "advisor", "manager", "administrator"])
def test_home_query_count_does_not_grow_with_the_data(client, db, persona, request, django_assert_num_queries):
    client.force_login(request.getfixturevalue(persona))
    theme = ThemeFactory()
    GoalLinkFactory(goal=OperationalGoalFactory(group=GoalGroupFactory(theme=theme)))
    RoundFactory()
    RoundFactory(opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=1))
    client.get(HOME)  # warm the session
    with CaptureQueriesContext(connection) as small:
        client.get(HOME)
    for index in range(5):
        theme = ThemeFactory(agenda=AgendaFactory())
        goals = OperationalGoalFactory.create_batch(3, group=GoalGroupFactory(theme=theme))
        GoalLinkFactory(goal=goals[0])
        RoundFactory(opens_at=timezone.now() - timedelta(days=30), closes_at=timezone.now() - timedelta(days=index + 2))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(HOME)
