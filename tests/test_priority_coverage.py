"""Priority against coverage: the reading, its edge cases, filters, bad input, charts and query counts."""

import io
import json
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from coverage import selectors
from coverage.selectors import Reading, priority_readings
from prioritisation.models import Round
from prioritisation.services import BallotChoice, ballot_submit
from tests.factories import (
    GoalLinkFactory,
    OperationalGoalFactory,
    RecommendationFactory,
    RoundFactory,
    ThemeFactory,
    UserFactory,
)
from workagenda.selectors import scope_resolve

PAGE = reverse("coverage:priority")
PNG = reverse("coverage:priority_chart", kwargs={"fmt": "png"})
SVG = reverse("coverage:priority_chart", kwargs={"fmt": "svg"})
GEZONDE_MARKE = {"regio": "drenthe", "agenda": "werkagenda-gezonde-marke"}


def by_reading(readings: list[str]) -> dict[str, list[int]]:
    """Readings of recommendations numbered 1.. grouped per reading."""
    grouped: dict[str, list[int]] = {}
    for number, reading in enumerate(readings, start=1):
        grouped.setdefault(reading, []).append(number)
    return grouped


# The reading itself, on plain numbers.


def test_demo_shaped_numbers_read_as_the_report_reads_them():
    priorities = [6, 14, 2, 6, 1, 7, 14, 1, 1, 2]
    coverages = [12, 9, 7, 2, 3, 16, 16, 6, 2, 5]
    grouped = by_reading(priority_readings(priorities=priorities, coverages=coverages))
    assert grouped == {
        Reading.MIDDLE: [1, 2, 3, 8, 10],
        Reading.PRIORITY_AHEAD: [4],
        Reading.LOW_BOTH: [5, 9],
        Reading.HIGH_BOTH: [6, 7],
    }


def test_anchored_but_low_priority_is_the_mirror_image():
    grouped = by_reading(
        priority_readings(priorities=[12, 9, 7, 2, 3, 16, 16, 6, 2, 5], coverages=[6, 14, 2, 6, 1, 7, 14, 1, 1, 2])
    )
    assert grouped[Reading.COVERAGE_AHEAD] == [4]
    assert (grouped[Reading.HIGH_BOTH], grouped[Reading.LOW_BOTH]) == ([6, 7], [5, 9])


def test_all_zero_coverage_makes_nothing_high_or_low_on_anchoring():
    readings = priority_readings(priorities=[5, 4, 3, 2, 1, 0], coverages=[0] * 6)
    assert set(readings) == {Reading.MIDDLE}


def test_ties_share_a_place_and_a_tie_on_the_median_is_neither_high_nor_low():
    # Four share the top priority: all take place 1 and are in the top third.
    readings = priority_readings(priorities=[9, 9, 9, 9, 1, 1, 1, 1, 0], coverages=[9, 9, 9, 9, 1, 1, 1, 1, 0])
    assert by_reading(readings)[Reading.HIGH_BOTH] == [1, 2, 3, 4]
    assert by_reading(readings)[Reading.LOW_BOTH] == [9]  # 5 to 8 share place 5 from the bottom
    # Everything equal: nobody is high or low.
    assert set(priority_readings(priorities=[3, 3, 3], coverages=[1, 2, 3])) == {Reading.MIDDLE}


def test_no_recommendations_give_no_reading():
    assert priority_readings(priorities=[], coverages=[]) == []


# The page and its data, on the real seed and the demo.


@pytest.fixture
def demo(seeded):
    call_command("load_demo", stdout=io.StringIO())


def test_demo_reproduces_the_reports_reading_for_gezonde_marke(manager_client, demo):
    round = Round.objects.get(name__startswith="Prioritering programmateam 2024")
    analysis = selectors.priority_coverage(round=round, scope=scope_resolve(**{"region": "drenthe"}))
    assert analysis.numbers(Reading.PRIORITY_AHEAD) == [4]
    assert analysis.numbers(Reading.LOW_BOTH) == [5, 9]
    assert analysis.numbers(Reading.HIGH_BOTH) == [6, 7]
    assert analysis.numbers(Reading.COVERAGE_AHEAD) == []
    page = manager_client.get(PAGE, GEZONDE_MARKE).content.decode()
    assert "<strong>Belangrijk en urgent, maar weinig verankerd:</strong> aanbeveling 4." in page
    assert "<strong>Laag op beide:</strong> aanbevelingen 5 en 9." in page
    assert "<strong>Hoog op beide:</strong> aanbevelingen 6 en 7." in page
    assert "<strong>Verankerd maar laag geprioriteerd:</strong> geen." in page
    assert "Ronde: Prioritering programmateam 2024 (demo)." in page
    assert "Hoog betekent: bij het bovenste derde van de aanbevelingen" in page
    assert "Prioriteit in Prioritering programmateam 2024 (demo) tegenover verankering (Drenthe" in page
    assert 'alt="Spreidingsdiagram: elk genummerd punt is een aanbeveling' in page
    assert "/verankering/prioriteit/grafiek.png?regio=drenthe&amp;agenda=werkagenda-gezonde-marke" in page
    row = page[page.index("4. Onderwijs") : page.index("5. Implementeer")]
    cells = re.findall(r"<td[^>]*>([^<]*)</td>", row)
    assert cells == ["3", "3", "6", "2", "Belangrijk en urgent, maar weinig verankerd"]


def export_readings(*args: str) -> dict[int, dict]:
    out = io.StringIO()
    call_command("export_priorities", "--with-coverage", "--format", "json", *args, stdout=out)
    return {row["number"]: row for row in json.loads(out.getvalue())}


def test_a_prioritised_recommendation_without_any_link_reads_as_not_anchored(demo):
    """The report (001, 2.4) names a prioritised recommendation with no link at all first,
    also where most recommendations have no link in the scope and the median is 0."""
    in_2040 = export_readings("--region", "drenthe", "--target-year", "2040")
    assert (in_2040[2]["priority"], in_2040[2]["linked_goals"]) == (14, 0)
    assert in_2040[2]["reading"] == Reading.PRIORITY_AHEAD
    in_2026 = export_readings("--region", "drenthe", "--target-year", "2026")
    assert in_2026[4]["linked_goals"] == 0
    assert in_2026[4]["reading"] == Reading.PRIORITY_AHEAD


def test_no_link_counts_as_low_only_where_the_scope_has_links():
    readings = priority_readings(priorities=[9, 8, 1, 1, 1, 1], coverages=[0, 3, 0, 0, 0, 0])
    assert readings[0] == Reading.PRIORITY_AHEAD
    assert set(priority_readings(priorities=[9, 8, 1, 1, 1, 1], coverages=[0] * 6)) == {Reading.MIDDLE}


def test_the_page_explains_that_no_link_is_poorly_anchored(manager_client, demo):
    page = manager_client.get(PAGE, GEZONDE_MARKE).content.decode()
    assert "Een aanbeveling zonder enig gekoppeld doel telt als weinig verankerd" in page


def test_a_theme_in_two_agendas_names_them_and_accepts_the_agenda(demo):
    with pytest.raises(CommandError, match="Vitaal ouder worden") as refused:
        export_readings("--theme", "Vitaal ouder worden")
    assert "Werkagenda Gezonde Marke" in str(refused.value)
    assert "--agenda" in str(refused.value)
    rows = export_readings("--theme", "Vitaal ouder worden", "--agenda", "werkagenda-gezonde-marke")
    assert len(rows) == 10


def test_export_command_gives_the_same_reading(demo):
    out = io.StringIO()
    call_command("export_priorities", "--with-coverage", "--region", "Drenthe", "--format", "json", stdout=out)
    rows = {row["number"]: row for row in json.loads(out.getvalue())}
    assert rows[4] == {
        "number": 4,
        "short_title": "Onderwijs; extra inzet op scholen",
        "importance": 3,
        "urgency": 3,
        "ballots": 9,
        "priority": 6,
        "linked_goals": 2,
        "reading": Reading.PRIORITY_AHEAD,
    }
    assert [n for n, row in rows.items() if row["reading"] == Reading.HIGH_BOTH] == [6, 7]
    assert [n for n, row in rows.items() if row["reading"] == Reading.LOW_BOTH] == [5, 9]
    with pytest.raises(CommandError, match="Er is geen regio met de naam nergens"):
        call_command("export_priorities", "--with-coverage", "--region", "nergens", stdout=io.StringIO())


def test_the_coverage_dashboard_links_to_the_page(manager_client, seeded):
    page = manager_client.get(reverse("coverage:dashboard")).content.decode()
    assert f'href="{PAGE}"' in page and "Prioriteit tegenover verankering" in page


# Built data for everything else.


def team_member(username):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    return user


def vote(round, member, importance, urgency):
    choices = [BallotChoice("importance", n) for n in importance] + [BallotChoice("urgency", n) for n in urgency]
    round.participants.add(member)
    return ballot_submit(round=round, member=member, choices=choices)


def closed(round):
    round.closes_at = timezone.now() - timedelta(minutes=1)
    round.opens_at = round.closes_at - timedelta(days=7)
    round.save()
    return round


@pytest.fixture
def world(db):
    """Six recommendations, two themes in two regions, one closed picks round."""
    recs = {n: RecommendationFactory(number=n, short_title=f"Titel {n}") for n in range(1, 7)}
    drenthe = ThemeFactory(code="VOW", agenda__region__slug="drenthe", agenda__region__name="Drenthe")
    ijssel = ThemeFactory(code="GLP", agenda__region__slug="ijv", agenda__region__name="IJssel-Vecht")
    goals = [OperationalGoalFactory(group__theme=drenthe, target_year=2026) for _ in range(6)]
    goals += [OperationalGoalFactory(group__theme=ijssel, target_year=2028) for _ in range(3)]
    # Drenthe: recommendation 1 in six goals, 2 in four, 3 in one; IJssel-Vecht: 6 in three.
    for number, count in ((1, 6), (2, 4), (3, 1)):
        for goal in goals[:count]:
            GoalLinkFactory(goal=goal, recommendation=recs[number])
    for goal in goals[6:]:
        GoalLinkFactory(goal=goal, recommendation=recs[6])
    round = RoundFactory(name="Ronde 2025")
    for index in range(3):
        vote(round, team_member(f"lid{index}"), (1, 4, 5), (1, 4, 2))
    closed(round)
    return {"recs": recs, "drenthe": drenthe, "ijssel": ijssel, "goals": goals, "round": round}


def readings(client, **query):
    page = client.get(PAGE, query)
    assert page.status_code == 200
    return page.context["data"]["analysis"]


def test_filters_narrow_the_coverage_and_the_round_can_be_chosen(manager_client, world):
    everything = readings(manager_client)
    assert [row.linked_goals for row in everything.rows] == [6, 4, 1, 0, 0, 3]
    assert [row.priority for row in everything.rows] == [6, 3, 0, 6, 3, 0]
    drenthe = readings(manager_client, regio="drenthe")
    assert [row.linked_goals for row in drenthe.rows] == [6, 4, 1, 0, 0, 0]
    assert [row.linked_goals for row in readings(manager_client, doeljaar=2028).rows] == [0, 0, 0, 0, 0, 3]
    assert [row.linked_goals for row in readings(manager_client, thema=world["ijssel"].pk).rows][5] == 3
    other = RoundFactory(name="Ronde 2026", results_visibility=Round.ResultsVisibility.ALWAYS)
    vote(other, team_member("nieuw"), (6, 5, 3), (6, 5, 3))
    chosen = readings(manager_client, ronde=other.pk)
    assert chosen.round == other and chosen.rows[5].priority == 2
    assert "Deze ronde loopt nog" in manager_client.get(PAGE, {"ronde": other.pk}).content.decode()


def test_a_scale_round_adds_the_mean_scores(manager_client, world):
    round = RoundFactory(
        name="Schaalronde", method=Round.Method.SCALE, results_visibility=Round.ResultsVisibility.ALWAYS
    )
    member = team_member("schaal")
    round.participants.add(member)
    ballot_submit(
        round=round,
        member=member,
        choices=[BallotChoice(c, n, score=5 if n == 1 else 2) for c in ("importance", "urgency") for n in range(1, 7)],
    )
    analysis = readings(manager_client, ronde=round.pk)
    assert [row.priority for row in analysis.rows] == [10.0, 4.0, 4.0, 4.0, 4.0, 4.0]
    assert analysis.numbers(Reading.HIGH_BOTH) == [1]
    svg = manager_client.get(SVG, {"ronde": round.pk}).content.decode()
    assert "som van de gemiddelde cijfers" in svg


def test_without_a_closed_round_the_page_says_what_to_do(manager_client, world):
    world["round"].closes_at = timezone.now() + timedelta(days=1)
    world["round"].save()
    response = manager_client.get(PAGE)
    assert response.status_code == 200
    assert "Er is nog geen gesloten prioriteringsronde" in response.content.decode()
    assert reverse("prioritisation:list") in response.content.decode()
    chart = manager_client.get(PNG)
    assert chart.status_code == 404
    # A round still open can be chosen explicitly, when its settings show its results before it closes.
    assert manager_client.get(PAGE, {"ronde": world["round"].pk}).status_code == 400
    world["round"].results_visibility = Round.ResultsVisibility.ALWAYS
    world["round"].save()
    assert readings(manager_client, ronde=world["round"].pk).round == world["round"]


def test_an_open_round_that_hides_its_results_is_not_offered_to_managers(manager_client, administrator, world):
    hidden = RoundFactory(name="Ronde nog dicht", results_visibility=Round.ResultsVisibility.AFTER_CLOSING)
    vote(hidden, team_member("stemmer"), (6, 5, 3), (6, 5, 3))
    page = manager_client.get(PAGE).content.decode()
    assert "Ronde nog dicht" not in page
    assert manager_client.get(PAGE, {"ronde": hidden.pk}).status_code == 400
    assert manager_client.get(PNG, {"ronde": hidden.pk}).status_code == 400
    # Administrators are not bound by the setting.
    manager_client.force_login(administrator)
    assert readings(manager_client, ronde=hidden.pk).round == hidden


def test_without_links_the_page_says_what_to_do(advisor_client, world):
    from workagenda.models import GoalLink

    GoalLink.objects.all().delete()
    page = advisor_client.get(PAGE).content.decode()
    assert "Er is nog geen operationeel doel aan een aanbeveling gekoppeld" in page
    assert reverse("workagenda:link_themes") in page  # advisors can link, so they get the way there


def test_no_links_within_the_filters_is_said_plainly(manager_client, world):
    other_year = manager_client.get(PAGE, {"doeljaar": 2026, "regio": "ijv"}).content.decode()
    assert "Binnen deze filters is geen enkel operationeel doel aan een aanbeveling gekoppeld" in other_year
    assert "Hoog op beide" not in other_year


@pytest.mark.parametrize(
    "query",
    [{"ronde": "abc"}, {"ronde": "999999"}, {"regio": "nergens"}, {"doeljaar": "twintig"}, {"thema": "-1"}],
)
def test_bad_round_or_filters_are_refused_in_dutch(manager_client, world, query):
    response = manager_client.get(PAGE, query)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Deze filters kunnen niet worden gebruikt" in page
    assert "Selecteer een geldige keuze" in page
    chart = manager_client.get(PNG, query)
    assert chart.status_code == 400
    assert "Deze filters kunnen niet worden gebruikt" in chart.content.decode()


def test_chart_is_png_and_svg_and_changes_with_links_and_ballots(manager_client, world):
    cache.clear()
    png = manager_client.get(PNG)
    assert png["Content-Type"] == "image/png" and png.content.startswith(b"\x89PNG\r\n\x1a\n")
    svg = manager_client.get(SVG)
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    text = svg.content.decode()
    assert "Prioriteit: belang + urgentie (aantal keer gekozen)" in text
    assert "Verankering: gekoppelde operationele doelen" in text
    assert manager_client.get(PNG).content == png.content  # same data, same picture
    GoalLinkFactory(goal=world["goals"][5], recommendation=world["recs"][5])
    after_link = manager_client.get(PNG).content
    assert after_link != png.content
    round = world["round"]
    round.closes_at = timezone.now() + timedelta(days=1)
    round.save()
    vote(round, team_member("laat"), (6, 3, 2), (6, 3, 2))
    closed(round)
    assert manager_client.get(PNG).content != after_link


def test_query_count_stays_the_same_as_goals_links_and_ballots_grow(manager_client, world):
    def count(url):
        with CaptureQueriesContext(connection) as context:
            assert manager_client.get(url, {"regio": "drenthe"}).status_code == 200
        return len(context.captured_queries)

    cache.clear()
    manager_client.get(PAGE)  # the session and the role cache
    small_page, small_chart = count(PAGE), count(SVG)
    round = world["round"]
    round.closes_at = timezone.now() + timedelta(days=1)
    round.save()
    for index in range(8):
        vote(round, team_member(f"extra{index}"), (2, 3, 6), (5, 6, 1))
        goal = OperationalGoalFactory(group__theme=world["drenthe"])
        for number in (1, 4, 5):
            GoalLinkFactory(goal=goal, recommendation=world["recs"][number])
    closed(round)
    assert count(PAGE) == small_page
    assert count(SVG) == small_chart


def test_only_dashboard_readers_may_open_it(member_client, world):
    assert member_client.get(PAGE).status_code == 403
    assert member_client.get(PNG).status_code == 403
