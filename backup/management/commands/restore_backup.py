from pathlib import Path

from django.core.management.base import BaseCommand

from backup.services import backup_check, database_restore


class Command(BaseCommand):
    help = (
        "Restores a backup made by backup_database. Refuses a database that already holds data, "
        "unless --replace is given: then everything in it is deleted and the backup put in its place. "
        "With --check, only reads the file and checks that every reference in it resolves."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--replace", action="store_true", help="Delete the current data first.")
        parser.add_argument("--check", action="store_true", help="Check the file; restore nothing.")

    def handle(self, *args, file: Path, replace: bool, check: bool, **options) -> None:
        if check:
            rows = backup_check(path=file, expected={})
            self.stdout.write(f"{file} holds {rows} rows; every reference in it resolves.")
            return
        database_restore(path=file, replace=replace)
        self.stdout.write(f"Restored {file}")
