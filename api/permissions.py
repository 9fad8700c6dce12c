"""Who may read which API resource: the same roles as the pages showing it."""

from rest_framework.permissions import BasePermission

from accounts.roles import NOT_ALLOWED, READ_DASHBOARDS, user_has_role


class ReadsDashboards(BasePermission):
    """Goals, links, coverage and monitoring: managers, policy advisors and administrators."""

    message = NOT_ALLOWED

    def has_permission(self, request, view) -> bool:
        return user_has_role(request.user, READ_DASHBOARDS)
