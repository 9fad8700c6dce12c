from accounts.roles import EDIT_AGENDAS, READ_DASHBOARDS, user_has_role


def capabilities(request) -> dict:
    """What the navigation offers the signed-in user; the views check access themselves."""
    return {
        "can_read_dashboards": user_has_role(request.user, READ_DASHBOARDS),
        "can_edit_agendas": user_has_role(request.user, EDIT_AGENDAS),
    }
