"""The recommendation page shows its priority across the rounds the viewer may see."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from prioritisation.models import Round
from prioritisation.services import BallotChoice, ballot_submit
from tests.factories import RecommendationFactory, RoundFactory, UserFactory

URL = reverse("recommendations:detail", kwargs={"number": 4})


def team_member(username):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    return user


def vote(round, member, picks):
    choices = [BallotChoice(c, n) for c in ("importance", "urgency") for n in picks]
    round.participants.add(member)
    ballot_submit(round=round, member=member, choices=choices)


def make_round(name, days_ago, **extra):
    opens = timezone.now() - timedelta(days=days_ago)
    return RoundFactory(name=name, opens_at=opens, closes_at=timezone.now() + timedelta(days=1), **extra)


def close(round):
    round.closes_at = timezone.now() - timedelta(minutes=1)
    round.save()


@pytest.fixture
def rounds(db, member):
    for n in range(1, 7):
        RecommendationFactory(number=n, short_title=f"Titel {n}")
    # For chosen people only: the member below is not one of them.
    old = make_round("Ronde 2024", 400, limited=True)
    vote(old, team_member("a"), (4, 5, 6))
    vote(old, team_member("b"), (1, 4, 2))
    close(old)
    scale = make_round("Schaalronde 2025", 50, method=Round.Method.SCALE, limited=True)
    scorer = team_member("c")
    scale.participants.add(scorer)
    ballot_submit(
        round=scale,
        member=scorer,
        choices=[BallotChoice(c, n, score=4 if n == 4 else 2) for c in ("importance", "urgency") for n in range(1, 7)],
    )
    close(scale)
    # Still open; the member takes part but has not voted, and results show only after voting.
    running = make_round("Ronde 2026", 2, participants=[member])
    vote(running, team_member("d"), (4, 1, 2))
    return {"old": old, "scale": scale, "running": running}


def history_rows(page: str) -> str:
    start = page.index('id="priority-history"')
    return page[start : page.index("</section>", start)]


def test_readers_see_an_open_round_only_as_its_results_setting_allows(manager_client, rounds):
    section = history_rows(manager_client.get(URL).content.decode())
    assert "Ronde 2024" in section and "Schaalronde 2025" in section
    assert "Ronde 2026" not in section  # open, results after voting: managers do not vote
    rounds["running"].results_visibility = Round.ResultsVisibility.ALWAYS
    rounds["running"].save()
    assert "Ronde 2026" in history_rows(manager_client.get(URL).content.decode())


def test_readers_see_every_round_with_date_values_and_ballots(manager_client, rounds):
    rounds["running"].results_visibility = Round.ResultsVisibility.ALWAYS
    rounds["running"].save()
    section = history_rows(manager_client.get(URL).content.decode())
    assert "Prioriteit in de prioriteringsrondes" in section
    assert section.index("Ronde 2024") < section.index("Schaalronde 2025") < section.index("Ronde 2026")
    assert "(gemiddeld cijfer 1 tot 5)" in section and "(aantal keer gekozen)" in section
    assert "loopt tot" in section
    assert "Prioriteit tegenover verankering voor alle aanbevelingen" in section
    old_row = section[section.index("Ronde 2024") :]
    assert '<td class="num">2</td>' in old_row[:600]  # chosen twice for importance, twice for urgency, 2 ballots
    assert "4,0" in section  # the scale round's mean score


def test_a_member_sees_only_rounds_whose_results_they_may_see(member_client, member, rounds):
    section = history_rows(member_client.get(URL).content.decode())
    # Not a participant of the closed rounds, and has not voted in the open one yet.
    assert "Ronde 2026" not in section and "Ronde 2024" not in section
    assert "Er zijn nog geen prioriteringsrondes waarvan u de uitslag kunt zien." in section
    vote(rounds["running"], member, (1, 2, 3))
    section = history_rows(member_client.get(URL).content.decode())
    assert "Ronde 2026" in section and "Ronde 2024" not in section


def test_a_member_waits_for_the_close_when_the_round_says_so(member_client, member, rounds):
    running = rounds["running"]
    running.results_visibility = Round.ResultsVisibility.AFTER_CLOSING
    running.save()
    vote(running, member, (1, 2, 3))
    assert "Ronde 2026" not in history_rows(member_client.get(URL).content.decode())
    close(running)
    assert "Ronde 2026" in history_rows(member_client.get(URL).content.decode())


def test_outsiders_see_no_priorities(client, outsider, rounds):
    client.force_login(outsider)
    section = history_rows(client.get(URL).content.decode())
    assert "Ronde" not in section.replace("prioriteringsrondes", "")


@pytest.mark.parametrize("persona", ["manager_client", "member_client"])
def test_query_count_stays_the_same_with_more_rounds_and_ballots(request, persona, member, rounds):
    client = request.getfixturevalue(persona)
    vote(rounds["running"], member, (4, 5, 6))
    client.get(URL)  # the session and the role cache

    def count():
        with CaptureQueriesContext(connection) as context:
            assert client.get(URL).status_code == 200
        return len(context.captured_queries)

    small = count()
    for index in range(5):
        round = make_round(f"Extra {index}", 30 + index, participants=[member])
        for voter in range(4):
            vote(round, team_member(f"x{index}-{voter}"), (4, 1 + voter % 3, 6))
        vote(round, member, (4, 5, 6))
    assert count() == small


def test_the_latest_ten_rounds_are_shown_and_all_of_them_on_request(manager_client, rounds):
    rounds["running"].results_visibility = Round.ResultsVisibility.ALWAYS
    rounds["running"].save()
    for index in range(9):
        # Older than the scale round, newer than the 2024 round; open, with results shown always.
        make_round(f"Extra {index}", 100 + index, results_visibility=Round.ResultsVisibility.ALWAYS)
    section = history_rows(manager_client.get(URL).content.decode())
    assert "De tabel toont de laatste 10 van de 12 rondes." in section
    assert "Ronde 2024" not in section and "Extra 8" not in section and "Ronde 2026" in section
    assert 'href="?rondes=alle#priority-history">Toon alle 12 rondes</a>' in section
    everything = history_rows(manager_client.get(URL + "?rondes=alle").content.decode())
    assert "Ronde 2024" in everything and "Extra 8" in everything
    assert "Toon alleen de laatste rondes" in everything


def test_a_few_rounds_are_all_shown_without_a_notice(manager_client, rounds):
    section = history_rows(manager_client.get(URL).content.decode())
    assert "De tabel toont de laatste" not in section and "Toon alle" not in section
