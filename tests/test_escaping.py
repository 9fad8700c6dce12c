"""Text people type is shown as text everywhere, never run as markup: pages, admin history and SVG charts."""

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape

from audit.history import recorded
from monitoring import services as monitoring_services
from monitoring.models import Status
from prioritisation.services import BallotChoice, ballot_submit
from tests.factories import GoalGroupFactory, OperationalGoalFactory, RecommendationFactory, RoundFactory
from workagenda import services as workagenda_services

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAK = '"><img src=x onerror=alert(1)>'
RAW = [SCRIPT, "<img src=x onerror=alert(1)>"]


def payload(label: str) -> str:
    return f"{label} {SCRIPT} {ATTRIBUTE_BREAK}"


FIELDS = {
    "goal text": payload("Doeltekst"),
    "note": payload("Notitie"),
    "reason": payload("Reden"),
    "comment": payload("Opmerking"),
    "status note": payload("Statustoelichting"),
    "indicator name": payload("Indicator"),
    # A unit has room for 40 characters; the indicator chart draws it on its axis.
    "indicator unit": f"% {SCRIPT}",
}


@pytest.fixture
def hostile(member, advisor, administrator, django_user_model):
    """Every field people type into, filled with markup, through the services people use."""
    cache.clear()
    recommendations = [RecommendationFactory(number=n) for n in range(1, 5)]
    goal = OperationalGoalFactory(group=GoalGroupFactory(), text="In 2027 een doel.", target_year=2027)
    goal.text = FIELDS["goal text"]
    recorded(goal, advisor).save()
    link = workagenda_services.goal_link_create(goal=goal, recommendation=recommendations[0], user=advisor)
    workagenda_services.goal_link_note_update(link=link, note=FIELDS["note"], user=advisor)
    round = RoundFactory(participants=[member], reasons_attributed=True)
    choices = [BallotChoice("importance", n, FIELDS["reason"]) for n in (1, 2, 3)]
    choices += [BallotChoice("urgency", n) for n in (2, 3, 4)]
    ballot_submit(round=round, member=member, choices=choices, comment=FIELDS["comment"])
    monitoring_services.status_update_create(
        goal=goal, status=Status.AT_RISK, date=datetime.date(2025, 1, 1), author=advisor, note=FIELDS["status note"]
    )
    indicator = monitoring_services.indicator_create(
        goal=goal,
        name=FIELDS["indicator name"],
        kind="output",
        unit=FIELDS["indicator unit"],
        direction="higher",
        target_value=Decimal(60),
        target_year=2027,
        baseline_value=Decimal(20),
        baseline_date=datetime.date(2024, 1, 1),
        user=advisor,
    )
    monitoring_services.measurement_create(
        indicator=indicator, date=datetime.date(2025, 1, 1), value=Decimal(30), source="GGD", recorded_by=advisor
    )
    theme = goal.group.theme
    return {
        "goal": goal,
        "round": round,
        "indicator": indicator,
        "pages": {
            # page: the fields it shows
            reverse("workagenda:goal", args=[goal.pk]): ["goal text", "note"],
            reverse("workagenda:goals"): ["goal text"],
            reverse("workagenda:link_grid", args=[theme.pk]): ["goal text"],
            reverse("recommendations:detail", args=[1]): ["goal text"],
            reverse("coverage:orphans"): [],
            reverse("prioritisation:results", args=[round.pk]): ["reason", "comment"],
            reverse("prioritisation:history", args=[round.pk]): ["reason", "comment"],
            reverse("monitoring:dashboard"): [],
            reverse("monitoring:goal-status", args=[goal.pk]): ["goal text", "status note", "indicator name"],
            reverse("monitoring:indicators"): ["indicator name"],
            reverse("monitoring:indicator", args=[indicator.pk]): ["indicator name", "indicator unit"],
            reverse("monitoring:deadlines"): ["goal text"],
            reverse("monitoring:indicator-chart", args=[indicator.pk, "svg"]): ["indicator unit"],
            reverse("admin:workagenda_operationalgoal_history", args=[goal.pk]): [],
            reverse("admin:monitoring_indicator_history", args=[indicator.pk]): ["indicator name"],
        },
    }


def assert_shown_as_text(content: str, shown: list[str], where: str) -> None:
    for raw in RAW:
        assert raw not in content, where
    for field in shown:
        # Django escapes quotes too; matplotlib's SVG writer only &, < and >.
        escaped = (
            escape(FIELDS[field])
            if not where.endswith(".svg")
            else FIELDS[field].replace("<", "&lt;").replace(">", "&gt;")
        )
        assert escaped in content, (where, field)


def test_typed_text_is_escaped_on_every_page_and_chart(admin_client, hostile):
    for url, shown in hostile["pages"].items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert_shown_as_text(response.content.decode(), shown, url)


def test_the_ballot_form_shows_the_member_their_own_text_escaped(member_client, hostile):
    response = member_client.get(reverse("prioritisation:ballot", args=[hostile["round"].pk]))
    assert response.status_code == 200
    assert_shown_as_text(response.content.decode(), ["reason", "comment"], "ballot")


def test_the_link_note_form_shows_the_note_escaped(advisor_client, hostile):
    response = advisor_client.get(reverse("workagenda:goal", args=[hostile["goal"].pk]))
    assert_shown_as_text(response.content.decode(), ["goal text", "note"], "goal page for an advisor")
