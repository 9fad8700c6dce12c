from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from prioritisation.selectors import recommendation_priority_history, round_list_results_visible
from recommendations import selectors
from recommendations.models import Recommendation
from workagenda.selectors import recommendation_goals_by_region


def recommendation_list(request):
    return render(
        request, "recommendations/recommendation_list.html", {"recommendations": selectors.recommendation_list()}
    )


def recommendation_detail(request, number: int):
    try:
        recommendation = selectors.recommendation_get(number=number)
    except Recommendation.DoesNotExist:
        raise Http404(_("There is no recommendation with number %(number)s.") % {"number": number}) from None
    return render(
        request,
        "recommendations/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "relations": selectors.recommendation_relations(recommendation=recommendation),
            "goals_by_region": recommendation_goals_by_region(recommendation=recommendation),
            # Only rounds whose results this viewer may see, as on the round's own results page.
            "priority_history": recommendation_priority_history(
                recommendation=recommendation, rounds=round_list_results_visible(user=request.user)
            ),
            "changes": selectors.recommendation_changes(recommendation=recommendation),
        },
    )
