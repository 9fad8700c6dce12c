from workagenda.exports import ScopedExportCommand
from workagenda.models import OperationalGoal
from workagenda.selectors import operational_goal_rows


class Command(ScopedExportCommand):
    help = "Writes every operational goal in the filters with its linked recommendations, as CSV or JSON."

    def handle(self, *args, **options):
        scope = self.scope(options)
        goals = operational_goal_rows(scope=scope).order_by(*OperationalGoal._meta.ordering)
        records = [
            {
                "region": goal.group.theme.agenda.region.slug,
                "agenda": goal.group.theme.agenda.slug,
                "theme": goal.group.theme.code,
                "code": goal.code,
                "text": goal.text,
                "target_year": goal.target_year,
                "recommendations": [link.recommendation.number for link in goal.links.all()],
            }
            for goal in goals
        ]
        self.write_records(records, options["format"], scope=scope, name="operationele-doelen")
