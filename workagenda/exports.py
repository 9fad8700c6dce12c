"""Shared by the export commands: their filter options and output formats."""

import json

from django.core.management.base import BaseCommand, CommandError

from tabular.writing import Table, csv_text
from workagenda.selectors import GoalScope, ScopeError, goal_scope_about, scope_resolve


class ScopedExportCommand(BaseCommand):
    """A command with the dashboards' filters (names or slugs, case-insensitive) and --format."""

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--region", default="", help="Region name or slug, e.g. drenthe")
        parser.add_argument("--agenda", default="", help="Agenda name or slug")
        parser.add_argument("--theme", default="", help="Theme name or code, e.g. VOW")
        parser.add_argument("--target-year", default=None, help="Target year, e.g. 2027")

    def scope(self, options) -> GoalScope:
        try:
            return scope_resolve(
                region=options["region"],
                agenda=options["agenda"],
                theme=options["theme"],
                target_year=options["target_year"],
            )
        except ScopeError as error:
            raise CommandError(str(error)) from error

    def write_records(self, records: list[dict], fmt: str, *, scope: GoalScope, name: str) -> None:
        """JSON for programs; otherwise the CSV the pages' exports write, with its filters above it."""
        if fmt == "json":
            self.stdout.write(json.dumps(records, ensure_ascii=False, indent=2))
            return
        if not records:
            return
        rows = [
            [" ".join(map(str, value)) if isinstance(value, list) else value for value in record.values()]
            for record in records
        ]
        table = Table(name=name, sheet=name, columns=list(records[0]), rows=rows, about=goal_scope_about(scope=scope))
        self.stdout.write(csv_text(table), ending="")
