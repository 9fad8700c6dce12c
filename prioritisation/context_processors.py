from accounts import roles


def rounds_nav(request) -> dict:
    """Whether the menu shows the prioritisation rounds: to members, readers of dashboards and administrators."""
    # Error pages raised before the authentication middleware ran have no user.
    user = getattr(request, "user", None)
    return {"show_rounds_nav": user is not None and roles.user_has_role(user, roles.VOTE + roles.READ_DASHBOARDS)}
