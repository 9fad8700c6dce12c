import csv
import json

from django.core.management.base import BaseCommand, CommandError

from suggestions.selectors import goal_suggestions
from workagenda.models import OperationalGoal
from workagenda.selectors import ScopeError, operational_goal_list, scope_resolve


class Command(BaseCommand):
    help = (
        "Writes for every operational goal in the filters the recommendations it most likely serves, "
        "best first, with score and the words that carried each. Suggestions, not links."
    )

    def add_arguments(self, parser):
        parser.add_argument("--region", default="", help="Region name or slug, e.g. drenthe")
        parser.add_argument("--agenda", default="", help="Agenda name or slug")
        parser.add_argument("--theme", default="", help="Theme name or code, e.g. VOW")
        parser.add_argument("--top", type=int, default=3, help="Suggestions per goal (default 3)")
        parser.add_argument("--format", choices=["csv", "json"], default="csv")

    def handle(self, *args, **options):
        if options["top"] < 1:
            raise CommandError("--top must be 1 or more.")
        try:
            scope = scope_resolve(region=options["region"], agenda=options["agenda"], theme=options["theme"])
        except ScopeError as error:
            raise CommandError(str(error)) from error
        goals = list(
            operational_goal_list(scope=scope, goals=OperationalGoal.objects.select_related("group__theme__agenda"))
        )
        ranked = goal_suggestions(goal_ids=[goal.pk for goal in goals], top=options["top"])
        records = [
            {
                "agenda": goal.group.theme.agenda.slug,
                "theme": goal.group.theme.code,
                "code": goal.code,
                "text": goal.text,
                "suggestions": [
                    {"number": s.number, "score": s.score, "terms": s.terms} for s in ranked.get(goal.pk, [])
                ],
            }
            for goal in goals
        ]
        if options["format"] == "json":
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["agenda", "theme", "code", "rank", "number", "score", "terms"])
        for record in records:
            for rank, suggestion in enumerate(record["suggestions"], start=1):
                writer.writerow(
                    [
                        record["agenda"],
                        record["theme"],
                        record["code"],
                        rank,
                        suggestion["number"],
                        suggestion["score"],
                        " ".join(suggestion["terms"]),
                    ]
                )
