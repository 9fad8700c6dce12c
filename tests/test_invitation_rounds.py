"""Inviting someone while a round for chosen people is open: the administrator can add the
new person to that round in the same step, so they can vote in it once they accept."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from prioritisation.services import NEEDS_PROGRAMME_TEAM, BallotChoice, ballot_submit
from tests.factories import RecommendationFactory, RoundFactory

User = get_user_model()


def offer(round) -> str:
    return f"Ook toevoegen aan de open ronde {round.name}"


def invite(admin_client, *, rounds=(), role=roles.PROGRAMME_TEAM):
    data = {
        "username": "janneke",
        "first_name": "Janneke",
        "last_name": "Smit",
        "email": "janneke@example.nl",
        "groups": [Group.objects.get(name=role).pk],
        "open_rounds": [round.pk for round in rounds],
    }
    return admin_client.post(reverse("admin:auth_user_add"), data)


@pytest.fixture
def limited_round(member):
    return RoundFactory(name="Ronde voor de werkgroep", participants=[member])


def test_the_form_offers_only_the_open_rounds_for_chosen_people(admin_client, member, limited_round):
    open_to_all = RoundFactory(name="Ronde voor iedereen")
    now = timezone.now()
    closed = RoundFactory(name="Gesloten ronde", participants=[member], opens_at=now - timedelta(days=9))
    closed.closes_at = now - timedelta(days=2)
    closed.save(update_fields=["closes_at"])
    content = admin_client.get(reverse("admin:auth_user_add")).content.decode()
    assert offer(limited_round) in content
    assert offer(open_to_all) not in content and offer(closed) not in content


def test_without_an_open_round_for_chosen_people_there_is_nothing_to_tick(admin_client, member):
    RoundFactory(name="Ronde voor iedereen")
    content = admin_client.get(reverse("admin:auth_user_add")).content.decode()
    assert 'name="open_rounds"' not in content


def test_ticking_the_round_makes_the_invitee_a_participant_who_can_vote(admin_client, member, limited_round):
    response = invite(admin_client, rounds=[limited_round])
    assert response.status_code == 302
    janneke = User.objects.get(username="janneke")
    assert list(limited_round.participants.order_by("username")) == [janneke, member]

    numbers = [RecommendationFactory(number=n).number for n in range(1, 5)]
    choices = [BallotChoice(criterion="importance", recommendation_number=n) for n in numbers[:3]]
    choices += [BallotChoice(criterion="urgency", recommendation_number=n) for n in numbers[1:]]
    ballot = ballot_submit(round=limited_round, member=janneke, choices=choices)
    assert ballot.member == janneke


def test_without_a_tick_the_invitee_stays_out_of_the_round(admin_client, member, limited_round):
    invite(admin_client)
    assert list(limited_round.participants.all()) == [member]


def test_a_round_is_refused_for_someone_outside_the_programme_team(admin_client, member, limited_round):
    response = invite(admin_client, rounds=[limited_round], role=roles.MANAGER)
    assert response.status_code == 200
    assert str(NEEDS_PROGRAMME_TEAM) in response.content.decode()
    assert not User.objects.filter(username="janneke").exists()
    assert list(limited_round.participants.all()) == [member]


def test_a_failing_invitation_adds_nobody_to_the_round(admin_client, member, limited_round, monkeypatch):
    def refuse(**kwargs):
        raise RuntimeError("no invitation link")

    monkeypatch.setattr("accounts.admin.user_invite", refuse)
    with pytest.raises(RuntimeError):
        invite(admin_client, rounds=[limited_round])
    assert not User.objects.filter(username="janneke").exists()
    assert list(limited_round.participants.all()) == [member]
