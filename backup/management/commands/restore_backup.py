from pathlib import Path

from django.core.management.base import BaseCommand

from backup.services import database_restore


class Command(BaseCommand):
    help = (
        "Restores a backup made by backup_database. Refuses a database that already holds data, "
        "unless --replace is given: then everything in it is deleted and the backup put in its place."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--replace", action="store_true", help="Delete the current data first.")

    def handle(self, *args, file: Path, replace: bool, **options) -> None:
        database_restore(path=file, replace=replace)
        self.stdout.write(f"Restored {file}")
