import json
from dataclasses import fields, replace
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from suggestions import engine
from suggestions.evaluation import Figures, evaluate
from suggestions.selectors import decisions_get, index_build
from workagenda.models import GoalLink, OperationalGoal

SWITCHES = [field.name for field in fields(engine.Options) if field.type in (bool, "bool")]


class Command(BaseCommand):
    help = (
        "Measures the suggestions against the links in the database by leave-one-out: each goal's "
        "links are hidden, its suggestions made, and compared. Recall and precision at 1 and 3, "
        "overall and per recommendation. --labelled compares with a file of links instead, cold start."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--labelled",
            default="",
            help='A JSON file {"agenda": slug, "links": {"VOW-1A": [1, 2], ...}}: judged links, no learning',
        )
        parser.add_argument("--baseline", action="store_true", help="Plain TF-IDF over word stems, for comparison")
        parser.add_argument(
            "--without",
            default="",
            help=f"Switch parts of the method off, comma-separated: {', '.join(SWITCHES)}",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        index = index_build(options=self._options(options))
        if options["labelled"]:
            truth = self._labelled(Path(options["labelled"]))
            figures = evaluate(index=index, truth=truth)
        else:
            truth: dict[int, set[int]] = {}
            for goal_id, number in GoalLink.objects.values_list("goal_id", "recommendation__number"):
                truth.setdefault(goal_id, set()).add(number)
            if not truth:
                raise CommandError("There are no links in the database to measure against; use --labelled.")
            figures = evaluate(index=index, truth=truth, decisions=decisions_get())
        self._write(figures, options["format"])

    def _options(self, options) -> engine.Options:
        if options["baseline"]:
            return engine.PLAIN_TFIDF
        off = {name.strip() for name in options["without"].split(",") if name.strip()}
        if off - set(SWITCHES):
            raise CommandError(f"Unknown parts: {', '.join(sorted(off - set(SWITCHES)))}. Use {', '.join(SWITCHES)}.")
        return replace(engine.DEFAULT, **dict.fromkeys(off, False))

    def _labelled(self, path: Path) -> dict[int, set[int]]:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            slug, links = data["agenda"], data["links"]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise CommandError(f"{path} is not a labelled file: {error}") from error
        goals = OperationalGoal.objects.filter(group__theme__agenda__slug=slug).select_related("group__theme")
        by_code = {goal.code: goal.pk for goal in goals}
        missing = sorted(set(links) - set(by_code))
        if missing:
            raise CommandError(f"Agenda {slug} has no goals {', '.join(missing)}.")
        return {by_code[code]: set(numbers) for code, numbers in links.items()}

    def _write(self, figures: Figures, fmt: str) -> None:
        if fmt == "json":
            self.stdout.write(json.dumps(figures.as_dict(), indent=2))
            return
        self.stdout.write(f"{figures.goals} goals, {figures.links} links")
        self.stdout.write(
            f"overall  recall@1 {figures.recall(1):.2f}  recall@3 {figures.recall(3):.2f}  "
            f"precision@1 {figures.precision(1):.2f}  precision@3 {figures.precision(3):.2f}"
        )
        for number, row in figures.per_recommendation.items():
            self.stdout.write(
                f"{number:>3}  links {row['links']:>3}  recall@1 {row['recall_at_1']:.2f}  "
                f"recall@3 {row['recall_at_3']:.2f}  precision@1 {row['precision_at_1']:.2f}  "
                f"precision@3 {row['precision_at_3']:.2f}"
            )
