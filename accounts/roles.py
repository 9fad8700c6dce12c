"""Who may do what. Roles are Django groups, created by a data migration.

Administrators (superusers) may do everything; a staff account without a role may only
use the admin pages its permissions allow. Views declare the roles they admit with
role_required, so a reader of urls.py and views.py sees each page's audience."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

PROGRAMME_TEAM = "Programmateam"
POLICY_ADVISOR = "Beleidsadviseur"
MANAGER = "Manager"
ALL_ROLES = (PROGRAMME_TEAM, POLICY_ADVISOR, MANAGER)

# Capabilities, each the roles that have it (administrators have all).
READ_DASHBOARDS = (MANAGER, POLICY_ADVISOR)
EDIT_AGENDAS = (POLICY_ADVISOR,)
VOTE = (PROGRAMME_TEAM,)

NOT_ALLOWED = _("You do not have access to this page. Ask the administrator of your network if you need it.")


def user_roles(user) -> frozenset[str]:
    """The user's role names, read once per request and kept on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_role_names", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._role_names = cached
    return cached


def user_has_role(user, roles: tuple[str, ...]) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    # Administrators (superusers) pass every check; a staff account without a role passes none.
    if user.is_superuser:
        return True
    return not user_roles(user).isdisjoint(roles)


def role_required(roles: tuple[str, ...]) -> Callable:
    """Refuse the view with a 403 unless the user has one of the roles."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not user_has_role(request.user, roles):
                raise PermissionDenied(NOT_ALLOWED)
            return view(request, *args, **kwargs)

        wrapper.allowed_roles = roles
        return wrapper

    return decorator
