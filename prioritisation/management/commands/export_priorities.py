import csv
import json

from django.core.management.base import BaseCommand, CommandError

from prioritisation import selectors
from prioritisation.models import Round

FIELDS = ["number", "short_title", "importance", "urgency", "ballots"]


class Command(BaseCommand):
    help = (
        "Writes a round's importance and urgency per recommendation to stdout as CSV or JSON: "
        "pick counts, or mean scores for a round that uses the 1 to 5 scale. "
        "Without --round: the most recently closed round."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--round", dest="round_ref", help="The round's name or id.")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, round_ref: str | None, format: str, **options) -> None:
        round = self._round(round_ref)
        ballots = selectors.round_participation(round=round).ballots
        rows = [
            {
                "number": result.number,
                "short_title": result.short_title,
                "importance": result.importance,
                "urgency": result.urgency,
                "ballots": ballots,
            }
            for result in selectors.round_results(round=round)
        ]
        if format == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        writer = csv.DictWriter(self.stdout, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    def _round(self, round_ref: str | None) -> Round:
        if round_ref is None:
            round = selectors.round_latest_closed()
            if round is None:
                raise CommandError("There is no closed round yet; name one with --round.")
            return round
        try:
            return selectors.round_find(name_or_id=round_ref)
        except Round.DoesNotExist:
            raise CommandError(f"There is no round with name or id {round_ref!r}.") from None
