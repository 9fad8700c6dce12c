"""Browsing regions from the ambition down to the operational goals, and the work agenda per year."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from regioplan.models import PlanObjective, RegionalPlan
from tests.factories import AgendaFactory, GoalGroupFactory, OperationalGoalFactory, RegionFactory, ThemeFactory
from workagenda import services
from workagenda.models import Agenda, AgendaItem, OperationalGoal, Theme

TIMELINE = {"slug": "ijssel-vecht", "agenda": "regioplan-ijssel-vecht-coalities"}


def test_regions_index_lists_every_region_with_counts(member_client, seeded):
    response = member_client.get(reverse("regions:list"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Drenthe" in content and "IJssel-Vecht" in content
    goals = OperationalGoal.objects.filter(group__theme__agenda__slug="werkagenda-gezonde-marke").count()
    assert (
        f"6 thema&#x27;s, {goals} operationele doelen" in content
        or f"6 thema's, {goals} operationele doelen" in content
    )
    assert 'aria-current="page">Regio&#x27;s</a>' in content or 'aria-current="page">Regio\'s</a>' in content


def test_drenthe_page_shows_the_ambition_the_six_tasks_and_what_to_do_about_their_themes(member_client, seeded):
    content = member_client.get(reverse("regions:region", kwargs={"slug": "drenthe"})).content.decode()
    plan = RegionalPlan.objects.get(slug="regioplan-drenthe")
    assert "2040" in plan.ambition and plan.ambition[:60] in content.replace("&#x27;", "'")
    tasks = plan.objectives.filter(kind=PlanObjective.Kind.TASK)
    assert tasks.count() == 6
    assert content.replace("&#x27;", "'").count("Nog geen thema's aan deze opgave gekoppeld.") == 6
    assert "De brondocumenten zeggen niet welke thema" in content and "op de pagina van elk thema" in content
    assert "Toegankelijke zorg" in content


def test_a_task_shows_the_themes_an_advisor_linked(member_client, seeded):
    task = PlanObjective.objects.get(plan__slug="regioplan-drenthe", kind=PlanObjective.Kind.TASK, number=1)
    theme = Theme.objects.get(agenda__slug="werkagenda-gezonde-marke", number=4)
    theme.plan_tasks.add(task)
    content = member_client.get(reverse("regions:region", kwargs={"slug": "drenthe"})).content.decode()
    assert content.replace("&#x27;", "'").count("Nog geen thema's aan deze opgave gekoppeld.") == 5
    assert "Thema&#x27;s bij deze opgave" in content or "Thema's bij deze opgave" in content
    theme_page = member_client.get(reverse("regions:theme", kwargs={"slug": "drenthe", "pk": theme.pk}))
    assert task.title in theme_page.content.decode()


def test_theme_page_shows_its_goals_and_operational_goals(member_client, seeded):
    theme = Theme.objects.get(agenda__slug="werkagenda-gezonde-marke", number=1)
    response = member_client.get(reverse("regions:theme", kwargs={"slug": "drenthe", "pk": theme.pk}))
    content = response.content.decode()
    assert response.status_code == 200
    goal_count = OperationalGoal.objects.filter(group__theme=theme).count()
    assert content.count('class="goal-code"') == goal_count
    assert "In 2027 wordt 25% van de ondersteunings- of hulpvragen weggenomen" in content


def test_theme_of_another_region_is_a_404(member_client, seeded):
    theme = Theme.objects.get(agenda__slug="werkagenda-gezonde-marke", number=1)
    response = member_client.get(reverse("regions:theme", kwargs={"slug": "ijssel-vecht", "pk": theme.pk}))
    assert response.status_code == 404


def test_seed_has_the_ijssel_vecht_work_agenda_per_year(seeded):
    items = AgendaItem.objects.filter(agenda__slug="regioplan-ijssel-vecht-coalities")
    assert items.count() == 24
    assert items.filter(theme__isnull=True).count() == 4
    counts = {year: items.filter(year=year, theme__isnull=False).count() for year in (2023, 2024, 2025, 2026)}
    assert counts == {2023: 4, 2024: 6, 2025: 5, 2026: 5}
    assert items.get(year=2023, theme__code="GLP").text == "Training professionals."
    assert items.get(year=2024, theme__code="ZIT").text == "realisatie transformatieagenda voor regio."
    assert items.get(year=2024, theme__isnull=True, position=4).text == "Uitwerken governance"
    assert items.get(year=2026, theme__code="VOW").text.startswith("Verankering van advanced care methodes")


def test_seed_keeps_what_advisors_changed_in_the_agenda(seeded):
    from seeddata.loader import KEPT_USER_CHANGES
    from seeddata.services import seed_load

    item = AgendaItem.objects.get(year=2023, theme__code="GLP")
    item.text = "Trainen van professionals in de hele regio."
    item.save()
    report = seed_load()
    item.refresh_from_db()
    assert item.text == "Trainen van professionals in de hele regio."
    assert report.count(KEPT_USER_CHANGES) == 1
    assert AgendaItem.objects.count() == 24


def test_timeline_has_coalitions_as_rows_and_years_as_columns(member_client, seeded):
    response = member_client.get(reverse("regions:timeline", kwargs=TIMELINE))
    timeline = response.context["timeline"]
    assert timeline.years == [2023, 2024, 2025, 2026]
    assert [row.theme.code if row.theme else None for row in timeline.rows] == [
        "GLP", "MW", "VOW", "ZIT", "DIG", "AM", None,
    ]  # fmt: skip
    content = response.content.decode()
    assert "Alle coalities (overkoepelend)" in content
    assert 'data-year="2025"' in content
    assert "Actiepunt toevoegen" not in content  # a member reads, but does not edit


def test_timeline_query_count_does_not_grow(member_client, seeded, django_assert_num_queries):
    url = reverse("regions:timeline", kwargs=TIMELINE)
    member_client.get(url)
    with CaptureQueriesContext(connection) as before:
        member_client.get(url)
    agenda = Agenda.objects.get(slug=TIMELINE["agenda"])
    goal = OperationalGoal.objects.filter(group__theme__agenda=agenda).first()
    for theme in agenda.themes.all():
        for year in (2023, 2024, 2025):
            AgendaItem.objects.create(
                agenda=agenda, theme=theme, year=year, position=9, text="Extra", operational_goal=goal
            )
    with django_assert_num_queries(len(before.captured_queries)):
        member_client.get(url)


def test_advisor_adds_and_edits_an_action_point(advisor_client, seeded):
    agenda = Agenda.objects.get(slug=TIMELINE["agenda"])
    theme = agenda.themes.get(code="MW")
    goal = OperationalGoal.objects.filter(group__theme=theme).first()
    response = advisor_client.post(
        reverse("regions:item-create", kwargs=TIMELINE),
        {"theme": theme.pk, "year": 2026, "text": "Evaluatie van het digitale platform.", "operational_goal": goal.pk},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(text="Evaluatie van het digitale platform.")
    assert item.position == 2 and item.operational_goal == goal
    advisor_client.post(
        reverse("regions:item-update", kwargs={**TIMELINE, "pk": item.pk}),
        {"theme": theme.pk, "year": 2025, "text": "Evaluatie in 2025."},
    )
    item.refresh_from_db()
    assert (item.year, item.text, item.operational_goal) == (2025, "Evaluatie in 2025.", None)
    advisor_client.post(reverse("regions:item-delete", kwargs={**TIMELINE, "pk": item.pk}))
    assert not AgendaItem.objects.filter(pk=item.pk).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": "", "text": "Iets"}, "Dit veld is verplicht."),
        ({"year": "1999", "text": "Iets"}, "Zorg ervoor dat deze waarde minstens 2000 is."),
        ({"year": "2025", "text": ""}, "Dit veld is verplicht."),
    ],
)
def test_bad_action_points_are_refused_in_dutch(advisor_client, seeded, data, message):
    before = AgendaItem.objects.count()
    response = advisor_client.post(reverse("regions:item-create", kwargs=TIMELINE), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Verbeter het volgende" in response.content.decode()
    assert AgendaItem.objects.count() == before


def test_service_refuses_a_goal_of_another_coalition(seeded):
    from django.core.exceptions import ValidationError

    agenda = Agenda.objects.get(slug=TIMELINE["agenda"])
    theme = agenda.themes.get(code="MW")
    other_goal = OperationalGoal.objects.filter(group__theme__agenda=agenda).exclude(group__theme=theme).first()
    with pytest.raises(ValidationError) as error:
        services.agenda_item_create(agenda=agenda, theme=theme, year=2025, text="X", operational_goal=other_goal)
    assert error.value.message_dict["operational_goal"] == [str(services.GOAL_OF_OTHER_THEME)]


def test_region_page_query_count_does_not_grow(member_client, django_assert_num_queries):
    region = RegionFactory()
    url = reverse("regions:region", kwargs={"slug": region.slug})
    OperationalGoalFactory(group=GoalGroupFactory(theme=ThemeFactory(agenda=AgendaFactory(region=region))))
    member_client.get(url)
    with CaptureQueriesContext(connection) as before:
        member_client.get(url)
    for _ in range(4):
        theme = ThemeFactory(agenda=AgendaFactory(region=region))
        OperationalGoalFactory.create_batch(3, group=GoalGroupFactory(theme=theme))
    with django_assert_num_queries(len(before.captured_queries)):
        member_client.get(url)


def test_region_page_counts_the_operational_goals_and_leaves_the_list_to_the_theme_page(member_client, seeded):
    content = member_client.get(reverse("regions:region", kwargs={"slug": "drenthe"})).content.decode()
    theme = Theme.objects.get(agenda__slug="werkagenda-gezonde-marke", number=4)
    goal = OperationalGoal.objects.filter(group__theme=theme).first()
    assert 'class="goal-code"' not in content
    assert goal.text not in content
    assert reverse("regions:theme", kwargs={"slug": "drenthe", "pk": theme.pk}) in content
    group = goal.group
    count = group.operational_goals.count()
    assert f"({count} operationele doel{'en' if count != 1 else ''})" in content


REGIONS = reverse("regions:list")


def test_regions_list_fits_on_one_page_while_the_regions_are_few(member_client, seeded):
    page = member_client.get(REGIONS).content.decode()
    assert "op alfabetische volgorde" not in page and 'aria-label="Pagina&#x27;s"' not in page


def test_regions_list_pages_through_many_regions(member_client, db):
    for number in range(1, 8):
        AgendaFactory(region=RegionFactory(name=f"Regio {number}", slug=f"regio-{number}"), name=f"Agenda {number}")
    first = member_client.get(REGIONS)
    assert [region.name for region in first.context["page_obj"]] == [f"Regio {n}" for n in range(1, 6)]
    page = first.content.decode()
    assert "Regio's 1–5 van 7, op alfabetische volgorde." in page and 'href="?page=2"' in page
    second = member_client.get(REGIONS, {"page": 2})
    assert [region.name for region in second.context["page_obj"]] == ["Regio 6", "Regio 7"]
    assert "Agenda 7" in second.content.decode()


def test_regions_list_counts_themes_and_goals_per_agenda_without_multiplying(member_client, db):
    agenda = AgendaFactory(name="Gezonde Marke")
    for theme in ThemeFactory.create_batch(2, agenda=agenda):
        OperationalGoalFactory.create_batch(3, group=GoalGroupFactory(theme=theme))
    AgendaItem.objects.create(agenda=agenda, year=2025, text="Actiepunt")
    (region,) = member_client.get(REGIONS).context["page_obj"]
    (counted,) = region.agendas.all()
    assert (counted.theme_count, counted.goal_count) == (2, 6)


def test_regions_list_query_count_does_not_grow(member_client, db, django_assert_num_queries):
    AgendaFactory()
    member_client.get(REGIONS)
    with CaptureQueriesContext(connection) as before:
        member_client.get(REGIONS)
    for _ in range(8):
        theme = ThemeFactory(agenda=AgendaFactory())
        OperationalGoalFactory.create_batch(2, group=GoalGroupFactory(theme=theme))
    with django_assert_num_queries(len(before.captured_queries)):
        member_client.get(REGIONS)


@pytest.fixture
def three_agendas(db):
    region = RegionFactory(slug="drenthe", name="Drenthe")
    agendas = [AgendaFactory(region=region, name=name, slug=name.lower()) for name in ("Alfa", "Beta", "Gamma")]
    for agenda in agendas:
        OperationalGoalFactory(group=GoalGroupFactory(theme=ThemeFactory(agenda=agenda, name=f"Thema {agenda.name}")))
    return region


def test_region_page_shows_a_few_agendas_at_a_time_with_all_of_them_in_the_contents(member_client, three_agendas):
    url = reverse("regions:region", kwargs={"slug": "drenthe"})
    first = member_client.get(url)
    assert [agenda.name for agenda in first.context["agendas"]] == ["Alfa", "Beta"]
    page = first.content.decode()
    assert 'href="#agenda-alfa">Alfa</a>' in page and 'href="?page=2#agenda-gamma">Gamma</a>' in page
    assert "Deze pagina toont 2 van de 3 werkagenda's van deze regio" in page
    assert "Thema Gamma" not in page
    second = member_client.get(url, {"page": 2})
    assert [agenda.name for agenda in second.context["agendas"]] == ["Gamma"]
    assert 'href="?page=1#agenda-alfa">Alfa</a>' in second.content.decode()


def test_region_page_with_few_agendas_shows_them_all_without_pages(member_client, seeded):
    page = member_client.get(reverse("regions:region", kwargs={"slug": "drenthe"})).content.decode()
    assert "Deze pagina toont" not in page and 'aria-label="Pagina&#x27;s"' not in page
    assert (
        'href="#agenda-werkagenda-gezonde-marke"' in page and 'href="#agenda-werkagenda-drents-zorglandschap"' in page
    )


def test_a_link_to_an_agenda_opens_the_page_that_holds_it(member_client, three_agendas):
    url = reverse("regions:region", kwargs={"slug": "drenthe"})
    response = member_client.get(url, {"werkagenda": "gamma"})
    assert [agenda.name for agenda in response.context["agendas"]] == ["Gamma"]
    page = response.content.decode()
    assert 'href="?werkagenda=gamma&amp;page=1#agenda-alfa">Alfa</a>' in page
    assert [
        agenda.name for agenda in member_client.get(url, {"werkagenda": "gamma", "page": 1}).context["agendas"]
    ] == [
        "Alfa",
        "Beta",
    ]
    theme = Theme.objects.get(name="Thema Gamma")
    breadcrumb = member_client.get(reverse("regions:theme", kwargs={"slug": "drenthe", "pk": theme.pk}))
    assert f'href="{url}?werkagenda=gamma#agenda-gamma"' in breadcrumb.content.decode()
