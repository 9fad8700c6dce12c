"""Policy advisors link themes and coalitions to the tasks (opgaven) of the regional plan on
the product's own pages; no page sends a non-staff user to the admin."""

import pytest
from django.urls import reverse

from regioplan.models import PlanObjective
from tests.test_permissions import ACCESS, ADVISOR, MANAGER, MEMBER, OUTSIDER
from workagenda.models import Theme


@pytest.fixture
def theme(seeded):
    return Theme.objects.select_related("agenda__region").filter(agenda__region__slug="drenthe").order_by("pk").first()


def tasks_of(region_slug: str):
    return PlanObjective.objects.filter(kind=PlanObjective.Kind.TASK, plan__region__slug=region_slug).order_by("pk")


def test_an_advisor_chooses_the_tasks_a_theme_serves(advisor_client, theme):
    page = reverse("regions:theme", kwargs={"slug": "drenthe", "pk": theme.pk})
    form = reverse("workagenda:theme_tasks", kwargs={"pk": theme.pk})
    assert form in advisor_client.get(page).content.decode()
    chosen = list(tasks_of("drenthe")[:2])
    response = advisor_client.post(form, {"tasks": [task.pk for task in chosen]})
    assert response.status_code == 302 and response["Location"] == page
    assert set(theme.plan_tasks.all()) == set(chosen)
    content = advisor_client.get(page).content.decode()
    assert chosen[0].title in content


def test_a_task_of_another_region_is_refused_in_dutch_and_nothing_changes(advisor_client, theme):
    other = PlanObjective.objects.filter(kind=PlanObjective.Kind.TASK).exclude(plan__region=theme.agenda.region)[0]
    response = advisor_client.post(reverse("workagenda:theme_tasks", kwargs={"pk": theme.pk}), {"tasks": [other.pk]})
    assert response.status_code == 400
    assert "geldige keuze" in response.content.decode()  # only the tasks of its own region are offered
    assert not theme.plan_tasks.exists()


def test_managers_read_the_tasks_but_do_not_choose_them(manager_client, theme):
    page = manager_client.get(reverse("regions:theme", kwargs={"slug": "drenthe", "pk": theme.pk})).content.decode()
    assert reverse("workagenda:theme_tasks", kwargs={"pk": theme.pk}) not in page
    assert "Beheer" not in page


@pytest.mark.parametrize("persona", [OUTSIDER, MEMBER, ADVISOR, MANAGER])
def test_no_page_sends_a_non_staff_user_to_the_admin(client, seeded, member, advisor, manager, outsider, persona):
    user = {MEMBER: member, ADVISOR: advisor, MANAGER: manager, OUTSIDER: outsider}[persona]
    client.force_login(user)
    for url_name, (build_kwargs, allowed) in sorted(ACCESS.items()):
        if persona not in allowed:
            continue
        response = client.get(reverse(url_name, kwargs=build_kwargs()))
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            assert 'href="/beheer/' not in response.content.decode(), f"{url_name} sends {persona} to the admin"


def test_the_service_refuses_a_task_of_another_region(theme, advisor):
    from django.core.exceptions import ValidationError

    from workagenda.services import theme_plan_tasks_set

    other = PlanObjective.objects.filter(kind=PlanObjective.Kind.TASK).exclude(plan__region=theme.agenda.region)[0]
    with pytest.raises(ValidationError, match="alleen opgaven uit de regioplannen van Drenthe"):
        theme_plan_tasks_set(theme=theme, tasks=[other], user=advisor)
    assert not theme.plan_tasks.exists()
