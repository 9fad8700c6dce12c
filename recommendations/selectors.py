"""Reads of recommendations."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from audit.history import Change, change_list
from recommendations.models import Recommendation, RecommendationRelation

_RELATION_WORDING: dict[tuple[str, bool], Promise] = {
    (RecommendationRelation.Kind.PRECONDITION, True): _("Is a precondition for"),
    (RecommendationRelation.Kind.PRECONDITION, False): _("Has as a precondition"),
    (RecommendationRelation.Kind.OVERLAP, True): _("Overlaps with"),
    (RecommendationRelation.Kind.OVERLAP, False): _("Overlaps with"),
}


@dataclass(frozen=True)
class RelatedRecommendation:
    wording: str
    other: Recommendation
    explanation: str


def recommendation_list() -> QuerySet[Recommendation]:
    return Recommendation.objects.order_by("number")


def recommendation_get(*, number: int) -> Recommendation:
    return Recommendation.objects.get(number=number)


def recommendation_relations(*, recommendation: Recommendation) -> list[RelatedRecommendation]:
    """Relations in both directions, worded from this recommendation's side."""
    relations = (
        RecommendationRelation.objects.filter(Q(source=recommendation) | Q(target=recommendation))
        .select_related("source", "target")
        .order_by("kind", "source__number", "target__number")
    )
    result = []
    for relation in relations:
        outgoing = relation.source_id == recommendation.pk
        result.append(
            RelatedRecommendation(
                wording=str(_RELATION_WORDING[(relation.kind, outgoing)]),
                other=relation.target if outgoing else relation.source,
                explanation=relation.explanation,
            )
        )
    return result


def recommendation_changes(*, recommendation: Recommendation) -> list[Change]:
    """Changes to the recommendation's number and texts, newest first, in one query."""
    return change_list(records=Recommendation.history.filter(id=recommendation.pk).select_related("history_user"))
