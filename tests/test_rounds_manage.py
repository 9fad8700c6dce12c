"""Rounds fit how a team works: open to the whole programme team unless limited, opened,
extended and closed by administrators from the product's pages, and results hidden from
every role but administrators until the round's settings allow."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from prioritisation import selectors, services
from prioritisation.models import Round
from prioritisation.services import BallotChoice, ballot_submit
from tests.factories import RecommendationFactory, RoundFactory, UserFactory

CREATE = reverse("prioritisation:create")
LIST = reverse("prioritisation:list")


@pytest.fixture
def recommendations(db):
    return [RecommendationFactory(number=n, short_title=f"Aanbeveling {n}") for n in range(1, 11)]


def team_member(username: str):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    return user


def picks(*numbers: int) -> list[BallotChoice]:
    return [BallotChoice(criterion, n) for criterion in ("importance", "urgency") for n in numbers]


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def form_data(**overrides) -> dict:
    now = timezone.now()
    data = {
        "name": "Prioritering 2027",
        "description": "Met welke aanbevelingen gaan we eerst aan de slag?",
        "method": Round.Method.PICKS,
        "picks_per_criterion": 3,
        "opens_at": local(now - timedelta(hours=1)),
        "closes_at": local(now + timedelta(days=14)),
        "results_visibility": Round.ResultsVisibility.AFTER_CLOSING,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


# ---------------------------------------------------------------- who takes part


def test_a_round_is_open_to_the_whole_programme_team(recommendations):
    round = RoundFactory()
    early = team_member("vroeg")
    ballot_submit(round=round, member=early, choices=picks(1, 2, 3))
    # Invited while the round is open: takes part at once.
    late = team_member("laat")
    assert selectors.round_is_participant(round=round, user=late)
    ballot_submit(round=round, member=late, choices=picks(4, 5, 6))
    assert selectors.round_participation(round=round).participants == 2


def test_a_limited_round_is_for_the_chosen_people_only(recommendations):
    chosen = team_member("gekozen")
    round = RoundFactory(participants=[chosen])
    other = team_member("niet-gekozen")
    assert not selectors.round_is_participant(round=round, user=other)
    with pytest.raises(services.ValidationError) as refused:
        ballot_submit(round=round, member=other, choices=picks(1, 2, 3))
    assert refused.value.messages == [str(services.NOT_A_PARTICIPANT)]
    assert selectors.round_participation(round=round).participants == 1


def test_someone_outside_the_team_does_not_take_part_in_an_open_round(recommendations, manager):
    assert not selectors.round_is_participant(round=RoundFactory(), user=manager)


def test_the_members_round_list_and_home_show_a_round_open_to_the_team(member_client, recommendations):
    round = RoundFactory(name="Ronde voor iedereen")
    listing = member_client.get(LIST).content.decode()
    assert "Ronde voor iedereen" in listing and "voor het hele programmateam" in listing
    assert (
        reverse("prioritisation:ballot", kwargs={"pk": round.pk}) in member_client.get(reverse("home")).content.decode()
    )


# ---------------------------------------------------------------- administrators manage rounds


def test_an_administrator_opens_a_round_from_the_product(admin_client, administrator, recommendations):
    page = admin_client.get(CREATE).content.decode()
    assert "Vraag aan het team" in page and 'placeholder="dd-mm-jjjj uu:mm"' in page
    response = admin_client.post(CREATE, form_data(picks_per_criterion=2))
    assert response.status_code == 302 and response["Location"] == LIST
    round = Round.objects.get(name="Prioritering 2027")
    assert (round.picks_per_criterion, round.limited, round.is_open()) == (2, False, True)
    assert round.results_visibility == Round.ResultsVisibility.AFTER_CLOSING
    assert round.history.first().history_user == administrator
    assert "De ronde Prioritering 2027 is opgeslagen." in admin_client.get(LIST).content.decode()


def test_an_administrator_limits_a_round_to_chosen_people(admin_client, member, recommendations):
    refused = admin_client.post(CREATE, form_data(limited="on"))
    assert refused.status_code == 400
    assert "Kies minstens één persoon" in refused.content.decode()
    assert not Round.objects.exists()
    admin_client.post(CREATE, form_data(limited="on", participants=[member.pk]))
    assert list(Round.objects.get().participants.all()) == [member]


def test_an_administrator_extends_and_closes_a_round(admin_client, recommendations):
    round = RoundFactory(name="Te verlengen")
    later = timezone.now() + timedelta(days=30)
    edit = reverse("prioritisation:edit", kwargs={"pk": round.pk})
    assert admin_client.post(edit, form_data(name="Te verlengen", closes_at=local(later))).status_code == 302
    round.refresh_from_db()
    assert local(round.closes_at) == local(later)
    admin_client.post(reverse("prioritisation:close", kwargs={"pk": round.pk}))
    round.refresh_from_db()
    assert round.is_closed()


def test_the_method_stays_once_members_have_voted(admin_client, recommendations):
    round = RoundFactory(name="Al gestemd")
    ballot_submit(round=round, member=team_member("stemmer"), choices=picks(1, 2, 3))
    edit = reverse("prioritisation:edit", kwargs={"pk": round.pk})
    response = admin_client.post(edit, form_data(name="Al gestemd", method=Round.Method.SCALE))
    assert response.status_code == 400
    assert "Er is al gestemd" in response.content.decode()
    round.refresh_from_db()
    assert round.method == Round.Method.PICKS


def test_a_closing_time_before_the_opening_is_refused_in_dutch(admin_client, recommendations):
    now = timezone.now()
    response = admin_client.post(CREATE, form_data(closes_at=local(now - timedelta(days=2))))
    assert response.status_code == 400
    assert not Round.objects.exists()


@pytest.mark.parametrize("persona", ["member_client", "advisor_client", "manager_client"])
def test_only_administrators_manage_rounds(persona, request, recommendations):
    client = request.getfixturevalue(persona)
    round = RoundFactory()
    assert client.get(CREATE).status_code == 403
    assert client.post(reverse("prioritisation:close", kwargs={"pk": round.pk})).status_code == 403
    assert "Nieuwe ronde openen" not in client.get(LIST).content.decode()


# ---------------------------------------------------------------- the results setting binds everyone but administrators


@pytest.fixture
def hidden_round(recommendations):
    round = RoundFactory(name="Nog geheim", results_visibility=Round.ResultsVisibility.AFTER_VOTING)
    ballot_submit(round=round, member=team_member("stemmer"), choices=picks(1, 2, 3))
    return round


@pytest.mark.parametrize("persona", ["manager_client", "advisor_client"])
def test_managers_and_advisors_do_not_see_an_open_rounds_tallies(persona, request, hidden_round):
    client = request.getfixturevalue(persona)
    results = reverse("prioritisation:results", kwargs={"pk": hidden_round.pk})
    refused = client.get(results)
    assert refused.status_code == 403
    assert "U ziet de uitslag van deze ronde als de ronde gesloten is." in refused.content.decode()
    chart = reverse("prioritisation:results_chart", kwargs={"pk": hidden_round.pk, "chart": "matrix", "fmt": "png"})
    assert client.get(chart).status_code == 403
    assert client.get(results, {"_export": "csv"}).status_code == 403
    comparison = client.get(reverse("prioritisation:comparison")).content.decode()
    assert "Nog geheim" not in comparison
    hidden_round.closes_at = timezone.now() - timedelta(seconds=1)
    hidden_round.save()
    assert client.get(results).status_code == 200


def test_administrators_see_an_open_rounds_tallies(admin_client, hidden_round):
    assert admin_client.get(reverse("prioritisation:results", kwargs={"pk": hidden_round.pk})).status_code == 200


def test_a_round_that_shows_its_results_always_is_read_while_open(manager_client, hidden_round):
    hidden_round.results_visibility = Round.ResultsVisibility.ALWAYS
    hidden_round.save()
    assert manager_client.get(reverse("prioritisation:results", kwargs={"pk": hidden_round.pk})).status_code == 200
    assert "Nog geheim" in manager_client.get(reverse("prioritisation:comparison")).content.decode()
