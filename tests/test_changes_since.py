"""One record of changes feeds the home page's "what changed since your last visit" and the weekly summary."""

import datetime
from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.services import comment_create, thread_follow
from monitoring.models import Indicator, Status
from monitoring.services import indicator_create, measurement_create, status_update_create
from notifications import selectors
from notifications.models import Preferences, Visit
from prioritisation.models import Round
from tests.factories import AgendaFactory, GoalLinkFactory, OperationalGoalFactory, RoundFactory

HOUR = datetime.timedelta(hours=1)


def sections(changes) -> dict[str, list[str]]:
    return {section.heading: [item.text for item in section.items] for section in changes.sections}


def everything(user, since, until=None):
    return selectors.changes_between(
        user=user, since=since, until=until or timezone.now() + HOUR, scope=selectors.Scope(label="alles")
    )


def test_links_added_and_removed(advisor):
    start = timezone.now()
    kept = GoalLinkFactory()
    gone = GoalLinkFactory()
    gone_text = f"{gone.goal.code} en aanbeveling {gone.recommendation.number}"
    gone.delete()

    found = sections(everything(advisor, start))

    assert f"{kept.goal.code} en aanbeveling {kept.recommendation.number}" in found["Nieuwe koppelingen"]
    assert found["Verwijderde koppelingen"] == [gone_text]


def test_only_statuses_that_turned_orange_or_red(advisor):
    goal, steady, theme_goal = OperationalGoalFactory(), OperationalGoalFactory(), OperationalGoalFactory()
    today = timezone.localdate()
    earlier = today - datetime.timedelta(days=30)
    status_update_create(goal=goal, status=Status.ON_TRACK, date=earlier, author=advisor)
    status_update_create(goal=steady, status=Status.OFF_TRACK, date=earlier, author=advisor)
    start = timezone.now()
    status_update_create(goal=goal, status=Status.AT_RISK, date=today, author=advisor)
    status_update_create(goal=steady, status=Status.OFF_TRACK, date=today, author=advisor)  # already red
    status_update_create(theme=theme_goal.group.theme, status=Status.OFF_TRACK, date=today, author=advisor)
    status_update_create(goal=theme_goal, status=Status.ON_TRACK, date=today, author=advisor)

    found = sections(everything(advisor, start))["Statussen die oranje of rood werden"]

    expected = [f"{goal.code}: {Status.AT_RISK.label}", f"{theme_goal.group.theme.name}: {Status.OFF_TRACK.label}"]
    assert sorted(found) == sorted(expected)
    assert not any(item.startswith(steady.code) for item in found)


def test_indicators_that_went_off_track(advisor):
    goal = OperationalGoalFactory()
    indicator = indicator_create(
        goal=goal,
        name="Kinderen met gezond gewicht",
        kind=Indicator.Kind.OUTCOME,
        unit="%",
        direction=Indicator.Direction.HIGHER,
        baseline_value=Decimal("50"),
        baseline_date=datetime.date(2024, 1, 1),
        target_value=Decimal("70"),
        target_year=2030,
        user=advisor,
    )
    start = timezone.now()
    measurement_create(
        indicator=indicator, date=timezone.localdate(), value=Decimal("49"), source="GGD-monitor", recorded_by=advisor
    )

    found = sections(everything(advisor, start))
    assert found["Indicatoren die achterlopen"] == [f"{goal.code}: Kinderen met gezond gewicht"]


def test_members_see_links_rounds_and_comments_but_not_monitoring(member, advisor):
    goal = OperationalGoalFactory()
    start = timezone.now()
    status_update_create(goal=goal, status=Status.OFF_TRACK, date=timezone.localdate(), author=advisor)
    own = RoundFactory(name="Mijn ronde", opens_at=timezone.now(), participants=[member])
    # Limited to someone else: the member may not vote in it, so it is not their news.
    RoundFactory(name="Andermans ronde", opens_at=timezone.now(), participants=[advisor])
    comment_create(target=goal, author=advisor, body="Kijk even mee")

    found = sections(everything(member, start))

    assert "Statussen die oranje of rood werden" not in found
    assert found["Rondes die opengingen"] == [own.name]
    assert found["Nieuwe reacties"] == [f"Sanne Bakker over {goal.code}"]


def test_closed_rounds_carry_their_turnout(manager):
    start = timezone.now() - HOUR
    RoundFactory(
        name="Najaarsronde", opens_at=start - HOUR * 48, closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    changes = everything(manager, start)
    (section,) = [s for s in changes.sections if s.heading == "Rondes die sloten"]
    assert (section.items[0].text, section.items[0].detail) == ("Najaarsronde", "0 van 0 stemden")


def test_scope_keeps_to_the_followed_agenda_and_threads_followed_elsewhere(advisor, manager):
    followed_agenda = AgendaFactory()
    inside = GoalLinkFactory(goal=OperationalGoalFactory(group__theme__agenda=followed_agenda))
    outside = GoalLinkFactory()
    start = timezone.now() - HOUR
    comment_create(target=outside.goal, author=advisor, body="Elders")

    scope = selectors.Scope(agenda_id=followed_agenda.pk, label=followed_agenda.name)
    found = sections(selectors.changes_between(user=manager, since=start, until=timezone.now() + HOUR, scope=scope))
    assert found["Nieuwe koppelingen"] == [f"{inside.goal.code} en aanbeveling {inside.recommendation.number}"]
    assert "Nieuwe reacties" not in found

    thread_follow(target=outside.goal, user=manager)
    found = sections(selectors.changes_between(user=manager, since=start, until=timezone.now() + HOUR, scope=scope))
    assert found["Nieuwe reacties"] == [f"Sanne Bakker over {outside.goal.code}"]


def test_home_shows_changes_since_the_previous_visit_and_keeps_them_for_the_session(manager):
    first = Client()
    first.force_login(manager)
    first.get(reverse("home"))
    assert Visit.objects.get(user=manager)

    link = GoalLinkFactory()
    text = f"{link.goal.code} en aanbeveling {link.recommendation.number}"
    second = Client()
    second.force_login(manager)  # a new session: counts from the end of the previous one
    page = second.get(reverse("home")).content.decode()
    assert "Wat er veranderde sinds uw vorige bezoek" in page
    assert text in page
    assert text in second.get(reverse("home")).content.decode()  # a reload does not empty the list

    third = Client()
    third.force_login(manager)
    assert text not in third.get(reverse("home")).content.decode()


def test_home_and_weekly_summary_draw_on_the_same_record(manager):
    Preferences.objects.create(user=manager, digest=True)
    since = timezone.now() - HOUR
    GoalLinkFactory()
    now = timezone.now() + HOUR
    home = selectors.changes_since_last_visit(user=manager, since=since, now=now)
    summary = selectors.changes_between(
        user=manager,
        since=since,
        until=now,
        scope=selectors.scope_of(preferences=selectors.preferences_for(user=manager)),
    )
    assert home.sections == summary.sections


def test_home_changes_cost_the_same_queries_for_more_changes(member, advisor, member_client, django_assert_num_queries):
    def more_changes():
        for _ in range(3):
            GoalLinkFactory()
            members_round = RoundFactory(opens_at=timezone.now(), participants=[member])
            comment_create(target=members_round, author=advisor, body="Wie doet mee?")
            comment_create(target=OperationalGoalFactory(), author=advisor, body="Zie notulen")

    member_client.get(reverse("home"))
    Visit.objects.update(seen_at=timezone.now() - HOUR)
    more_changes()
    with CaptureQueriesContext(connection) as few:
        page = member_client.get(reverse("home")).content.decode()
    assert page.count("Wie doet mee?") == 3
    more_changes()
    with django_assert_num_queries(len(few.captured_queries)):
        page = member_client.get(reverse("home")).content.decode()
    # Twelve new comments: the newest ten are listed, with a count of the rest.
    assert page.count("Wie doet mee?") + page.count("Zie notulen") == 10
    assert "en nog 2" in page


def test_settings_page_saves_kinds_and_scope(advisor, advisor_client):
    agenda = AgendaFactory()
    response = advisor_client.post(
        reverse("notifications:settings"),
        {"round_opened": "on", "digest": "on", "region": agenda.region_id, "agenda": agenda.pk},
    )
    assert response.status_code == 302
    saved = Preferences.objects.get(user=advisor)
    assert (saved.round_opened, saved.round_reminder, saved.round_closed, saved.digest, saved.comment) == (
        True,
        False,
        False,
        True,
        False,
    )
    assert saved.agenda == agenda


def test_settings_refuse_an_agenda_of_another_region(advisor, advisor_client):
    agenda, other = AgendaFactory(), AgendaFactory()
    response = advisor_client.post(reverse("notifications:settings"), {"region": other.region_id, "agenda": agenda.pk})
    assert response.status_code == 400
    assert "Deze agenda hoort bij een andere regio" in response.content.decode()
    assert not Preferences.objects.filter(user=advisor).exists()


def test_members_are_not_offered_the_weekly_summary(member_client):
    content = member_client.get(reverse("notifications:settings")).content.decode()
    assert "Mijn instellingen" in content
    assert 'name="digest"' not in content
    assert 'name="round_reminder"' in content


def test_a_bulk_of_links_shows_the_newest_ten_and_counts_the_rest(advisor):
    start = timezone.now()
    GoalLinkFactory.create_batch(13)
    (section, *_rest) = everything(advisor, start).sections
    assert (section.heading, len(section.items), section.more) == ("Nieuwe koppelingen", 10, 3)


def test_a_round_that_opened_leads_where_its_reader_is_let_in(member, manager):
    """A manager may not see the tallies of a round that shows them only after closing: the line
    about its opening (and its coming close) leads to the round list, not to a refusal."""
    start = timezone.now() - HOUR
    round = RoundFactory(
        name="Voorjaarsronde",
        opens_at=timezone.now(),
        closes_at=timezone.now() + datetime.timedelta(days=3),
        results_visibility=Round.ResultsVisibility.AFTER_CLOSING,
    )
    client = Client()
    for user, expected in (
        (manager, reverse("prioritisation:list")),
        (member, reverse("prioritisation:ballot", kwargs={"pk": round.pk})),
    ):
        changes = selectors.changes_between(
            user=user, since=start, until=timezone.now() + HOUR, scope=selectors.Scope(label="alles"), deadlines=True
        )
        urls = {item.text: item.url for section in changes.sections for item in section.items}
        assert urls["Voorjaarsronde"] == expected
        assert urls["Voorjaarsronde sluit"] == expected
        client.force_login(user)
        assert client.get(expected).status_code == 200
