"""Who may do what. Roles are Django groups (created by a data migration) that hold the
capability permissions of accounts.Capability; access is checked by permission, so renaming
a role in the admin changes nothing about what its members may do.

Superusers (the administrators) may do everything; a staff account passes no check by being
staff. Views declare the capability they need with role_required, so a reader of urls.py and
views.py sees each page's audience."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

# The role groups that the accounts migration creates, with the capabilities it grants them.
PROGRAMME_TEAM = "Programmateam"
POLICY_ADVISOR = "Beleidsadviseur"
MANAGER = "Manager"

# Capabilities: permissions of accounts.Capability.
VOTE = "accounts.vote"
EDIT_AGENDAS = "accounts.edit_agendas"
READ_DASHBOARDS = "accounts.read_dashboards"
# The report for the governance meeting is the managers' document: they make it and write its commentary.
MAKE_REPORTS = "accounts.make_reports"
# Publishing a dashboard to partners without an account: the manager answers for what they see.
SHARE_DASHBOARDS = "accounts.share_dashboards"

NOT_ALLOWED = _("You do not have access to this page. Ask the administrator of your network if you need it.")


def _codename(capability: str) -> str:
    return capability.removeprefix("accounts.")


def _capability_permissions(capability: str) -> QuerySet[Permission]:
    return Permission.objects.filter(content_type__app_label="accounts", codename=_codename(capability))


def user_capabilities(user) -> frozenset[str]:
    """The capabilities the user has through roles or directly: one query per request,
    kept on the user object."""
    if not user.is_authenticated:
        return frozenset()
    cached = getattr(user, "_capabilities", None)
    if cached is None:
        codenames = (
            Permission.objects.filter(Q(group__user=user) | Q(user=user), content_type__app_label="accounts")
            .values_list("codename", flat=True)
            .distinct()
        )
        cached = frozenset(f"accounts.{codename}" for codename in codenames)
        user._capabilities = cached
    return cached


def user_has_role(user, capability: str | tuple[str, ...]) -> bool:
    """Whether the user has the capability, or one of several."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    wanted = {capability} if isinstance(capability, str) else set(capability)
    return not user_capabilities(user).isdisjoint(wanted)


def users_with_capability(*, capability: str) -> QuerySet:
    """The active users who hold the capability through a role or directly (superusers only if granted it)."""
    permissions = _capability_permissions(capability)
    return (
        get_user_model()
        .objects.filter(Q(groups__permissions__in=permissions) | Q(user_permissions__in=permissions), is_active=True)
        .distinct()
    )


def role_groups() -> QuerySet[Group]:
    """The groups that grant any capability: the roles an administrator hands out."""
    return Group.objects.filter(permissions__content_type__app_label="accounts").distinct().order_by("name")


def groups_grant(*, groups, capability: str) -> bool:
    """Whether any of these groups grants the capability: what a new user will be able to do."""
    return Group.objects.filter(
        pk__in=[group.pk for group in groups], permissions__in=_capability_permissions(capability)
    ).exists()


def role_group_get(*, capability: str) -> Group:
    """The first role that grants the capability, for data that needs one (demo and benchmark)."""
    return Group.objects.filter(permissions__in=_capability_permissions(capability)).order_by("pk").first()


def role_required(capability: str | tuple[str, ...]) -> Callable:
    """Refuse the view with a 403 unless the user has the capability (or one of several)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not user_has_role(request.user, capability):
                raise PermissionDenied(NOT_ALLOWED)
            return view(request, *args, **kwargs)

        wrapper.required_capability = capability
        return wrapper

    return decorator
