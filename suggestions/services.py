"""Writes of the linking assistant: accepting and dismissing suggestions.

A link made from a suggestion is an ordinary link, made through workagenda's services with
their history; the suggestion itself is never stored as a link."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recommendations.models import Recommendation
from suggestions.engine import Suggestion
from suggestions.models import DismissedSuggestion
from workagenda import services as workagenda_services
from workagenda.models import GoalLink, OperationalGoal, Theme

ALREADY_LINKED = gettext_lazy(
    "%(code)s is already linked to recommendation %(number)s; someone may have done so meanwhile."
)
NO_LONGER_SUGGESTED = gettext_lazy(
    "The suggestions changed after the preview; nothing has been linked. Look at the new preview and accept again."
)


def suggestion_note(*, suggestion: Suggestion) -> str:
    """The reasons as a note an advisor can edit: which words of the goal matched which of the recommendation."""
    parts = [
        _("“%(goal)s” matches “%(recommendation)s”")
        % {"goal": ", ".join(reason.goal_words), "recommendation": ", ".join(reason.recommendation_words)}
        for reason in suggestion.reasons
    ]
    if not parts:
        return _("Suggested because similar goals are linked to this recommendation.")
    return _("Suggested: %(reasons)s.") % {"reasons": "; ".join(parts)}


@transaction.atomic
def suggestion_accept(*, goal: OperationalGoal, recommendation: Recommendation, user, note: str) -> GoalLink:
    # Locking the goal serialises this with the grid's save of the same goal.
    OperationalGoal.objects.select_for_update(of=("self",)).filter(pk=goal.pk).first()
    if GoalLink.objects.filter(goal=goal, recommendation=recommendation).exists():
        raise ValidationError(ALREADY_LINKED % {"code": goal.code, "number": recommendation.number})
    # A link is the later decision: an earlier dismissal of the pair no longer holds.
    DismissedSuggestion.objects.filter(goal=goal, recommendation=recommendation).delete()
    return workagenda_services.goal_link_create(goal=goal, recommendation=recommendation, user=user, note=note.strip())


@transaction.atomic
def suggestion_dismiss(*, goal: OperationalGoal, recommendation: Recommendation, user) -> DismissedSuggestion:
    if GoalLink.objects.filter(goal=goal, recommendation=recommendation).exists():
        raise ValidationError(ALREADY_LINKED % {"code": goal.code, "number": recommendation.number})
    dismissal = DismissedSuggestion(goal=goal, recommendation=recommendation, dismissed_by=user)
    dismissal.full_clean(validate_unique=False, validate_constraints=False)
    existing = DismissedSuggestion.objects.filter(goal=goal, recommendation=recommendation).first()
    if existing:
        return existing
    dismissal.save()
    return dismissal


@transaction.atomic
def theme_suggestions_accept(
    *, theme: Theme, previewed: set[tuple[int, int]], current: dict[tuple[int, int], Suggestion], user
) -> int:
    """Link every previewed (goal id, number) pair, all or nothing.

    current: the suggestions above the threshold now; when they differ from the preview the
    advisor saw, nothing is linked (ValidationError), so nobody accepts what they did not see."""
    if previewed != set(current):
        raise ValidationError(NO_LONGER_SUGGESTED)
    goals = {
        goal.pk: goal
        for goal in OperationalGoal.objects.select_for_update(of=("self",))
        .select_related("group__theme")
        .filter(pk__in={goal_id for goal_id, _ in previewed}, group__theme=theme)
    }
    recommendations = {rec.number: rec for rec in Recommendation.objects.filter(number__in={n for _, n in previewed})}
    for goal_id, number in sorted(previewed):
        if goal_id not in goals or GoalLink.objects.filter(goal_id=goal_id, recommendation__number=number).exists():
            raise ValidationError(NO_LONGER_SUGGESTED)
        workagenda_services.goal_link_create(
            goal=goals[goal_id],
            recommendation=recommendations[number],
            user=user,
            note=suggestion_note(suggestion=current[(goal_id, number)]),
        )
    return len(previewed)
