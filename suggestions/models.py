import json
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from recommendations.models import Recommendation
from workagenda.models import OperationalGoal

UNKNOWN_RECOMMENDATION = _("There is no recommendation %(number)s.")
# The terms the product starts with; the migration that seeds them reads the same file.
SEEDED_VOCABULARY = Path(__file__).resolve().parent / "data" / "vocabulary.json"


def seeded_terms() -> dict[int, list[str]]:
    terms = json.loads(SEEDED_VOCABULARY.read_text(encoding="utf-8"))["terms"]
    return {int(number): words for number, words in terms.items()}


class RecommendationTermQuerySet(models.QuerySet):
    def made_by_people(self) -> "RecommendationTermQuerySet":
        """The terms an administrator added or reweighed: not those the migration seeded.
        A restore may take the place of seeded terms without losing anybody's work."""
        seeded = Q(pk__in=[])
        for number, words in seeded_terms().items():
            seeded |= Q(number=number, term__in=words, weight=1.0)
        return self.exclude(seeded)


class RecommendationTerm(models.Model):
    """A word or phrase that, in a goal's text, points to a recommendation.

    Kept as data so the administrator can add the words a region uses. Held by the
    recommendation's number (the key the report, the import and the grid use), so that a
    migration can seed the terms before the recommendations themselves are loaded."""

    number = models.PositiveSmallIntegerField(_("recommendation number"))
    term = models.CharField(
        _("term"), max_length=100, help_text=_("A word or a short phrase, such as gezonde leefstijl.")
    )
    weight = models.FloatField(
        _("weight"),
        default=1.0,
        validators=[MinValueValidator(0.1), MaxValueValidator(5.0)],
        help_text=_("How strongly the term points to the recommendation: 1 is normal, 2 twice as strong."),
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)

    objects = RecommendationTermQuerySet.as_manager()

    class Meta:
        ordering = ["number", "term"]
        verbose_name = _("term of a recommendation")
        verbose_name_plural = _("terms of recommendations")
        constraints = [
            models.UniqueConstraint(fields=["number", "term"], name="recommendation_term_unique"),
            models.CheckConstraint(condition=~Q(term=""), name="recommendation_term_not_empty"),
            models.CheckConstraint(
                condition=Q(weight__gte=0.1, weight__lte=5.0), name="recommendation_term_weight_range"
            ),
        ]

    def __str__(self) -> str:
        return self.term

    def clean(self):
        if self.number is not None and not Recommendation.objects.filter(number=self.number).exists():
            raise ValidationError({"number": UNKNOWN_RECOMMENDATION % {"number": self.number}})


class DismissedSuggestion(models.Model):
    """An advisor's judgement that a goal does not serve a suggested recommendation.

    Remembered so the suggestion is not made again for that goal."""

    goal = models.ForeignKey(
        OperationalGoal,
        on_delete=models.CASCADE,
        related_name="dismissed_suggestions",
        verbose_name=_("operational goal"),
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="dismissed_suggestions", verbose_name=_("recommendation")
    )
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("dismissed by"),
    )
    dismissed_at = models.DateTimeField(_("dismissed at"), auto_now_add=True)

    class Meta:
        ordering = ["goal", "recommendation__number"]
        verbose_name = _("dismissed suggestion")
        verbose_name_plural = _("dismissed suggestions")
        constraints = [
            models.UniqueConstraint(fields=["goal", "recommendation"], name="dismissed_suggestion_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} ✗ {self.recommendation_id}"
