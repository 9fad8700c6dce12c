from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from workagenda import selectors
from workagenda.models import OperationalGoal


def goal_detail(request, pk: int):
    try:
        goal = selectors.operational_goal_get(pk=pk)
    except OperationalGoal.DoesNotExist:
        raise Http404(_("This operational goal does not exist.")) from None
    return render(
        request,
        "workagenda/goal_detail.html",
        {"goal": goal, "links": selectors.operational_goal_links(goal=goal)},
    )
