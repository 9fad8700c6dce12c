import django_filters
from django.utils.translation import gettext_lazy as _

from monitoring.forms import DATE_ERRORS, DATE_WIDGET
from workagenda.filters import GoalScopeFilter
from workagenda.models import OperationalGoal


class GoalFilter(GoalScopeFilter):
    """The goal scope of the dashboards and the goals table, with their parameters, so a
    filtered link carries over from those pages to the monitoring dashboard, deadlines and
    indicators, and back."""

    class Meta:
        model = OperationalGoal
        fields: list[str] = []


class DashboardFilter(GoalFilter):
    since = django_filters.DateFilter(
        label=_("Changes since the meeting of"),
        method="keep",
        widget=DATE_WIDGET,
        error_messages=DATE_ERRORS,
        help_text=_("Show which statuses changed after this date."),
    )

    class Meta(GoalFilter.Meta):
        pass
