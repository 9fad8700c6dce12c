"""The read-only API: per role, per token (also revoked), the same coverage as the export
command, closed rounds only, ETags, throttling and constant query counts."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from api import services
from api.authentication import TOKEN_INVALID
from api.models import ApiToken, ApiTokenUse
from monitoring.models import Indicator, Measurement, StatusUpdate
from tests.factories import (
    BallotEntryFactory,
    BallotFactory,
    GoalLinkFactory,
    OperationalGoalFactory,
    RecommendationFactory,
    RoundFactory,
    ThemeFactory,
)

LIST_ENDPOINTS = [
    "api:recommendation-list",
    "api:region-list",
    "api:plan-list",
    "api:agenda-list",
    "api:theme-list",
    "api:goal-list",
    "api:round-list",
    "api:status-list",
    "api:indicator-list",
    "api:coverage",
]


@pytest.fixture
def linked(db):
    recs = {number: RecommendationFactory(number=number, short_title=f"Titel {number}") for number in (1, 2, 3)}
    vow = ThemeFactory(code="VOW", name="Vitaal", agenda__region__slug="drenthe", agenda__region__name="Drenthe")
    glp = ThemeFactory(code="GLP", name="Leefstijl", agenda__region__slug="ijv", agenda__region__name="IJssel-Vecht")
    a = OperationalGoalFactory(group__theme=vow, letter="A", target_year=2026)
    b = OperationalGoalFactory(group__theme=vow, letter="B", target_year=2028)
    c = OperationalGoalFactory(group__theme=glp, letter="A", target_year=2026)
    for goal, number in [(a, 1), (b, 1), (c, 1), (a, 2)]:
        GoalLinkFactory(goal=goal, recommendation=recs[number], note=f"past bij {number}")
    return {"vow": vow, "glp": glp, "recs": recs, "a": a}


def bearer(key: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def get(client, name: str, key: str | None = None, **params):
    return client.get(reverse(name), params, **(bearer(key) if key else {}))


def make_key(user, name="Power BI") -> str:
    return services.api_token_create(user=user, name=name)[1]


def test_coverage_gives_the_numbers_of_the_export_command(client, manager, linked):
    key = make_key(manager)
    for params, options in [
        ({}, {}),
        ({"region": "drenthe"}, {"region": "drenthe"}),
        ({"theme": "GLP"}, {"theme": "GLP"}),
        ({"region": "Drenthe", "target_year": "2026"}, {"region": "Drenthe", "target_year": "2026"}),
    ]:
        out = StringIO()
        call_command("export_coverage", format="json", stdout=out, **options)
        response = get(client, "api:coverage", key, **params)
        assert response.status_code == 200
        assert response.json() == json.loads(out.getvalue())
    assert get(client, "api:coverage", key, region="drenthe").json()[0] == {
        "number": 1,
        "short_title": "Titel 1",
        "linked_goals": 2,
    }


def test_unknown_coverage_filter_is_refused_in_dutch(client, manager, linked):
    response = get(client, "api:coverage", make_key(manager), region="nergens")
    assert response.status_code == 400
    assert response.json() == {"detail": "Er is geen regio met de naam nergens."}


def test_goals_carry_their_links_and_filter_like_the_goals_table(client, advisor, linked):
    key = make_key(advisor)
    response = get(client, "api:goal-list", key, regio="drenthe")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    first = body["results"][0]
    assert first["code"] == linked["a"].code and first["region"] == "drenthe" and first["theme"] == "VOW"
    assert first["links"] == [
        {"recommendation": 1, "note": "past bij 1"},
        {"recommendation": 2, "note": "past bij 2"},
    ]
    assert get(client, "api:goal-list", key, doeljaar="2026").json()["count"] == 2


@pytest.mark.parametrize(
    ("persona", "goals_status", "recommendations_status"),
    [("member", 403, 200), ("outsider", 403, 200), ("advisor", 200, 200), ("manager", 200, 200)],
)
def test_a_token_sees_what_its_owner_sees(client, request, linked, persona, goals_status, recommendations_status):
    key = make_key(request.getfixturevalue(persona))
    assert get(client, "api:goal-list", key).status_code == goals_status
    assert get(client, "api:coverage", key).status_code == goals_status
    assert get(client, "api:recommendation-list", key).status_code == recommendations_status


def test_session_login_reads_the_api_too(manager_client, linked):
    assert manager_client.get(reverse("api:coverage")).status_code == 200


def test_without_token_or_login_the_api_refuses_with_401(client, linked):
    response = get(client, "api:recommendation-list")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_revoked_token_no_longer_gets_in(client, manager, linked):
    key = make_key(manager)
    assert get(client, "api:coverage", key).status_code == 200
    token = ApiToken.objects.get()
    services.api_token_revoke(token=token, user=manager)
    response = get(client, "api:coverage", key)
    assert response.status_code == 401
    assert response.json() == {"detail": str(TOKEN_INVALID)}
    assert get(client, "api:coverage", "gm_made-up").status_code == 401


def test_token_of_a_deactivated_user_stops_working(client, manager, linked):
    key = make_key(manager)
    manager.is_active = False
    manager.save()
    assert get(client, "api:coverage", key).status_code == 401


def test_tokens_are_stored_hashed_and_every_use_is_logged(client, manager, linked):
    key = make_key(manager)
    token = ApiToken.objects.get()
    assert key not in {token.key_hash, token.key_start} and len(token.key_hash) == 64
    get(client, "api:coverage", key, region="drenthe")
    get(client, "api:recommendation-list", key)
    uses = list(ApiTokenUse.objects.order_by("pk").values_list("method", "path"))
    assert uses == [("GET", "/api/v1/coverage/?region=drenthe"), ("GET", "/api/v1/recommendations/")]
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_only_closed_rounds_whose_results_the_owner_may_see(client, member, manager, linked):
    now = timezone.now()
    closed = RoundFactory(name="Voorjaar", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))
    closed.participants.set([member])
    RoundFactory(name="Nog open", participants=[member])
    # A round for chosen people that leave the member out (a round without chosen people is the whole team's).
    RoundFactory(
        name="Zonder lid", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1), participants=[manager]
    )
    ballot = BallotFactory(round=closed, member=member)
    BallotEntryFactory(ballot=ballot, recommendation=linked["recs"][2], reason="Geheim")
    manager_rounds = get(client, "api:round-list", make_key(manager)).json()["results"]
    assert sorted(r["name"] for r in manager_rounds) == ["Voorjaar", "Zonder lid"]
    member_key = make_key(member)
    assert [r["name"] for r in get(client, "api:round-list", member_key).json()["results"]] == ["Voorjaar"]
    results = client.get(reverse("api:round-results", kwargs={"pk": closed.pk}), **bearer(member_key))
    assert results.status_code == 200
    assert results.json()[1]["importance"] == 1
    assert "Geheim" not in results.content.decode() and "lid" not in results.content.decode()
    other = RoundFactory(
        name="Later", opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=2), participants=[manager]
    )
    assert client.get(reverse("api:round-results", kwargs={"pk": other.pk}), **bearer(member_key)).status_code == 404


def test_statuses_and_indicators_with_measurements(client, manager, linked):
    StatusUpdate.objects.create(goal=linked["a"], status="on_track", date="2026-03-01", note="Loopt")
    indicator = Indicator.objects.create(
        goal=linked["a"], name="Deelnemers", kind="output", unit="aantal", direction="higher", target_value=100
    )
    Measurement.objects.create(indicator=indicator, date="2026-01-01", value=40, source="Telling")
    key = make_key(manager)
    statuses = get(client, "api:status-list", key, regio="drenthe").json()["results"]
    assert statuses == [
        {
            "id": statuses[0]["id"],
            "agenda": linked["vow"].agenda.slug,
            "goal": linked["a"].code,
            "theme": None,
            "status": "on_track",
            "date": "2026-03-01",
            "note": "Loopt",
        }
    ]
    assert get(client, "api:status-list", key, regio="ijv").json()["count"] == 0
    indicators = get(client, "api:indicator-list", key).json()["results"]
    assert indicators[0]["measurements"] == [{"date": "2026-01-01", "value": "40.00", "source": "Telling"}]


def test_answers_carry_an_etag_and_unchanged_answers_are_not_sent_again(client, manager, linked):
    key = make_key(manager)
    first = get(client, "api:coverage", key)
    assert first.has_header("ETag")
    again = client.get(reverse("api:coverage"), HTTP_IF_NONE_MATCH=first["ETag"], **bearer(key))
    assert again.status_code == 304
    GoalLinkFactory(goal=linked["a"], recommendation=linked["recs"][3])
    changed = client.get(reverse("api:coverage"), HTTP_IF_NONE_MATCH=first["ETag"], **bearer(key))
    assert changed.status_code == 200


def test_each_token_has_its_own_rate(client, manager, linked, settings, monkeypatch):
    from api.throttling import TokenRateThrottle

    monkeypatch.setattr(TokenRateThrottle, "THROTTLE_RATES", {"token": "2/minute"})
    cache.clear()
    first, second = make_key(manager, "een"), make_key(manager, "twee")
    assert [get(client, "api:region-list", first).status_code for _ in range(3)] == [200, 200, 429]
    assert get(client, "api:region-list", second).status_code == 200


def test_schema_and_documentation(client, manager_client, manager, linked):
    schema = client.get(reverse("api:schema"), **bearer(make_key(manager)))
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/coverage/" in text and "target_year" in text
    assert "scheme: bearer" in text
    assert manager_client.get(reverse("api:docs")).status_code == 200


def queries(client, name: str, key: str) -> int:
    with CaptureQueriesContext(connection) as context:
        assert get(client, name, key).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("name", LIST_ENDPOINTS)
def test_list_query_counts_do_not_grow_with_the_data(client, manager, linked, name):
    key = make_key(manager)
    now = timezone.now()
    RoundFactory(opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))
    StatusUpdate.objects.create(goal=linked["a"], status="on_track", date="2026-01-01")
    indicator = Indicator.objects.create(
        goal=linked["a"], name="Bereik", kind="outcome", unit="%", direction="higher", target_value=50
    )
    Measurement.objects.create(indicator=indicator, date="2026-01-01", value=1, source="Monitor")
    small = queries(client, name, key)
    for index in range(6):
        theme = ThemeFactory(agenda=linked["vow"].agenda)
        goal = OperationalGoalFactory(group__theme=theme, letter="A")
        GoalLinkFactory(goal=goal, recommendation=linked["recs"][1 + index % 3])
        StatusUpdate.objects.create(goal=goal, status="at_risk", date="2026-01-01")
        StatusUpdate.objects.create(theme=theme, status="on_track", date="2026-01-01")
        indicator = Indicator.objects.create(
            goal=goal, name="Bereik", kind="outcome", unit="%", direction="higher", target_value=50
        )
        Measurement.objects.create(indicator=indicator, date="2026-01-01", value=index, source="Monitor")
        RecommendationFactory(number=10 + index)
        RoundFactory(opens_at=now - timedelta(days=9), closes_at=now - timedelta(days=1))
    assert queries(client, name, key) == small
