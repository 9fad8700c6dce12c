"""Shared views: published by a manager, opened by partners without an account, revoked at once."""

import datetime
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from monitoring.models import StatusUpdate
from seeddata.models import DemoDataset
from sharing import services
from sharing.models import SharedView
from tests.factories import (
    BallotEntryFactory,
    BallotFactory,
    GoalLinkFactory,
    OperationalGoalFactory,
    RecommendationFactory,
    RoundFactory,
    ThemeFactory,
    UserFactory,
)
from workagenda.models import OperationalGoal
from workagenda.selectors import GoalScope

LIST = reverse("sharing:list")


@pytest.fixture
def partner():
    """Someone without an account: a client of their own, never logged in."""
    return Client()


@pytest.fixture
def linked(db):
    recs = {number: RecommendationFactory(number=number, short_title=f"Titel {number}") for number in (1, 2, 3)}
    vow = ThemeFactory(code="VOW", name="Vitaal", agenda__region__slug="drenthe", agenda__region__name="Drenthe")
    glp = ThemeFactory(code="GLP", name="Leefstijl", agenda__region__slug="ijv", agenda__region__name="IJssel-Vecht")
    a = OperationalGoalFactory(group__theme=vow, letter="A")
    b = OperationalGoalFactory(group__theme=vow, letter="B")
    c = OperationalGoalFactory(group__theme=glp, letter="A")
    for goal, number in [(a, 1), (b, 1), (c, 1), (a, 2)]:
        GoalLinkFactory(goal=goal, recommendation=recs[number])
    StatusUpdate.objects.create(goal=a, status="off_track", date="2026-03-01", note="Vertraagd door Piet Jansen")
    return {"vow": vow, "glp": glp, "recs": recs, "a": a}


@pytest.fixture
def closed_round(linked):
    now = timezone.now()
    voter = UserFactory(first_name="Geheime", last_name="Stemmer")
    round = RoundFactory(name="Voorjaar 2026", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))
    ballot = BallotFactory(round=round, member=voter)
    BallotEntryFactory(ballot=ballot, recommendation=linked["recs"][3], reason="Omdat het moet")
    return round


def share(manager, kind=SharedView.Kind.ANCHORING, **kwargs) -> SharedView:
    return services.shared_view_create(user=manager, kind=kind, scope=kwargs.pop("scope", GoalScope()), **kwargs)


def shared_url(view: SharedView) -> str:
    return reverse("sharing:shared", kwargs={"key": view.key})


def test_manager_publishes_a_view_for_a_scope(manager_client, manager, linked):
    region = linked["vow"].agenda.region
    response = manager_client.post(LIST, {"kind": "verankering", "regio": region.slug, "expires_on": ""})
    assert response.status_code == 302
    view = SharedView.objects.get()
    assert (view.kind, view.region, view.created_by, view.round) == ("verankering", region, manager, None)
    assert len(view.key) >= 40
    page = manager_client.get(LIST).content.decode()
    assert view.key in page and "Joost Mulder" in page


def test_priority_view_needs_a_closed_round(manager_client, manager, linked, closed_round):
    open_round = RoundFactory(name="Nu open")
    # The form offers only rounds whose results the manager may see, so an open one is refused
    # there; the service refuses it too, for any other caller.
    response = manager_client.post(LIST, {"kind": "prioriteit", "ronde": open_round.pk})
    assert response.status_code == 400
    assert not SharedView.objects.exists()
    with pytest.raises(ValidationError) as refused:
        services.shared_view_create(user=manager, kind="prioriteit", scope=GoalScope(), round=open_round)
    assert refused.value.message_dict["round"] == [str(services.ROUND_NOT_CLOSED)]
    assert not SharedView.objects.exists()
    assert manager_client.post(LIST, {"kind": "prioriteit", "ronde": closed_round.pk}).status_code == 302
    assert SharedView.objects.get().round == closed_round


def test_expiry_must_lie_ahead(manager_client, linked):
    yesterday = timezone.localdate() - timedelta(days=1)
    response = manager_client.post(LIST, {"kind": "monitoring", "expires_on": yesterday.isoformat()})
    assert response.status_code == 400
    assert str(services.EXPIRY_IN_THE_PAST) in response.content.decode()


@pytest.mark.parametrize("persona", ["advisor", "member", "outsider"])
def test_only_managers_publish(client, request, linked, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(LIST).status_code == 403
    assert client.post(LIST, {"kind": "verankering"}).status_code == 403


def test_link_opens_without_login_then_revoking_ends_it_at_once(partner, manager_client, manager, linked):
    view = share(manager, scope=GoalScope(region=linked["vow"].agenda.region))
    response = partner.get(shared_url(view))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Gedeelde weergave" in page
    assert "1. Titel 1" in page and "Drenthe" in page
    assert response["Referrer-Policy"] == "no-referrer"
    chart = partner.get(reverse("sharing:chart", kwargs={"key": view.key, "fmt": "png"}))
    assert chart.status_code == 200 and chart["Content-Type"] == "image/png"
    manager_client.post(reverse("sharing:revoke", kwargs={"pk": view.pk}))
    assert partner.get(shared_url(view)).status_code == 404
    assert partner.get(reverse("sharing:chart", kwargs={"key": view.key, "fmt": "png"})).status_code == 404


def test_openings_are_counted_and_listed(partner, manager_client, manager, linked):
    view = share(manager)
    partner.get(shared_url(view))
    partner.get(shared_url(view))
    view.refresh_from_db()
    assert view.open_count == 2 and view.last_opened_at is not None


def test_expired_or_unknown_links_do_not_open(partner, manager, linked):
    view = share(manager, expires_on=timezone.localdate() + timedelta(days=1))
    assert partner.get(shared_url(view)).status_code == 200
    SharedView.objects.filter(pk=view.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert partner.get(shared_url(view)).status_code == 404
    assert partner.get(reverse("sharing:shared", kwargs={"key": "geraden"})).status_code == 404


def test_link_works_through_the_chosen_day(manager, linked):
    day = timezone.localdate() + timedelta(days=3)
    view = share(manager, expires_on=day)
    assert timezone.localtime(view.expires_at).date() == day + timedelta(days=1)
    assert timezone.localtime(view.expires_at).time() == datetime.time()


def test_priority_view_shows_no_names_and_no_reasons(partner, manager, linked, closed_round):
    view = share(manager, kind=SharedView.Kind.PRIORITY, round=closed_round)
    page = partner.get(shared_url(view)).content.decode()
    assert "Voorjaar 2026" in page and "Belangrijk en urgent, maar weinig verankerd" in page
    for secret in ("Geheime", "Stemmer", "Omdat het moet", "Joost", "Mulder"):
        assert secret not in page


def test_monitoring_view_shows_counts_without_notes(partner, manager, linked):
    view = share(manager, kind=SharedView.Kind.MONITORING)
    page = partner.get(shared_url(view)).content.decode()
    assert "Vitaal" in page and "Piet Jansen" not in page and "Vertraagd" not in page


def test_only_the_share_pages_are_open_without_login(partner, manager, linked):
    view = share(manager)
    assert partner.get(LIST).status_code == 302
    assert partner.post(reverse("sharing:revoke", kwargs={"pk": view.pk})).status_code == 302
    assert partner.get(shared_url(view)).status_code == 200


def page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("kind", SharedView.Kind.values)
def test_shared_page_query_count_does_not_grow(partner, manager, linked, closed_round, kind):
    view = share(manager, kind=kind, round=closed_round)
    small = page_queries(partner, shared_url(view))
    for index in range(8):
        theme = ThemeFactory(agenda=linked["vow"].agenda)
        goal = OperationalGoalFactory(group__theme=theme, letter="A")
        GoalLinkFactory(goal=goal, recommendation=linked["recs"][1 + index % 3])
        StatusUpdate.objects.create(goal=goal, status="at_risk", date="2026-01-01")
    assert page_queries(partner, shared_url(view)) == small


def test_list_query_count_does_not_grow(manager_client, manager, linked):
    share(manager)
    small = page_queries(manager_client, LIST)
    for _ in range(6):
        share(manager, scope=GoalScope(theme=linked["glp"], region=linked["glp"].agenda.region))
    assert page_queries(manager_client, LIST) == small


def test_partners_are_told_when_the_figures_are_demo_data(partner, manager, linked):
    view = share(manager)
    assert "Demogegevens" not in partner.get(shared_url(view)).content.decode()
    DemoDataset.objects.create()
    assert "Demogegevens" in partner.get(shared_url(view)).content.decode()


def test_monitoring_view_names_the_agenda_when_themes_come_from_several(partner, manager, linked):
    StatusUpdate.objects.create(
        goal=OperationalGoal.objects.get(group__theme=linked["glp"]), status="on_track", date="2026-03-01"
    )
    page = partner.get(shared_url(share(manager, kind=SharedView.Kind.MONITORING))).content.decode()
    assert f"Vitaal ({linked['vow'].agenda.name})" in page
