"""What this app adds to the pages of apps below it."""

from django.http import HttpRequest

from prioritisation.selectors import recommendation_priority_history, round_list_results_visible
from recommendations.models import Recommendation

# A round or two a year: the latest ten cover years; the reader may ask for all of them.
LATEST_ROUNDS = 10
ALL_ROUNDS = "alle"


def recommendation_priority_section(request: HttpRequest, recommendation: Recommendation) -> dict:
    """Importance and urgency per round, for the rounds whose results this reader may see."""
    rounds = round_list_results_visible(user=request.user)
    all_rounds = request.GET.get("rondes") == ALL_ROUNDS
    return {
        "priority_history": recommendation_priority_history(
            recommendation=recommendation, rounds=rounds if all_rounds else rounds[:LATEST_ROUNDS]
        ),
        "round_count": len(rounds),
        "all_rounds": all_rounds,
        "latest_rounds": LATEST_ROUNDS,
    }
