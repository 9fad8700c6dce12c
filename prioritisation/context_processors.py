from accounts import roles


def rounds_nav(request) -> dict:
    """Whether the menu shows the prioritisation rounds: to members, readers of dashboards and administrators."""
    return {"show_rounds_nav": roles.user_has_role(request.user, roles.VOTE + roles.READ_DASHBOARDS)}
