"""What this app adds to the pages of apps below it."""

from django.core.paginator import Paginator
from django.http import HttpRequest

from recommendations.models import Recommendation
from workagenda.selectors import recommendation_goal_list, recommendation_goals_by_region

# A recommendation is linked to at most a few dozen goals in the real product; more are paged.
GOALS_PER_PAGE = 25


def recommendation_goals_section(request: HttpRequest, recommendation: Recommendation) -> dict:
    """The operational goals linked to the recommendation, by region and theme."""
    goals = Paginator(recommendation_goal_list(recommendation=recommendation), GOALS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return {
        "goals_page": goals,
        "goals_by_region": recommendation_goals_by_region(recommendation=recommendation, goals=goals),
    }
