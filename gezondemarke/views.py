from django.shortcuts import render

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
            "goal_count": sum(agenda.goal_count for region in regions for agenda in region.agendas.all()),
        },
    )
