from pathlib import Path

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.timesince import timesince

from backup.services import BACKUP_DIR, backup_newest, database_backup


class Command(BaseCommand):
    help = (
        "Writes the whole database, as it was at one moment, to a timestamped file under backups/, "
        "checks that the file restores, and says so (restore it with restore_backup)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, default=BACKUP_DIR)
        parser.add_argument("--keep", type=int, help="Afterwards, delete all but this many newest backups.")
        parser.add_argument("--status", action="store_true", help="Only say how big and how old the newest is.")

    def handle(self, *args, directory: Path, keep: int | None, status: bool, **options) -> None:
        if not status:
            backup = database_backup(directory=directory, keep=keep)
            self.stdout.write(
                f"Backup written to {backup.path} and checked: {backup.rows} rows, every reference found."
            )
            for path in backup.removed:
                self.stdout.write(f"Removed the older backup {path}")
        newest = backup_newest(directory=directory)
        if newest is None:
            self.stdout.write(f"There is no backup in {directory} yet.")
            return
        path, size, written = newest
        with translation.override("en"):  # like every other line this command prints
            self.stdout.write(f"Newest backup: {path}, {filesizeformat(size)}, written {timesince(written)} ago.")
