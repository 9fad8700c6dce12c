"""make backup / make restore bring back every row of a populated database, exactly, also
when the backup was taken while people were saving.

The tests run in real transactions (not rolled back): a backup takes a transaction of its
own, and the writers in other threads must commit beside it, as people's requests do."""

import gzip
import json
import os
import re
import threading
import time
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.urls import reverse

from accounts import roles
from backup.services import (
    DANGLING,
    IN_A_TRANSACTION,
    backup_check,
    database_backup,
    database_restore,
    tables_with_data,
)
from prioritisation.models import Ballot, BallotEntry
from prioritisation.services import BallotChoice, ballot_submit
from recommendations.models import Recommendation
from seeddata.models import SeedRecord
from suggestions.models import RecommendationTerm
from tests.factories import GoalLinkFactory, RecommendationFactory, RoundFactory, UserFactory, roles_create
from workagenda.models import GoalLink, OperationalGoal

pytestmark = pytest.mark.django_db(transaction=True)

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


@pytest.fixture(autouse=True)
def roles_present(transactional_db):
    roles_create()


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
    import_module("suggestions.migrations.0002_seed_vocabulary").seed(apps, None)


def test_a_backup_restores_into_an_empty_database_with_every_row_equal(populated, tmp_path):
    path = database_backup(directory=tmp_path).path
    assert path.parent == tmp_path and path.name.startswith("gezondemarke-") and path.name.endswith(".json.gz")
    empty_the_database()
    assert tables_with_data() == []
    database_restore(path=path)
    after = snapshot()
    assert after == populated
    assert len(after["workagenda.goallink"]) == 5
    assert len(after["seeddata.seedrecord"]) == SeedRecord.objects.count() > 0
    assert len(after["admin.logentry"]) >= 1


def test_a_freshly_migrated_database_with_its_seeded_terms_counts_as_empty(populated, tmp_path):
    path = database_backup(directory=tmp_path).path
    empty_the_database()
    assert RecommendationTerm.objects.count() > 0
    assert tables_with_data() == []
    database_restore(path=path)
    assert snapshot() == populated


def test_a_term_an_administrator_added_is_data_a_restore_would_lose(small, tmp_path):
    path = database_backup(directory=tmp_path).path
    empty_the_database()
    RecommendationTerm.objects.create(number=1, term="buurtsportcoach")
    assert tables_with_data() == ["suggestions.recommendationterm"]
    RecommendationTerm.objects.filter(term="buurtsportcoach").delete()
    RecommendationTerm.objects.filter(pk=RecommendationTerm.objects.first().pk).update(weight=2.0)
    with pytest.raises(CommandError, match="suggestions.recommendationterm"):
        database_restore(path=path)


def test_restoring_over_existing_data_is_refused_and_changes_nothing(small, tmp_path):
    path = database_backup(directory=tmp_path).path
    Recommendation.objects.update(short_title="Veranderd")
    changed = snapshot()
    with pytest.raises(CommandError, match="would mix the backup"):
        database_restore(path=path)
    assert snapshot() == changed


def test_replace_puts_the_backup_in_place_of_the_current_data(populated, tmp_path):
    path = database_backup(directory=tmp_path).path
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


def test_make_backup_keeps_the_newest_and_says_how_big_and_old_the_newest_is(small, tmp_path, capsys):
    older = [tmp_path / f"gezondemarke-2026010{day}-020000.json.gz" for day in range(1, 4)]
    for path in older:
        path.write_bytes(b"")
    call_command("backup_database", directory=tmp_path, keep=2)
    written = capsys.readouterr().out
    kept = sorted(tmp_path.glob("gezondemarke-*.json.gz"))
    assert kept[0] == older[-1] and len(kept) == 2
    assert "rows, every reference found" in written
    assert f"Newest backup: {kept[1]}," in written and "written 0" in written
    assert all(f"Removed the older backup {path}" in written for path in older[:2])

    os.utime(kept[1], (time.time() - 3 * 3600, time.time() - 3 * 3600))
    call_command("backup_database", directory=tmp_path, status=True)
    status = capsys.readouterr().out
    assert "written 3\xa0hours ago" in status and re.search(r", [\d.]+\xa0(bytes|KB), ", status)
    assert len(list(tmp_path.glob("gezondemarke-*.json.gz"))) == 2


def test_a_backup_is_refused_inside_another_transaction(small, tmp_path):
    with transaction.atomic(), pytest.raises(CommandError, match=IN_A_TRANSACTION):
        database_backup(directory=tmp_path)


def test_checking_a_file_finds_a_dangling_reference(small, tmp_path, capsys):
    path = database_backup(directory=tmp_path).path
    call_command("restore_backup", str(path), check=True)
    assert "every reference in it resolves" in capsys.readouterr().out
    with gzip.open(path, "rt") as handle:
        rows = [row for row in json.load(handle) if row["model"] != "recommendations.recommendation"]
    with gzip.open(path, "wt") as handle:
        json.dump(rows, handle)
    with pytest.raises(CommandError, match=DANGLING.split("{")[0]):
        call_command("restore_backup", str(path), check=True)


def test_a_file_missing_rows_is_not_reported_as_written(small, tmp_path):
    path = database_backup(directory=tmp_path).path
    with pytest.raises(CommandError, match="incomplete"):
        backup_check(path=path, expected={"recommendations.recommendation": Recommendation.objects.count() + 1})


def open_round_with_voters(count: int):
    for number in range(1, 11):
        RecommendationFactory(number=number)
    voters = [UserFactory(username=f"stemmer{n}") for n in range(count)]
    for voter in voters:
        voter.groups.add(Group.objects.get(name=roles.PROGRAMME_TEAM))
    return RoundFactory(participants=voters), voters


def vote(*, round, member, save: int) -> None:
    """Save number `save` of this member: its comment names the save, its picks follow from it."""
    picks = [(save + offset) % 10 + 1 for offset in range(3)]
    choices = [BallotChoice(criterion=c, recommendation_number=n) for c in ("importance", "urgency") for n in picks]
    ballot_submit(round=round, member=member, choices=choices, comment=f"keuze {save}")


def in_another_connection(work):
    def run():
        try:
            work()
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_write_between_two_table_reads_does_not_reach_the_file(tmp_path):
    """Members cast their first ballots while the backup runs: the ballot table has been read,
    the entries not yet. Before, the file held the new entries without their ballot."""
    round, (voter,) = open_round_with_voters(1)
    writers = []

    def write_before_entries_are_read(execute, sql, params, many, context):
        if not writers and 'FROM "prioritisation_ballotentry"' in sql:
            writers.append(in_another_connection(lambda: vote(round=round, member=voter, save=1)))
            # PostgreSQL lets the writer commit now; SQLite makes it wait for the backup.
            writers[0].join(timeout=2)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(write_before_entries_are_read):
        path = database_backup(directory=tmp_path).path
    writers[0].join(timeout=30)
    assert Ballot.objects.filter(member=voter).exists()  # the write did happen

    with gzip.open(path, "rt") as handle:
        saved = {row["model"] for row in json.load(handle)}
    assert "prioritisation.ballot" not in saved and "prioritisation.ballotentry" not in saved
    empty_the_database()
    database_restore(path=path)
    assert not Ballot.objects.exists() and not BallotEntry.objects.exists()


def test_a_backup_taken_while_members_vote_restores_with_every_ballot_whole(tmp_path):
    round, voters = open_round_with_voters(3)
    stop = threading.Event()
    saves = []

    def keep_voting(voter):
        save = 0
        while not stop.is_set():
            save += 1
            vote(round=round, member=voter, save=save)
            saves.append(save)

    writers = [in_another_connection(lambda voter=voter: keep_voting(voter)) for voter in voters]
    deadline = time.monotonic() + 30
    while len(saves) < 6 and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        path = database_backup(directory=tmp_path).path
    finally:
        stop.set()
        for writer in writers:
            writer.join(timeout=60)
    assert len(saves) >= 6

    empty_the_database()
    database_restore(path=path)
    ballots = list(Ballot.objects.prefetch_related("entries__recommendation"))
    assert ballots, "the backup holds the ballots saved before it"
    for ballot in ballots:
        save = int(ballot.comment.removeprefix("keuze "))
        picks = {(save + offset) % 10 + 1 for offset in range(3)}
        by_criterion = {
            criterion: {e.recommendation.number for e in ballot.entries.all() if e.criterion == criterion}
            for criterion in ("importance", "urgency")
        }
        assert by_criterion == {"importance": picks, "urgency": picks}, ballot.comment
        assert ballot.history.order_by("history_date", "history_id").last().comment == ballot.comment
