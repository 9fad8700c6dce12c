"""Backing up and restoring the whole database with Django's dumpdata and loaddata.

Why dumpdata rather than pg_dump or copying the SQLite file: one format for both
databases (a backup of a laptop's SQLite restores into production's PostgreSQL and
back), readable JSON, and every row keeps its primary key, so links, ballots and
history point at the same ids after a restore. Content types and permissions are
left out: migrate recreates them, and the rows that refer to them do so by natural
key (app label and model name), which survives their ids differing between
databases. Sessions are left out too: a restore logs everyone out. So is the version
charts are cached under: a restore gives the data a new one."""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from accounts.roles import role_groups
from charts.versions import data_changed

BACKUP_DIR = settings.BASE_DIR / "backups"
NOT_BACKED_UP = ("contenttypes", "auth.permission", "sessions", "charts.dataversion")
# Tables that hold no data of their own: migrate fills the first three, and the chart
# data version is written by any write. An "empty" database may hold rows in them.
NOT_DATA = {"contenttypes.contenttype", "auth.permission", "sessions.session", "charts.dataversion"}

WOULD_MIX = (
    "The database already holds data ({tables}). Restoring would mix the backup with it. "
    "Restore into an empty database, or pass --replace (make restore … REPLACE=1) to delete everything in this one "
    "first and put the backup in its place."
)


def _models_without_table() -> list[str]:
    """Models with no rows of their own, such as the one that only carries the roles' permissions."""
    return [model._meta.label_lower for model in apps.get_models() if not model._meta.managed]


def database_backup(*, directory: Path = BACKUP_DIR) -> Path:
    """Write every row to a new timestamped, compressed JSON file and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"gezondemarke-{timezone.localtime():%Y%m%d-%H%M%S}.json.gz"
    if path.exists():
        raise CommandError(f"{path} exists already; wait a second and try again.")
    call_command(
        "dumpdata",
        natural_foreign=True,
        exclude=[*NOT_BACKED_UP, *_models_without_table()],
        output=str(path),
        indent=None,
        verbosity=0,
    )
    return path


def tables_with_data() -> list[str]:
    """The models holding rows that a restore would overwrite or mix with.

    The role groups that the accounts migration creates do not count while nobody is in them."""
    found = []
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in NOT_DATA or not model._meta.managed:
            continue
        rows = model._default_manager.all()
        if model is Group:
            rows = rows.exclude(pk__in=role_groups().filter(user__isnull=True).values("pk"))
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
