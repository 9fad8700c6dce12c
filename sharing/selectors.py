"""Reads for shared views: the list for managers and what a partner's link shows."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from coverage.selectors import PriorityCoverage, priority_coverage, recommendation_coverage
from monitoring.selectors import goals_with_latest_status, status_overview
from sharing.models import SharedView
from workagenda.selectors import GoalScope, operational_goal_list

# The overview chart stays legible up to about this many themes, as on the monitoring dashboard.
OVERVIEW_THEMES = 12


def shared_view_list() -> QuerySet[SharedView]:
    return SharedView.objects.select_related("created_by", "region", "agenda", "theme", "round")


def shared_view_open_for_key(*, key: str) -> SharedView | None:
    """The view behind a link, or None when the link is unknown, revoked or expired."""
    view = shared_view_list().filter(key=key).first()
    if view is None or not view.is_open(now=timezone.now()):
        return None
    return view


def shared_view_scope(*, shared_view: SharedView) -> GoalScope:
    return GoalScope(
        region=shared_view.region,
        agenda=shared_view.agenda,
        theme=shared_view.theme,
        target_year=shared_view.target_year,
    )


def shared_view_scope_label(*, shared_view: SharedView) -> str:
    """The scope in words, e.g. "Drenthe, Werkagenda Gezonde Marke, target year 2027"."""
    parts = [
        str(part)
        for part in (shared_view.region and shared_view.region.name, shared_view.agenda, shared_view.theme)
        if part
    ]
    if shared_view.target_year:
        parts.append(_("target year %(year)s") % {"year": shared_view.target_year})
    return ", ".join(parts) or _("all regions and agendas")


@dataclass(frozen=True)
class SharedFigures:
    """What a shared view shows: the rows of its table, and the data of its chart."""

    coverage: list | None = None
    priority: PriorityCoverage | None = None
    overview: object | None = None


def shared_view_figures(*, shared_view: SharedView) -> SharedFigures:
    """Live figures for the view's fixed scope; counts only, never names or reasons."""
    scope = shared_view_scope(shared_view=shared_view)
    if shared_view.kind == SharedView.Kind.ANCHORING:
        return SharedFigures(coverage=recommendation_coverage(scope=scope))
    if shared_view.kind == SharedView.Kind.PRIORITY:
        # shared_view_create refuses a priority view without a closed round.
        assert shared_view.round is not None
        return SharedFigures(priority=priority_coverage(round=shared_view.round, scope=scope))
    goals = goals_with_latest_status(queryset=operational_goal_list(scope=scope))
    return SharedFigures(overview=status_overview(goals=goals, limit=OVERVIEW_THEMES))
