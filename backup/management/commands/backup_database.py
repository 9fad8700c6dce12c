from pathlib import Path

from django.core.management.base import BaseCommand

from backup.services import BACKUP_DIR, database_backup


class Command(BaseCommand):
    help = "Writes the whole database to a timestamped file under backups/ (restore it with restore_backup)."

    def add_arguments(self, parser):
        parser.add_argument("--directory", type=Path, default=BACKUP_DIR)

    def handle(self, *args, directory: Path, **options) -> None:
        path = database_backup(directory=directory)
        self.stdout.write(f"Backup written to {path}")
