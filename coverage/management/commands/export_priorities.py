from django.core.management.base import CommandError

from coverage.selectors import priority_coverage
from prioritisation import selectors
from prioritisation.models import Round
from workagenda.exports import ScopedExportCommand


class Command(ScopedExportCommand):
    help = (
        "Writes a round's importance and urgency per recommendation to stdout as CSV or JSON: "
        "pick counts, or mean scores for a round that uses the 1 to 5 scale. "
        "Without --round: the most recently closed round. With --with-coverage also the number of "
        "linked operational goals (within --region, --agenda, --theme and --target-year) and the "
        "reading of priority against coverage, as on the page Priority against anchoring."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--round", dest="round_ref", help="The round's name or id.")
        parser.add_argument("--with-coverage", action="store_true", help="Add linked_goals and reading columns.")
        parser.add_argument(
            "--include-open",
            action="store_true",
            help="Also write a round that is still open and keeps its results hidden until it closes "
            "(for an administrator's own scheduled job).",
        )

    def handle(self, *args, round_ref: str | None, with_coverage: bool, include_open: bool, **options) -> None:
        filtered = any(options[name] not in ("", None) for name in ("region", "agenda", "theme", "target_year"))
        if filtered and not with_coverage:
            raise CommandError("The filters --region, --agenda, --theme and --target-year need --with-coverage.")
        round = self._round(round_ref)
        if not include_open and not round.is_closed() and round.results_visibility != Round.ResultsVisibility.ALWAYS:
            raise CommandError(
                f"Round {round.name!r} is still open and its settings keep the results hidden until it closes. "
                "Wait until it closes, or add --include-open in an administrator's own job."
            )
        ballots = selectors.round_participation(round=round).ballots
        scope = self.scope(options)
        if with_coverage:
            records = [
                {
                    "number": row.number,
                    "short_title": row.short_title,
                    "importance": row.importance,
                    "urgency": row.urgency,
                    "ballots": ballots,
                    "priority": row.priority,
                    "linked_goals": row.linked_goals,
                    "reading": row.reading,
                }
                for row in priority_coverage(round=round, scope=scope).rows
            ]
        else:
            records = [
                {
                    "number": result.number,
                    "short_title": result.short_title,
                    "importance": result.importance,
                    "urgency": result.urgency,
                    "ballots": ballots,
                }
                for result in selectors.round_results(round=round)
            ]
        self.write_records(records, options["format"], scope=scope, name="prioritering")

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
