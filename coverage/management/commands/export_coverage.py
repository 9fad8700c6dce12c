from coverage.selectors import recommendation_coverage
from workagenda.exports import ScopedExportCommand


class Command(ScopedExportCommand):
    help = "Writes per recommendation the number of distinct linked operational goals, as CSV or JSON."

    def handle(self, *args, **options):
        scope = self.scope(options)
        rows = recommendation_coverage(scope=scope)
        records = [
            {"number": row.number, "short_title": row.short_title, "linked_goals": row.linked_goals} for row in rows
        ]
        self.write_records(records, options["format"], scope=scope, name="verankering")
