"""make backup / make restore bring back every row of a populated database, exactly."""

import gzip

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.urls import reverse

from accounts import roles
from backup.services import database_backup, database_restore, tables_with_data
from recommendations.models import Recommendation
from seeddata.models import SeedRecord
from tests.factories import GoalLinkFactory, roles_create
from workagenda.models import GoalLink, OperationalGoal

SKIPPED = {"contenttypes.contenttype", "auth.permission", "sessions.session", "charts.dataversion"}


def natural(model, pk):
    return None if pk is None else model.objects.get_for_id(pk).natural_key() if model is ContentType else pk


def snapshot() -> dict[str, list]:
    """Every row of every model, with content types and permissions by natural key."""
    # Tests before this one restored and rolled back content types under other ids.
    ContentType.objects.clear_cache()
    rows = {}
    for model in apps.get_models(include_auto_created=True):
        label = model._meta.label_lower
        if label in SKIPPED or not model._meta.managed:
            continue
        values = list(model._default_manager.values())
        for row in values:
            for field in model._meta.concrete_fields:
                if field.is_relation and field.related_model is ContentType:
                    row[field.attname] = natural(ContentType, row[field.attname])
                if field.is_relation and field.related_model is Permission:
                    row[field.attname] = Permission.objects.get(pk=row[field.attname]).natural_key()
            if model._meta.auto_created:
                row.pop("id")  # many-to-many rows are recreated, with new ids
        rows[label] = sorted(values, key=repr)
    return rows


@pytest.fixture
def populated(seeded, admin_client, member, advisor, manager):
    """Seed, personas, an invited user (made in the admin, so with an admin log entry) and links."""
    admin_client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "nieuw",
            "first_name": "Nina",
            "last_name": "Nieuw",
            "email": "nina@example.nl",
            "groups": [Group.objects.get(name=roles.MANAGER).pk],
        },
    )
    for goal, recommendation in zip(OperationalGoal.objects.all()[:5], Recommendation.objects.all(), strict=False):
        GoalLink.objects.create(goal=goal, recommendation=recommendation, note="Past goed", created_by=advisor)
    return snapshot()


@pytest.fixture
def small(member, advisor):
    """A few rows of every kind that matters, for the tests that need no full seed."""
    GoalLinkFactory(note="Past goed", created_by=advisor)
    return snapshot()


def empty_the_database():
    """Like a freshly migrated database: only what the migrations themselves create."""
    connection.check_constraints()  # PostgreSQL truncates only once pending checks are settled
    call_command("flush", interactive=False, verbosity=0)
    roles_create()


def test_a_backup_restores_into_an_empty_database_with_every_row_equal(populated, tmp_path):
    path = database_backup(directory=tmp_path)
    assert path.parent == tmp_path and path.name.startswith("gezondemarke-") and path.name.endswith(".json.gz")
    empty_the_database()
    assert tables_with_data() == []
    database_restore(path=path)
    after = snapshot()
    assert after == populated
    assert len(after["workagenda.goallink"]) == 5
    assert len(after["seeddata.seedrecord"]) == SeedRecord.objects.count() > 0
    assert len(after["admin.logentry"]) >= 1


def test_restoring_over_existing_data_is_refused_and_changes_nothing(small, tmp_path):
    path = database_backup(directory=tmp_path)
    Recommendation.objects.update(short_title="Veranderd")
    changed = snapshot()
    with pytest.raises(CommandError, match="would mix the backup"):
        database_restore(path=path)
    assert snapshot() == changed


def test_replace_puts_the_backup_in_place_of_the_current_data(populated, tmp_path):
    path = database_backup(directory=tmp_path)
    GoalLink.objects.all().delete()
    Recommendation.objects.filter(number=10).update(short_title="Veranderd")
    database_restore(path=path, replace=True)
    assert snapshot() == populated


def test_a_broken_backup_file_changes_nothing(small, tmp_path):
    broken = tmp_path / "kapot.json.gz"
    with gzip.open(broken, "wt") as handle:
        handle.write('[{"model": "recommendations.recommendation", "pk": 1, "fields": {"number": "x"')
    with pytest.raises(Exception):  # noqa: B017 - loaddata's own error, whatever its class
        database_restore(path=broken, replace=True)
    assert snapshot() == small


def test_a_missing_file_is_named(db, tmp_path):
    with pytest.raises(CommandError, match="no backup file"):
        database_restore(path=tmp_path / "weg.json.gz")


def test_the_commands_behind_make_backup_and_restore(small, tmp_path, capsys):
    call_command("backup_database", directory=tmp_path)
    written = capsys.readouterr().out
    path = next(tmp_path.glob("gezondemarke-*.json.gz"))
    assert str(path) in written
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore_backup", str(path))
    GoalLink.objects.all().delete()
    call_command("restore_backup", str(path), replace=True)
    assert snapshot() == small
