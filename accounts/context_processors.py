from accounts.roles import EDIT_AGENDAS, MAKE_REPORTS, READ_DASHBOARDS, VOTE, user_has_role


def capabilities(request) -> dict:
    """What the navigation offers the signed-in user; the views check access themselves."""
    # Error pages raised before the authentication middleware ran have no user.
    user = getattr(request, "user", None)
    if user is None:
        return {"can_read_dashboards": False, "can_edit_agendas": False, "can_vote": False, "can_make_reports": False}
    return {
        "can_read_dashboards": user_has_role(user, READ_DASHBOARDS),
        "can_edit_agendas": user_has_role(user, EDIT_AGENDAS),
        "can_vote": user_has_role(user, VOTE),
        "can_make_reports": user_has_role(user, MAKE_REPORTS),
    }
