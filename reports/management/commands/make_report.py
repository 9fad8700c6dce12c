from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from prioritisation.models import Round
from prioritisation.selectors import round_find
from reports import services
from workagenda.selectors import ScopeError, scope_resolve


class Command(BaseCommand):
    help = (
        "Makes the report for the governance meeting of a closed round, an agenda and optionally a focus "
        "theme, keeps it with the other editions and writes it to --output as PDF, XLSX or HTML. "
        "When nothing changed since the last edition of the same choice, that kept edition is written."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--round", dest="round_ref", required=True, help="The round's name or id.")
        parser.add_argument("--region", required=True, help="Region name or slug, e.g. drenthe")
        parser.add_argument("--agenda", required=True, help="Agenda name or slug")
        parser.add_argument("--theme", default="", help="Focus theme: name or code, e.g. GL")
        parser.add_argument("--format", choices=["pdf", "xlsx", "html"], default="pdf")
        parser.add_argument("--output", required=True, help="The file to write.")

    def handle(self, *args, round_ref: str, output: str, **options) -> None:
        try:
            round = round_find(name_or_id=round_ref)
        except Round.DoesNotExist:
            raise CommandError(f"There is no round with name or id {round_ref!r}.") from None
        try:
            scope = scope_resolve(region=options["region"], agenda=options["agenda"], theme=options["theme"])
        except ScopeError as error:
            raise CommandError(str(error)) from error
        try:
            report = services.report_open(
                round=round, region=scope.region, agenda=scope.agenda, theme=scope.theme, user=None
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        edition, made = services.edition_make(report=report, user=None)
        stored = getattr(edition, options["format"])
        with stored.open("rb") as source:
            Path(output).write_bytes(source.read())
        how = "made" if made else "unchanged since the kept edition of"
        self.stdout.write(f"Report {how} {edition.made_at:%Y-%m-%d %H:%M}, written to {output}.")
