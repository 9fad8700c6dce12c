"""Access follows the capability permissions a role holds, never the role's name."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from accounts import roles
from tests.factories import UserFactory


def test_renaming_a_role_in_the_admin_keeps_its_members_access(advisor, client):
    Group.objects.filter(name=roles.POLICY_ADVISOR).update(name="Adviseurs beleid")
    client.force_login(advisor)
    assert client.get(reverse("coverage:dashboard")).status_code == 200
    assert client.get(reverse("workagenda:link_themes")).status_code == 200


def test_a_role_without_the_permission_loses_access_whatever_its_name(advisor, client):
    group = Group.objects.get(name=roles.POLICY_ADVISOR)
    group.permissions.remove(Permission.objects.get(codename="read_dashboards"))
    client.force_login(advisor)
    assert client.get(reverse("coverage:dashboard")).status_code == 403


def test_a_staff_account_without_any_role_or_permission_passes_no_role_check(db, client):
    staff = UserFactory(username="personeel", is_staff=True)
    for capability in (roles.VOTE, roles.EDIT_AGENDAS, roles.READ_DASHBOARDS):
        assert not roles.user_has_role(staff, capability)
    client.force_login(staff)
    assert client.get(reverse("coverage:dashboard")).status_code == 403


def test_a_capability_granted_to_one_person_directly_counts(db, client):
    person = UserFactory(username="los")
    person.user_permissions.add(Permission.objects.get(codename="read_dashboards"))
    client.force_login(person)
    assert client.get(reverse("coverage:dashboard")).status_code == 200
    assert client.get(reverse("workagenda:link_themes")).status_code == 403


@pytest.mark.parametrize("capability", [roles.VOTE, roles.EDIT_AGENDAS, roles.READ_DASHBOARDS])
def test_administrators_have_every_capability(administrator, capability):
    assert roles.user_has_role(administrator, capability)


def test_the_invitation_offers_the_roles_by_what_they_grant(db):
    from accounts.forms import InvitationForm

    Group.objects.create(name="Koffieclub")
    Group.objects.filter(name=roles.MANAGER).update(name="Leidinggevenden")
    offered = list(InvitationForm().fields["groups"].queryset.values_list("name", flat=True))
    assert offered == ["Beleidsadviseur", "Leidinggevenden", "Programmateam"]
