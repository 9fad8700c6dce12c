"""Voting in a prioritisation round: the ballot page, what the server accepts and what it refuses."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prioritisation import services
from prioritisation.models import Ballot, BallotEntry, Round
from prioritisation.services import BallotChoice, ballot_submit
from tests.factories import BallotFactory, RecommendationFactory, RoundFactory, UserFactory


@pytest.fixture
def recommendations(db):
    return [RecommendationFactory(number=n, short_title=f"Aanbeveling {n}") for n in range(1, 11)]


@pytest.fixture
def open_round(member, recommendations):
    return RoundFactory(name="Ronde 2026", participants=[member])


def ballot_url(round):
    return reverse("prioritisation:ballot", kwargs={"pk": round.pk})


def picks(importance=(2, 7, 6), urgency=(2, 7, 4), **extra):
    data = {"importance": [str(n) for n in importance], "urgency": [str(n) for n in urgency], "comment": ""}
    data.update(extra)
    return data


def test_ballot_page_lists_every_recommendation_with_its_full_text(member_client, open_round):
    page = member_client.get(ballot_url(open_round)).content.decode()
    assert "Kies de 3 belangrijkste aanbevelingen" in page
    assert "Kies de 3 meest urgente aanbevelingen" in page
    assert "Aanbeveling 10: volledige tekst." in page  # inside <details>: shown on demand
    assert page.count('type="checkbox"') == 20
    assert "U heeft nog niet gestemd." in page


def test_member_votes_and_the_choices_are_saved(member_client, member, open_round):
    data = picks(importance_reason_2="Samenwerking is de basis.", comment="Goede ronde.")
    response = member_client.post(ballot_url(open_round), data)
    assert response.status_code == 302
    ballot = Ballot.objects.get(round=open_round, member=member)
    assert ballot.comment == "Goede ronde."
    chosen = {(e.criterion, e.recommendation.number): e.reason for e in ballot.entries.select_related("recommendation")}
    assert set(chosen) == {("importance", n) for n in (2, 7, 6)} | {("urgency", n) for n in (2, 7, 4)}
    assert chosen[("importance", 2)] == "Samenwerking is de basis."
    page = member_client.get(response["Location"]).content.decode()
    assert "Uw stembiljet is opgeslagen" in page
    assert "U heeft gestemd" in page


def test_one_recommendation_may_be_in_both_lists(member_client, member, open_round):
    member_client.post(ballot_url(open_round), picks(importance=(1, 2, 3), urgency=(1, 2, 3)))
    assert BallotEntry.objects.filter(ballot__member=member).count() == 6


def test_member_may_change_the_ballot_until_the_round_closes(member_client, member, open_round):
    member_client.post(ballot_url(open_round), picks())
    member_client.post(ballot_url(open_round), picks(importance=(1, 3, 5)))
    ballot = Ballot.objects.get(round=open_round, member=member)
    numbers = sorted(ballot.entries.filter(criterion="importance").values_list("recommendation__number", flat=True))
    assert numbers == [1, 3, 5]
    assert Ballot.objects.count() == 1
    page = member_client.get(ballot_url(open_round)).content.decode()
    assert 'name="importance" value="5" id="id_importance_4" checked' in page  # the form shows the new choice
    assert 'name="importance" value="2" id="id_importance_1" checked' not in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (picks(importance=(1, 2)), "Kies precies 3 aanbevelingen voor belang; u koos er 2."),
        (picks(urgency=(1, 2, 3, 4)), "Kies precies 3 aanbevelingen voor urgentie; u koos er 4."),
        (picks(importance=(2, 2, 7)), "U koos aanbeveling 2 meer dan eens voor belang."),
        (picks(importance=(2, 7, 99)), "Aanbeveling 99 bestaat niet."),
        (picks(importance=(), urgency=()), "Kies precies 3 aanbevelingen voor belang; u koos er 0."),
    ],
)
def test_wrong_ballots_are_refused_with_a_dutch_message_and_nothing_is_saved(member_client, open_round, data, message):
    response = member_client.post(ballot_url(open_round), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Uw stembiljet is niet opgeslagen" in page
    assert message in page
    assert not Ballot.objects.exists()
    assert not BallotEntry.objects.exists()


def test_a_refused_change_keeps_the_earlier_ballot(member_client, member, open_round):
    member_client.post(ballot_url(open_round), picks())
    response = member_client.post(ballot_url(open_round), picks(importance=(1,)))
    assert response.status_code == 400
    ballot = Ballot.objects.get(member=member)
    assert sorted(ballot.entries.filter(criterion="importance").values_list("recommendation__number", flat=True)) == [
        2,
        6,
        7,
    ]


def test_a_round_that_does_not_exist_is_a_404_with_a_dutch_message(member_client, open_round):
    response = member_client.post(reverse("prioritisation:ballot", kwargs={"pk": 9999}), picks())
    assert response.status_code == 404
    assert not Ballot.objects.exists()


def test_a_closed_round_accepts_nothing(member_client, open_round):
    open_round.closes_at = timezone.now() - timedelta(minutes=1)
    open_round.opens_at = timezone.now() - timedelta(days=2)
    open_round.save()
    page = member_client.get(ballot_url(open_round)).content.decode()
    assert "Deze ronde is niet open om te stemmen" in page
    # No button to submit or change the ballot (the comment thread below keeps its own).
    assert "Stembiljet indienen" not in page and "Wijzigingen opslaan" not in page
    assert '<fieldset class="ballot-body" disabled>' in page
    response = member_client.post(ballot_url(open_round), picks())
    assert response.status_code == 400
    assert str(services.ROUND_NOT_OPEN) in response.content.decode()
    assert not Ballot.objects.exists()


def test_a_round_that_has_not_opened_accepts_nothing(member_client, open_round):
    open_round.opens_at = timezone.now() + timedelta(days=1)
    open_round.closes_at = timezone.now() + timedelta(days=8)
    open_round.save()
    response = member_client.post(ballot_url(open_round), picks())
    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_only_participants_can_vote(client, open_round, recommendations):
    other_member = UserFactory(username="ander-lid")
    other_member.groups.add(*open_round.participants.first().groups.all())
    client.force_login(other_member)
    assert client.get(ballot_url(open_round)).status_code == 403
    response = client.post(ballot_url(open_round), picks())
    assert response.status_code == 403
    assert "U doet niet mee aan deze ronde" in response.content.decode()
    assert not Ballot.objects.exists()


def test_the_service_refuses_a_non_participant(open_round, recommendations):
    outsider = UserFactory(username="niet-deelnemer")
    choices = [BallotChoice("importance", n) for n in (1, 2, 3)] + [BallotChoice("urgency", n) for n in (1, 2, 3)]
    with pytest.raises(services.ValidationError) as refused:
        ballot_submit(round=open_round, member=outsider, choices=choices)
    assert refused.value.messages == [str(services.NOT_A_PARTICIPANT)]
    assert not Ballot.objects.exists()


def test_the_ballot_works_without_javascript_and_on_a_phone(member_client, open_round):
    page = member_client.get(ballot_url(open_round)).content.decode()
    assert 'name="viewport"' in page
    assert '<form method="post"' in page  # a plain form post: the script only counts
    assert 'data-count-text="{chosen} van {wanted} gekozen"' in page
    assert 'class="pick-count" aria-live="polite" hidden' in page  # hidden until the script runs


@pytest.fixture
def scale_round(member, recommendations):
    return RoundFactory(name="Schaalronde", method=Round.Method.SCALE, participants=[member])


def scores(importance=4, urgency=3, skip=None):
    data = {"comment": ""}
    for n in range(1, 11):
        if n != skip:
            data[f"importance_score_{n}"] = str(importance)
            data[f"urgency_score_{n}"] = str(urgency)
    return data


def test_scale_round_saves_a_score_for_every_recommendation(member_client, member, scale_round):
    response = member_client.post(ballot_url(scale_round), scores())
    assert response.status_code == 302
    entries = BallotEntry.objects.filter(ballot__member=member)
    assert entries.count() == 20
    assert set(entries.values_list("score", flat=True)) == {3, 4}


def test_scale_round_refuses_a_missing_score(member_client, scale_round):
    response = member_client.post(ballot_url(scale_round), scores(skip=4))
    assert response.status_code == 400
    assert "Geef elke aanbeveling een cijfer van 1 tot 5 voor belang." in response.content.decode()
    assert not Ballot.objects.exists()


def test_scale_round_refuses_a_score_out_of_range(member_client, scale_round):
    response = member_client.post(ballot_url(scale_round), scores(importance=6))
    assert response.status_code == 400
    assert not Ballot.objects.exists()


def test_the_service_refuses_a_score_out_of_range(member, scale_round):
    choices = [BallotChoice(c, n, score=9 if n == 1 else 3) for c in ("importance", "urgency") for n in range(1, 11)]
    with pytest.raises(services.ValidationError) as refused:
        ballot_submit(round=scale_round, member=member, choices=choices)
    assert str(services.SCORE_OUT_OF_RANGE) in refused.value.messages
    assert not Ballot.objects.exists()


def test_the_database_allows_one_ballot_per_member_per_round(member, open_round):
    from django.db import IntegrityError, transaction

    Ballot.objects.create(round=open_round, member=member)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ballot.objects.create(round=open_round, member=member)


def test_home_and_round_list_show_the_members_rounds_and_ballot_state(member_client, open_round):
    home = member_client.get(reverse("home")).content.decode()
    assert "Rondes die voor u open staan" in home
    assert "Ronde 2026" in home and "Nog niet gestemd" in home
    member_client.post(ballot_url(open_round), picks())
    listing = member_client.get(reverse("prioritisation:list")).content.decode()
    assert "Gestemd op" in listing
    assert "Stembiljet wijzigen" in listing


def add_round_with_ballots(*, participants: int, ballots: int) -> Round:
    members = UserFactory.create_batch(participants)
    round = RoundFactory(participants=members)
    for voter in members[:ballots]:
        BallotFactory(round=round, member=voter)
    return round


def test_round_list_counts_ballots_and_participants_in_constant_queries(manager_client, django_assert_num_queries):
    add_round_with_ballots(participants=3, ballots=2)
    # One query counts the rounds for the pages, one the programme team (the participants of a round open to all of it).
    with django_assert_num_queries(7) as captured:
        listing = manager_client.get(reverse("prioritisation:list")).content.decode()
    assert "2 stembiljetten van 3 deelnemers" in listing
    for _ in range(3):
        add_round_with_ballots(participants=6, ballots=4)
    with django_assert_num_queries(len(captured.captured_queries)):
        listing = manager_client.get(reverse("prioritisation:list")).content.decode()
    assert listing.count("4 stembiljetten van 6 deelnemers") == 3
    assert "2 stembiljetten van 3 deelnemers" in listing


def test_round_list_shows_five_rounds_a_page_the_latest_first(manager_client):
    for index in range(7):
        RoundFactory(name=f"Ronde {index:02d}", opens_at=timezone.now() - timedelta(days=30 * (7 - index)))
    first = manager_client.get(reverse("prioritisation:list")).content.decode()
    assert first.count('class="card"') == 5
    assert "Ronde 06" in first and "Ronde 02" in first and "Ronde 01" not in first
    assert "1–5 van 7" in first and 'rel="next"' in first
    second = manager_client.get(reverse("prioritisation:list") + "?page=2").content.decode()
    assert second.count('class="card"') == 2
    assert "Ronde 01" in second and "Ronde 00" in second


def test_round_list_links_only_to_results_its_reader_may_see(manager_client, member):
    """An open round that shows its tallies only after closing: the manager sees no results link
    (it would be refused) but a word why; the member who voted in a round shown after voting does."""
    hidden = RoundFactory(name="Ronde dicht", results_visibility=Round.ResultsVisibility.AFTER_CLOSING)
    shown = RoundFactory(name="Ronde na stemmen", results_visibility=Round.ResultsVisibility.AFTER_VOTING)
    BallotFactory(round=shown, member=member)
    hidden_url = reverse("prioritisation:results", kwargs={"pk": hidden.pk})
    shown_url = reverse("prioritisation:results", kwargs={"pk": shown.pk})
    hidden_link, shown_link = f'href="{hidden_url}"', f'href="{shown_url}"'

    listing = manager_client.get(reverse("prioritisation:list")).content.decode()
    assert hidden_link not in listing and shown_link not in listing
    assert listing.count("De uitslag is voor u nog niet te zien.") == 2
    assert manager_client.get(hidden_url).status_code == 403

    member_client = Client()
    member_client.force_login(member)
    listing = member_client.get(reverse("prioritisation:list")).content.decode()
    assert shown_link in listing and hidden_link not in listing
    assert member_client.get(shown_url).status_code == 200
