"""Round results: tallies, means, agreement, who may see them, charts, exports and comparison."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from prioritisation import selectors
from prioritisation.models import Round
from prioritisation.services import BallotChoice, ballot_submit
from tests.exported import csv_table
from tests.factories import RecommendationFactory, RoundFactory, UserFactory

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Rounds that managers read while they are open show their results always.
ALWAYS = Round.ResultsVisibility.ALWAYS


@pytest.fixture
def recommendations(db):
    return [RecommendationFactory(number=n, short_title=f"Aanbeveling {n}") for n in range(1, 11)]


def team_member(username):
    user = UserFactory(username=username, first_name="Lid", last_name=username)
    user.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    return user


def vote(round, member, importance, urgency, reasons=None):
    reasons = reasons or {}
    choices = [BallotChoice("importance", n, reasons.get(("importance", n), "")) for n in importance]
    choices += [BallotChoice("urgency", n, reasons.get(("urgency", n), "")) for n in urgency]
    round.participants.add(member)
    return ballot_submit(round=round, member=member, choices=choices)


def score(round, member, importance: dict, urgency: dict):
    choices = [BallotChoice("importance", n, score=v) for n, v in importance.items()]
    choices += [BallotChoice("urgency", n, score=v) for n, v in urgency.items()]
    round.participants.add(member)
    return ballot_submit(round=round, member=member, choices=choices)


@pytest.fixture
def voted_round(recommendations, member):
    round = RoundFactory(name="Ronde 2025", participants=[member])
    vote(round, team_member("a"), (2, 7, 6), (2, 7, 4), {("importance", 7): "Preventie eerst."})
    vote(round, team_member("b"), (2, 7, 1), (2, 7, 1))
    vote(round, team_member("c"), (2, 4, 5), (7, 4, 3))
    round.participants.add(team_member("d"))  # did not vote
    return round


@pytest.fixture
def published_round(voted_round):
    """The voted round, set to show its results always: managers read it while it is open."""
    voted_round.results_visibility = Round.ResultsVisibility.ALWAYS
    voted_round.save()
    return voted_round


def by_number(results):
    return {r.number: r for r in results}


def test_round_results_count_the_picks_and_the_share_of_ballots(voted_round):
    results = by_number(selectors.round_results(round=voted_round))
    assert [r.number for r in selectors.round_results(round=voted_round)] == list(range(1, 11))
    assert (results[2].importance, results[2].urgency) == (3, 2)
    assert (results[7].importance, results[7].urgency) == (2, 3)
    assert (results[9].importance, results[9].urgency) == (0, 0)
    assert results[2].agreement.importance == 1.0  # all three ballots chose it
    assert results[4].agreement.urgency == pytest.approx(0.06)  # two of three: nearly as split as can be
    assert results[9].agreement.importance == 1.0  # no ballot chose it: they agree as well


def test_participation_counts_ballots_against_participants(voted_round, member):
    participation = selectors.round_participation(round=voted_round)
    assert (participation.ballots, participation.participants) == (3, 5)
    assert participation.rate == pytest.approx(0.6)


def test_scale_round_gives_means_and_spread(recommendations):
    round = RoundFactory(method=Round.Method.SCALE)
    all_numbers = range(1, 11)
    score(round, team_member("a"), {n: 5 for n in all_numbers}, {n: 2 for n in all_numbers})
    score(round, team_member("b"), {n: 3 for n in all_numbers}, {n: 2 for n in all_numbers})
    result = by_number(selectors.round_results(round=round))[1]
    assert (result.importance, result.urgency) == (4.0, 2.0)
    assert result.agreement.importance == pytest.approx(0.5)  # scores 5 and 3: spread 1 of at most 2
    assert result.agreement.urgency == 1.0  # full agreement, as with picks: higher is more agreement


def results_url(round, **query):
    return reverse("prioritisation:results", kwargs={"pk": round.pk})


def test_results_page_shows_tallies_participation_and_anonymous_reasons(manager_client, published_round):
    page = manager_client.get(results_url(published_round)).content.decode()
    assert "Uitslag: Ronde 2025" in page
    assert "60%" in page and "stembiljetten" in page
    assert "Preventie eerst." in page
    assert "Lid a" not in page  # reasons are anonymous unless the round attributes them
    assert "Belang en urgentie per aanbeveling in Ronde 2025" in page  # the table's caption
    assert 'alt="Staafdiagram met per aanbeveling' in page
    assert 'alt="Prioriteringsmatrix: belang op de horizontale as' in page


def test_attributed_reasons_show_the_members_name(manager_client, published_round):
    published_round.reasons_attributed = True
    published_round.save()
    assert "(Lid a)" in manager_client.get(results_url(published_round)).content.decode()


def test_participant_sees_results_only_after_voting_by_default(member_client, member, voted_round):
    response = member_client.get(results_url(voted_round))
    assert response.status_code == 403
    assert "U kunt de uitslag van deze ronde nog niet zien" in response.content.decode()
    vote(voted_round, member, (1, 2, 3), (1, 2, 3))
    assert member_client.get(results_url(voted_round)).status_code == 200


def test_participant_sees_results_only_after_closing_when_the_round_says_so(member_client, member, voted_round):
    voted_round.results_visibility = Round.ResultsVisibility.AFTER_CLOSING
    voted_round.save()
    vote(voted_round, member, (1, 2, 3), (1, 2, 3))
    assert member_client.get(results_url(voted_round)).status_code == 403
    voted_round.closes_at = timezone.now() - timedelta(seconds=1)
    voted_round.save()
    assert member_client.get(results_url(voted_round)).status_code == 200


def test_participant_may_always_see_results_when_the_round_says_so(member_client, voted_round):
    voted_round.results_visibility = Round.ResultsVisibility.ALWAYS
    voted_round.save()
    assert member_client.get(results_url(voted_round)).status_code == 200


def test_others_are_refused_the_results_in_dutch(client, voted_round):
    client.force_login(team_member("geen-deelnemer"))
    response = client.get(results_url(voted_round))
    assert response.status_code == 403
    assert "Alleen de deelnemers aan deze ronde, managers en beleidsadviseurs" in response.content.decode()
    chart = reverse("prioritisation:results_chart", kwargs={"pk": voted_round.pk, "chart": "matrix", "fmt": "png"})
    assert client.get(chart).status_code == 403


def chart_url(round, chart, fmt):
    return reverse("prioritisation:results_chart", kwargs={"pk": round.pk, "chart": chart, "fmt": fmt})


@pytest.mark.parametrize("chart", ["belang-urgentie", "matrix"])
def test_charts_are_png_and_svg_and_change_when_the_data_change(
    manager_client, published_round, chart, django_capture_on_commit_callbacks
):
    cache.clear()
    png = manager_client.get(chart_url(published_round, chart, "png"))
    svg = manager_client.get(chart_url(published_round, chart, "svg"))
    assert png["Content-Type"] == "image/png" and png.content.startswith(PNG_SIGNATURE)
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    assert "belang" in svg.content.decode().lower()  # Dutch labels, kept as text
    assert manager_client.get(chart_url(published_round, chart, "png")).content == png.content
    with django_capture_on_commit_callbacks(execute=True):  # the ballot's transaction commits
        vote(published_round, team_member("e"), (9, 8, 10), (9, 8, 10))
    assert manager_client.get(chart_url(published_round, chart, "png")).content != png.content


def test_unknown_chart_and_format_are_404(manager_client, published_round):
    assert manager_client.get(chart_url(published_round, "taart", "png")).status_code == 404
    assert manager_client.get(chart_url(published_round, "matrix", "gif")).status_code == 404


def test_matrix_lines_follow_a_valid_threshold(manager_client, published_round):
    default = manager_client.get(chart_url(published_round, "matrix", "svg")).content
    moved = manager_client.get(chart_url(published_round, "matrix", "svg") + "?belang=2&urgentie=2.5")
    assert moved.status_code == 200 and moved.content != default
    page = manager_client.get(results_url(published_round) + "?belang=2&urgentie=2.5").content.decode()
    assert "bij belang 2,0 en urgentie 2,5" in page


@pytest.mark.parametrize("query", ["belang=abc", "urgentie=-1"])
def test_an_invalid_threshold_is_refused_in_dutch(manager_client, published_round, query):
    page = manager_client.get(results_url(published_round) + "?" + query)
    assert page.status_code == 400
    assert "Vul een getal van 0 of hoger in" in page.content.decode()
    chart = manager_client.get(chart_url(published_round, "matrix", "png") + "?" + query)
    assert chart.status_code == 400
    assert "De plaats van de lijnen in de matrix is niet geldig." in chart.content.decode()


def test_results_table_exports_as_csv_and_xlsx(manager_client, published_round):
    response = manager_client.get(results_url(published_round) + "?_export=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(csv_table(response.content)), delimiter=";"))
    assert rows[0][:4] == ["Nummer", "Aanbeveling", "Belang", "Urgentie"]
    assert rows[2][:4] == ["2", "Aanbeveling 2", "3", "2"]
    xlsx = manager_client.get(results_url(published_round) + "?_export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert xlsx.content.startswith(b"PK")


def test_results_page_query_count_does_not_grow_with_the_ballots(
    manager_client, recommendations, django_assert_num_queries
):
    round = RoundFactory(results_visibility=ALWAYS, reasons_attributed=True)
    for index in range(3):
        vote(round, team_member(f"x{index}"), (1, 2, 3), (4, 5, 6), {("importance", 1): "Reden."})
    url = results_url(round)
    manager_client.get(url)  # warm up the session and the role cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        manager_client.get(url)
    for index in range(3, 15):
        vote(round, team_member(f"x{index}"), (1, 2, 3), (4, 5, 6), {("importance", 1): "Reden."})
    with django_assert_num_queries(len(small.captured_queries)):
        assert manager_client.get(url).status_code == 200


def test_latest_closed_round_and_history(recommendations):
    old = RoundFactory(
        name="2024", opens_at=timezone.now() - timedelta(days=400), closes_at=timezone.now() - timedelta(days=380)
    )
    new = RoundFactory(
        name="2025", opens_at=timezone.now() - timedelta(days=40), closes_at=timezone.now() - timedelta(days=20)
    )
    RoundFactory(name="open")
    assert selectors.round_latest_closed() == new
    for round, picks in ((old, (1, 2, 3)), (new, (4, 5, 6))):
        round.closes_at = timezone.now() + timedelta(days=1)
        round.save()
        vote(round, team_member(f"m{round.name}"), picks, picks)
    history = selectors.recommendation_priority_history(recommendation=recommendations[0])
    assert [(point.round.name, point.importance, point.urgency) for point in history] == [
        ("2024", 1, 1),
        ("2025", 0, 0),
        ("open", 0, 0),
    ]


def test_rounds_compared_page_shows_each_round_as_share_of_ballots(manager_client, recommendations):
    first = RoundFactory(results_visibility=ALWAYS, name="Ronde A", opens_at=timezone.now() - timedelta(days=30))
    second = RoundFactory(results_visibility=ALWAYS, name="Ronde B")
    vote(first, team_member("p"), (1, 2, 3), (1, 2, 3))
    vote(first, team_member("q"), (1, 4, 5), (1, 4, 5))
    vote(second, team_member("r"), (2, 3, 4), (2, 3, 4))
    rounds = selectors.round_list_published_oldest_first()
    assert [r.name for r in rounds] == ["Ronde A", "Ronde B"]
    rows = selectors.rounds_compared(rounds=rounds)
    assert rows[0].values == [(100, 100), (0, 0)]
    page = manager_client.get(reverse("prioritisation:comparison")).content.decode()
    assert "Rondes vergeleken" in page and "Ronde A" in page and "Ronde B" in page
    chart = manager_client.get(reverse("prioritisation:comparison_chart", kwargs={"fmt": "png"}))
    assert chart.content.startswith(PNG_SIGNATURE)


def test_members_cannot_open_the_comparison(member_client, recommendations):
    assert member_client.get(reverse("prioritisation:comparison")).status_code == 403


def test_scale_round_results_page_and_charts_show_means(manager_client, recommendations):
    round = RoundFactory(results_visibility=ALWAYS, name="Schaalronde", method=Round.Method.SCALE)
    score(round, team_member("a"), {n: 4 for n in range(1, 11)}, {n: 5 if n == 4 else 2 for n in range(1, 11)})
    page = manager_client.get(results_url(round)).content.decode()
    assert "de getallen zijn gemiddelde cijfers" in page
    assert "Eensgezindheid (0 tot 100%): 100% als alle stembiljetten hetzelfde zeggen" in page
    for chart in ("belang-urgentie", "matrix"):
        svg = manager_client.get(chart_url(round, chart, "svg")).content.decode()
        assert "gemiddeld cijfer" in svg.lower()


@pytest.fixture
def many_recommendations(db):
    return [RecommendationFactory(number=n, short_title=f"Aanbeveling {n}") for n in range(1, 26)]


def rows_of(page: str, caption: str) -> list[int]:
    """The numbers of the recommendations in the table with this caption, in order."""
    table = page[page.index(caption) : page.index("</table>", page.index(caption))]
    return [int(number) for number in re.findall(r"Aanbeveling (\d+)<", table)]


def test_the_highest_results_are_the_largest_totals_in_number_order(voted_round):
    results = selectors.round_results(round=voted_round)
    highest = selectors.results_highest(results=results, count=3)
    # Importance plus urgency: 2 and 7 five times, 4 three times, 1 twice.
    assert [r.number for r in highest] == [2, 4, 7]
    assert selectors.results_highest(results=results, count=20) == results


def test_results_tables_spread_many_recommendations_over_pages(manager_client, many_recommendations):
    round = RoundFactory(results_visibility=ALWAYS, name="Grote ronde")
    vote(round, team_member("a"), (25, 24, 1), (25, 23, 2))
    page = manager_client.get(results_url(round)).content.decode()
    assert rows_of(page, "Belang en urgentie per aanbeveling in Grote ronde") == list(range(1, 21))
    assert "1–20 van 25" in page
    assert 'aria-label="Pagina\'s van de tabel met belang en urgentie"' in page
    assert 'aria-label="Pagina\'s van de tabel met de plaats in de matrix"' in page
    assert "De grafiek toont de 20 aanbevelingen met het hoogste belang plus urgentie, van alle 25." in page
    second = manager_client.get(results_url(round) + "?page=2").content.decode()
    assert rows_of(second, "Belang en urgentie per aanbeveling in Grote ronde") == list(range(21, 26))
    assert '<th scope="row">25. Aanbeveling 25</th>' in second  # the matrix table follows the same page
    assert '<th scope="row">1. Aanbeveling 1</th>' not in second
    csv_rows = list(csv.reader(io.StringIO(csv_table(manager_client.get(results_url(round) + "?_export=csv").content))))
    assert len(csv_rows) == 26  # the export holds every recommendation


def test_ten_recommendations_fit_on_one_page_and_in_one_chart(manager_client, published_round):
    page = manager_client.get(results_url(published_round)).content.decode()
    assert "pagination" not in page
    assert "De grafiek toont de" not in page
    svg = manager_client.get(chart_url(published_round, "belang-urgentie", "svg")).content.decode()
    assert "hoogste belang plus urgentie" not in svg


@pytest.mark.parametrize("chart", ["belang-urgentie", "matrix"])
def test_charts_of_many_recommendations_show_the_highest_and_say_so(manager_client, many_recommendations, chart):
    round = RoundFactory(results_visibility=ALWAYS)
    vote(round, team_member("a"), (25, 24, 1), (25, 23, 2))
    cache.clear()
    # The page says so above the chart, which draws no title.
    page = manager_client.get(results_url(round)).content.decode()
    assert "De grafiek toont de 20 aanbevelingen met het hoogste belang plus urgentie, van alle 25." in page
    svg = manager_client.get(chart_url(round, chart, "svg")).content.decode()
    label = "25. Aanbeveling 25" if chart == "belang-urgentie" else ">25<"
    assert label in svg  # chosen, so among the highest; 21 and 22 were not chosen: left out
    assert ("21. Aanbeveling 21" if chart == "belang-urgentie" else ">21<") not in svg


def test_results_page_query_count_does_not_grow_with_the_recommendations(
    manager_client, recommendations, django_assert_num_queries
):
    round = RoundFactory(results_visibility=ALWAYS)
    vote(round, team_member("a"), (1, 2, 3), (1, 2, 3))
    manager_client.get(results_url(round))  # warm up the session and the role cache
    with CaptureQueriesContext(connection) as small:
        manager_client.get(results_url(round))
    for number in range(11, 41):
        RecommendationFactory(number=number)
    with django_assert_num_queries(len(small.captured_queries)):
        assert manager_client.get(results_url(round)).status_code == 200


def rounds_in_sequence(count: int) -> list[Round]:
    return [
        RoundFactory(
            results_visibility=ALWAYS,
            name=f"Ronde {n:02d}",
            opens_at=timezone.now() - timedelta(days=10 * (count - n) + 1),
        )
        for n in range(1, count + 1)
    ]


def comparison_url(**query) -> str:
    url = reverse("prioritisation:comparison")
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def test_comparison_shows_the_latest_rounds_and_lets_the_reader_choose_earlier_ones(manager_client, recommendations):
    rounds = rounds_in_sequence(7)
    page = manager_client.get(comparison_url()).content.decode()
    assert "De vergelijking toont 4 van de 7 rondes: Ronde 04 tot en met Ronde 07." in page
    assert "Ronde 03</a>" not in page and "Ronde 04</a>" in page and "Ronde 07</a>" in page
    assert f'<option value="{rounds[-1].pk}" selected>Ronde 07</option>' in page
    assert "Ronde 02</option>" in page  # every round can be chosen
    earlier = manager_client.get(comparison_url(tot=rounds[3].pk)).content.decode()
    assert "De vergelijking toont 4 van de 7 rondes: Ronde 01 tot en met Ronde 04." in earlier
    assert "Ronde 05</a>" not in earlier
    assert f"grafiek.png?tot={rounds[3].pk}" in earlier  # the chart shows the same rounds


def test_few_rounds_and_recommendations_are_compared_without_choices_or_pages(manager_client, recommendations):
    rounds_in_sequence(2)
    page = manager_client.get(comparison_url()).content.decode()
    assert "Welke rondes?" not in page and "pagination" not in page and "De grafiek toont de" not in page


def test_an_unknown_round_to_compare_is_refused_in_dutch(manager_client, recommendations):
    rounds_in_sequence(6)
    response = manager_client.get(comparison_url(tot="abc"))
    assert response.status_code == 400
    assert "Deze keuze van rondes is niet geldig." in response.content.decode()
    chart = manager_client.get(reverse("prioritisation:comparison_chart", kwargs={"fmt": "png"}) + "?tot=999999")
    assert chart.status_code == 400
    assert "Deze keuze van rondes is niet geldig." in chart.content.decode()


def test_comparison_spreads_many_recommendations_over_pages_and_charts_the_highest(
    manager_client, many_recommendations
):
    (round,) = rounds_in_sequence(1)
    vote(round, team_member("a"), (25, 24, 1), (25, 23, 2))
    page = manager_client.get(comparison_url()).content.decode()
    assert rows_of(page, "Belang en urgentie per aanbeveling en ronde") == list(range(1, 11))
    assert "1–10 van 25" in page
    assert "De grafiek toont de 10 aanbevelingen met het hoogste belang plus urgentie in Ronde 01, van alle 25." in page
    third = manager_client.get(comparison_url(page=3)).content.decode()
    assert rows_of(third, "Belang en urgentie per aanbeveling en ronde") == list(range(21, 26))
    cache.clear()
    svg = manager_client.get(reverse("prioritisation:comparison_chart", kwargs={"fmt": "svg"})).content.decode()
    assert "Plaats tussen de getoonde aanbevelingen" in svg


def test_comparison_table_is_built_once_until_a_ballot_changes(
    manager_client, member, recommendations, django_capture_on_commit_callbacks
):
    round = RoundFactory(results_visibility=ALWAYS, participants=[member])
    url = comparison_url()

    def entry_queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert manager_client.get(url).status_code == 200
        return sum("prioritisation_ballotentry" in query["sql"] for query in context.captured_queries)

    assert entry_queries() > 0
    assert entry_queries() == 0  # served from the cached table
    with django_capture_on_commit_callbacks(execute=True):  # the ballot's transaction commits
        vote(round, member, (1, 2, 3), (4, 5, 6))
    assert entry_queries() > 0
    row = re.search(r"1\. [^<]*</th>\s*<td class=\"num\">(\d+)</td>", manager_client.get(url).content.decode())
    assert row.group(1) == "100"  # the one ballot picked recommendation 1 for importance


def test_comparison_query_count_does_not_grow_with_rounds_and_recommendations(
    manager_client, recommendations, django_assert_num_queries
):
    rounds_in_sequence(2)
    manager_client.get(comparison_url())  # warm up the session and the role cache
    cache.clear()  # count the queries of building the table, not of serving it from the cache
    with CaptureQueriesContext(connection) as small:
        manager_client.get(comparison_url())
    for number in range(11, 41):
        RecommendationFactory(number=number)
    for index in range(8):
        RoundFactory(
            results_visibility=ALWAYS, name=f"Extra {index}", opens_at=timezone.now() - timedelta(days=300 + index)
        )
    with django_assert_num_queries(len(small.captured_queries)):
        assert manager_client.get(comparison_url()).status_code == 200
