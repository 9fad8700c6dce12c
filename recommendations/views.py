from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from prioritisation.selectors import recommendation_priority_history, round_list_results_visible
from recommendations import selectors
from recommendations.models import Recommendation
from workagenda.selectors import recommendation_goal_list, recommendation_goals_by_region

# The real product has ten recommendations, linked to at most a few dozen goals each, in a
# round or two a year: all of it fits on one page. Larger lists are spread over pages.
RECOMMENDATIONS_PER_PAGE = 20
GOALS_PER_PAGE = 25
LATEST_ROUNDS = 10
ALL_ROUNDS = "alle"


def recommendation_list(request):
    page = Paginator(selectors.recommendation_list(), RECOMMENDATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "recommendations/recommendation_list.html", {"recommendations": page, "page_obj": page})


def recommendation_detail(request, number: int):
    try:
        recommendation = selectors.recommendation_get(number=number)
    except Recommendation.DoesNotExist:
        raise Http404(_("There is no recommendation with number %(number)s.") % {"number": number}) from None
    goals = Paginator(recommendation_goal_list(recommendation=recommendation), GOALS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # Only rounds whose results this viewer may see, as on the round's own results page; the latest first.
    rounds = round_list_results_visible(user=request.user)
    all_rounds = request.GET.get("rondes") == ALL_ROUNDS
    return render(
        request,
        "recommendations/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "relations": selectors.recommendation_relations(recommendation=recommendation),
            "goals_page": goals,
            "goals_by_region": recommendation_goals_by_region(recommendation=recommendation, goals=goals),
            "priority_history": recommendation_priority_history(
                recommendation=recommendation, rounds=rounds if all_rounds else rounds[:LATEST_ROUNDS]
            ),
            "round_count": len(rounds),
            "all_rounds": all_rounds,
            "latest_rounds": LATEST_ROUNDS,
            "changes": selectors.recommendation_changes(recommendation=recommendation),
        },
    )
