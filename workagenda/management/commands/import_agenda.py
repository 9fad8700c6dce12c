from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError

from tabular.reading import TableReadError, read_sheets
from workagenda.workbook import WorkbookImportRefused, workbook_import, workbook_plan


class Command(BaseCommand):
    help = (
        "Previews a whole-agenda workbook (.xlsx) and, with --yes, imports it, all or nothing. "
        "Link removals need --remove-links as well."
    )

    def add_arguments(self, parser):
        parser.add_argument("workbook", help="The .xlsx file")
        parser.add_argument("--user", required=True, help="Username the history records the import under")
        parser.add_argument("--yes", action="store_true", help="Import after the preview")
        parser.add_argument("--remove-links", action="store_true", help="Confirm the link removals the preview lists")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"There is no user {options['user']}.")
        path = Path(options["workbook"])
        try:
            tables = read_sheets([SimpleUploadedFile(path.name, path.read_bytes())])
        except TableReadError as error:
            raise CommandError(str(error)) from error
        plan = workbook_plan(tables=tables)
        for error in plan.errors:
            self.stdout.write(f"{error.sheet} row {error.row} {error.column}: {error.message}")
        if not plan.ok:
            raise CommandError(f"{len(plan.errors)} problems; nothing imported.")
        for summary in plan.summaries:
            self.stdout.write(
                f"{summary.sheet}: {summary.created} new, {summary.changed} changed, "
                f"{summary.unchanged} unchanged, {summary.removed} removed"
            )
        for label in plan.removals:
            self.stdout.write(f"link to remove: {label}")
        if not options["yes"]:
            self.stdout.write("Preview only; add --yes to import.")
            return
        try:
            workbook_import(
                tables=tables,
                user=user,
                fingerprint=plan.fingerprint,
                removals_confirmed=options["remove_links"],
                progress=lambda sheet: self.stdout.write(f"importing {sheet}…"),
            )
        except WorkbookImportRefused as error:
            raise CommandError(str(error)) from error
        self.stdout.write("Imported.")
