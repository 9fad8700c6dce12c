from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from recommendations import selectors
from recommendations.models import Recommendation
from recommendations.sections import recommendation_sections

# The real product has ten recommendations; larger lists are spread over pages.
RECOMMENDATIONS_PER_PAGE = 20


def recommendation_list(request):
    page = Paginator(selectors.recommendation_list(), RECOMMENDATIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "recommendations/recommendation_list.html", {"recommendations": page, "page_obj": page})


def recommendation_detail(request, number: int):
    try:
        recommendation = selectors.recommendation_get(number=number)
    except Recommendation.DoesNotExist:
        raise Http404(_("There is no recommendation with number %(number)s.") % {"number": number}) from None
    sections = [
        {"template": section.template, "data": section.context(request, recommendation)}
        for section in recommendation_sections()
    ]
    return render(
        request,
        "recommendations/recommendation_detail.html",
        {
            "recommendation": recommendation,
            "relations": selectors.recommendation_relations(recommendation=recommendation),
            "sections": sections,
            "changes": selectors.recommendation_changes(recommendation=recommendation),
        },
    )
