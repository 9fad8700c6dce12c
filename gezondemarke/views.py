from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404
from django.utils import timezone

from accounts import roles
from notifications.selectors import changes_since_last_visit
from notifications.services import visit_mark
from prioritisation.selectors import round_list_open_for_member
from recommendations.selectors import recommendation_list
from workagenda.selectors import operational_goal_list, region_list_with_agendas

# The overview introduces the first regions by name; the regions page lists them all.
HOME_REGIONS = 3


def home(request):
    regions = region_list_with_agendas()
    now = timezone.now()
    since = visit_mark(user=request.user, session=request.session, now=now)
    return render(
        request,
        "home.html",
        {
            "regions": regions[:HOME_REGIONS],
            "region_count": regions.count(),
            "recommendation_count": recommendation_list().count(),
            "open_rounds": round_list_open_for_member(user=request.user)
            if roles.user_has_role(request.user, roles.VOTE)
            else [],
            "goal_count": operational_goal_list().count(),
            "changes": changes_since_last_visit(user=request.user, since=since, now=now),
        },
    )


@login_not_required
def health(request):
    """For load balancers and uptime checks: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request, exception):
    # Django's own SuspiciousOperation texts are English and meant for the log: show
    # only the messages our views raise with BadRequest.
    message = str(exception) if isinstance(exception, BadRequest) else ""
    return render(request, "400.html", {"exception": message}, status=400)


def permission_denied(request, exception):
    message = str(exception) if exception.args else ""
    return render(request, "403.html", {"exception": message}, status=403)


def page_not_found(request, exception):
    # An unknown address carries the resolver's internals; a missing object our Dutch message.
    shown = isinstance(exception, Http404) and not isinstance(exception, Resolver404) and exception.args
    message = str(exception.args[0]) if shown else ""
    return render(request, "404.html", {"exception": message}, status=404)
