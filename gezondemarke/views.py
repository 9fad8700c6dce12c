from django.shortcuts import render

from accounts import roles
from prioritisation.selectors import round_list_open_for_member
from recommendations.selectors import recommendation_list
from regioplan.selectors import region_list_with_agendas


def home(request):
    regions = list(region_list_with_agendas())
    return render(
        request,
        "home.html",
        {
            "regions": regions,
            "recommendation_count": recommendation_list().count(),
            "open_rounds": round_list_open_for_member(user=request.user)
            if roles.user_has_role(request.user, roles.VOTE)
            else [],
            "goal_count": sum(agenda.goal_count for region in regions for agenda in region.agendas.all()),
        },
    )
