"""Backing up and restoring the whole database with Django's dumpdata and loaddata.

Why dumpdata rather than pg_dump or copying the SQLite file: one format for both
databases (a backup of a laptop's SQLite restores into production's PostgreSQL and
back), readable JSON, and every row keeps its primary key, so links, ballots and
history point at the same ids after a restore. Content types and permissions are
left out: migrate recreates them, and the rows that refer to them do so by natural
key (app label and model name), which survives their ids differing between
databases. Sessions are left out too: a restore logs everyone out. So is the version
charts are cached under: a restore gives the data a new one."""

import gzip
import json
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ObjectDoesNotExist
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from accounts.roles import role_groups
from charts.versions import data_changed

BACKUP_DIR = settings.BASE_DIR / "backups"
BACKUP_PATTERN = "gezondemarke-*.json.gz"
NOT_BACKED_UP = ("contenttypes", "auth.permission", "sessions", "charts.dataversion")
# Tables that hold no data of their own: migrate fills the first three, and the chart
# data version is written by any write. An "empty" database may hold rows in them.
NOT_DATA = {"contenttypes.contenttype", "auth.permission", "sessions.session", "charts.dataversion"}

WOULD_MIX = (
    "The database already holds data ({tables}). Restoring would mix the backup with it. "
    "Restore into an empty database, or pass --replace (make restore … REPLACE=1) to delete everything in this one "
    "first and put the backup in its place."
)
IN_A_TRANSACTION = "A backup reads in a transaction of its own; start it outside any other transaction."
ROWS_DIFFER = "The backup file holds {found} rows of {model}, the database {expected}: the file is incomplete."
DANGLING = "The backup file holds {model} {pk} whose {field} points at {target} {value}, which the file does not hold."


def _models_without_table() -> list[str]:
    """Models with no rows of their own, such as the one that only carries the roles' permissions."""
    return [model._meta.label_lower for model in apps.get_models() if not model._meta.managed]


@dataclass(frozen=True)
class Backup:
    path: Path
    size: int
    rows: int
    removed: list[Path] = field(default_factory=list)


@contextmanager
def _one_moment() -> Iterator[None]:
    """Every read inside sees the database as it was at one moment, whatever people write meanwhile.

    PostgreSQL: one REPEATABLE READ, READ ONLY transaction, which never blocks a writer;
    a long backup is not cut off by the statement timeout meant for requests. SQLite: one
    read transaction (DEFERRED, not the IMMEDIATE that writes use): writers wait until
    the backup is read, as they wait for one another."""
    if connection.in_atomic_block:
        raise CommandError(IN_A_TRANSACTION)
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SET LOCAL statement_timeout = 0")
            yield
        return
    connection.ensure_connection()
    writing_mode = getattr(connection, "transaction_mode", None)
    # SQLite's own attribute (its backend's transaction_mode setting), read and restored here.
    setattr(connection, "transaction_mode", "DEFERRED")  # noqa: B010
    try:
        with transaction.atomic():
            yield
    finally:
        setattr(connection, "transaction_mode", writing_mode)  # noqa: B010


def _backed_up_models() -> list[type[Model]]:
    excluded = {*NOT_BACKED_UP, *_models_without_table()}
    return [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in excluded and model._meta.app_label not in excluded and not model._meta.proxy
    ]


def _natural_key(model: type[Model], obj: dict) -> tuple | None:
    """The natural key of a serialised row (users, groups), computed from its own fields."""
    if not hasattr(model._default_manager, "get_by_natural_key"):
        return None
    fields = obj["fields"]
    own = {f.name: fields[f.name] for f in model._meta.concrete_fields if not f.is_relation and f.name in fields}
    return tuple(getattr(model(pk=obj["pk"], **own), "natural_key")())  # noqa: B009 - checked above


def _resolves(target: type[Model], value, held: dict[str, set], elsewhere: dict) -> bool:
    label = target._meta.label_lower
    key = tuple(value) if isinstance(value, list) else value
    if label in held:
        return key in held[label]
    # Content types and permissions are not in the file: migrate recreates them. Each is
    # looked up once, however many rows refer to it.
    if (label, key) not in elsewhere:
        manager = target._default_manager
        try:
            getattr(manager, "get_by_natural_key")(*key) if isinstance(key, tuple) else manager.get(pk=key)  # noqa: B009
        except ObjectDoesNotExist:
            elsewhere[label, key] = False
        else:
            elsewhere[label, key] = True
    return elsewhere[label, key]


def _references(obj: dict) -> Iterator[tuple]:
    """Each (relation, value) of a serialised row that the database would enforce on restore."""
    for relation in apps.get_model(obj["model"])._meta.get_fields():
        if not relation.concrete or not relation.is_relation or relation.auto_created:
            continue
        if relation.many_to_one and not relation.db_constraint:
            continue  # the audit trail keeps ids of rows that may since have been deleted
        values = obj["fields"].get(relation.name)
        for value in (values or []) if relation.many_to_many else [values]:
            if value is not None:
                yield relation, value


def backup_check(*, path: Path, expected: dict[str, int]) -> int:
    """Read the file back and check that it restores: every row the database held at the
    moment of the backup is in it, and every reference the database enforces resolves
    within the file. Returns the number of rows."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        objects = json.load(handle)
    counts = Counter(obj["model"] for obj in objects)
    for label, rows in expected.items():
        if counts[label] != rows:
            raise CommandError(ROWS_DIFFER.format(found=counts[label], model=label, expected=rows))
    # The pks and natural keys of the rows in the file, per backed-up model.
    held: dict[str, set] = {model._meta.label_lower: set() for model in _backed_up_models()}
    for obj in objects:
        model = apps.get_model(obj["model"])
        held[obj["model"]].add(obj["pk"])
        natural = _natural_key(model, obj)
        if natural is not None:
            held[obj["model"]].add(natural)
    elsewhere: dict = {}
    for obj in objects:
        for relation, value in _references(obj):
            if not _resolves(relation.related_model, value, held, elsewhere):
                target = relation.related_model._meta.label_lower
                raise CommandError(
                    DANGLING.format(model=obj["model"], pk=obj["pk"], field=relation.name, target=target, value=value)
                )
    return len(objects)


def backups_prune(*, directory: Path, keep: int) -> list[Path]:
    """Delete all but the newest `keep` backups in the folder; returns what was deleted."""
    old = sorted(directory.glob(BACKUP_PATTERN), reverse=True)[keep:]
    for path in old:
        path.unlink()
    return old


def backup_newest(*, directory: Path = BACKUP_DIR) -> tuple[Path, int, datetime] | None:
    """The newest backup in the folder, its size in bytes and when it was written, or None."""
    found = sorted(directory.glob(BACKUP_PATTERN), reverse=True)
    if not found:
        return None
    stat = found[0].stat()
    return found[0], stat.st_size, datetime.fromtimestamp(stat.st_mtime, tz=UTC)


def database_backup(*, directory: Path = BACKUP_DIR, keep: int | None = None) -> Backup:
    """Write every row, as it was at one moment, to a new timestamped compressed JSON file,
    check that the file restores, and only then give it its name. With keep, delete all
    but the newest `keep` backups afterwards."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"gezondemarke-{timezone.localtime():%Y%m%d-%H%M%S}.json.gz"
    if path.exists():
        raise CommandError(f"{path} exists already; wait a second and try again.")
    unchecked = path.with_name(f".unchecked-{path.name}")  # dumpdata compresses by the ending
    try:
        with _one_moment():
            call_command(
                "dumpdata",
                natural_foreign=True,
                use_base_manager=True,
                exclude=[*NOT_BACKED_UP, *_models_without_table()],
                output=str(unchecked),
                indent=None,
                verbosity=0,
            )
            expected = {model._meta.label_lower: model._base_manager.count() for model in _backed_up_models()}
        rows = backup_check(path=unchecked, expected=expected)
        unchecked.rename(path)
    finally:
        unchecked.unlink(missing_ok=True)
    removed = backups_prune(directory=directory, keep=keep) if keep else []
    return Backup(path=path, size=path.stat().st_size, rows=rows, removed=removed)


def tables_with_data() -> list[str]:
    """The models holding rows that a restore would overwrite or mix with.

    What migrate itself puts in does not count: the role groups while nobody is in them, and
    the rows of any model whose manager tells them apart (`made_by_people()`), such as the
    seeded terms of the recommendations."""
    found = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in NOT_DATA or not model._meta.managed:
            continue
        rows = model._default_manager.all()
        if model is Group:
            rows = rows.exclude(pk__in=role_groups().filter(user__isnull=True).values("pk"))
        elif hasattr(rows, "made_by_people"):
            rows = rows.made_by_people()
        if rows.exists():
            found.append(label)
    return found


def database_restore(*, path: Path, replace: bool = False) -> None:
    """Put the backup in place of whatever the database holds, all or nothing."""
    if not path.is_file():
        raise CommandError(f"There is no backup file {path}.")
    occupied = tables_with_data()
    if occupied and not replace:
        raise CommandError(WOULD_MIX.format(tables=", ".join(occupied)))
    with transaction.atomic():
        # PostgreSQL refuses TRUNCATE while deferred foreign-key checks are pending, as
        # they are when the caller's transaction already wrote: settle them first.
        connection.check_constraints()
        # Empties every table (the migration-made role groups too, which the backup holds);
        # migrate's content types and permissions come straight back.
        call_command("flush", interactive=False, verbosity=0)
        # The content types came back under new ids: what this process remembers of them is stale.
        ContentType.objects.clear_cache()
        call_command("loaddata", str(path), verbosity=0)
        data_changed()
