"""Standing personas and the seed, shared by every test module."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from accounts import roles
from tests.factories import UserFactory


def user_with_role(username: str, role: str | None, **extra):
    user = UserFactory(username=username, **extra)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def member(db):
    """A programme team member: votes in rounds."""
    return user_with_role("lid", roles.PROGRAMME_TEAM, first_name="Lotte", last_name="de Vries")


@pytest.fixture
def advisor(db):
    """A policy advisor: maintains agendas and links goals to recommendations."""
    return user_with_role("adviseur", roles.POLICY_ADVISOR, first_name="Sanne", last_name="Bakker")


@pytest.fixture
def manager(db):
    """A manager: reads dashboards and exports."""
    return user_with_role("manager", roles.MANAGER, first_name="Joost", last_name="Mulder")


@pytest.fixture
def outsider(db):
    """Logged in, but given no role yet."""
    return user_with_role("buitenstaander", None)


@pytest.fixture
def administrator(db):
    return user_with_role("beheerder", None, is_staff=True, is_superuser=True)


@pytest.fixture
def member_client(client, member):
    client.force_login(member)
    return client


@pytest.fixture
def advisor_client(client, advisor):
    client.force_login(advisor)
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def admin_client(client, administrator):
    client.force_login(administrator)
    return client


@pytest.fixture
def seeded(db):
    """The real seed structure: recommendations, regions, plans and agendas."""
    call_command("load_seed", verbosity=0)
