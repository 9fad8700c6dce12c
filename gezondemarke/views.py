from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpResponse
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


@login_not_required
def health(request):
    """For load balancers and uptime checks: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")
