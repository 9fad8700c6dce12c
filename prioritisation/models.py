from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from recommendations.models import Recommendation

SCORE_MIN = 1
SCORE_MAX = 5


class Criterion(models.TextChoices):
    IMPORTANCE = "importance", _("importance")
    URGENCY = "urgency", _("urgency")


class Round(models.Model):
    class Method(models.TextChoices):
        PICKS = "picks", _("choose the most important and most urgent")
        SCALE = "scale", _("score every recommendation from 1 to 5")

    class ResultsVisibility(models.TextChoices):
        AFTER_VOTING = "after_voting", _("after they have voted")
        AFTER_CLOSING = "after_closing", _("only after the round has closed")
        ALWAYS = "always", _("always, also before voting")

    name = models.CharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    method = models.CharField(_("method"), max_length=10, choices=Method.choices, default=Method.PICKS)
    picks_per_criterion = models.PositiveSmallIntegerField(
        _("picks per criterion"),
        default=3,
        help_text=_("How many recommendations each member chooses for importance and for urgency."),
    )
    opens_at = models.DateTimeField(_("opens at"), default=timezone.now)
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to close the round by hand later, with the button Close now."),
    )
    limited = models.BooleanField(
        _("only for chosen people"),
        default=False,
        help_text=_(
            "Off: everyone in the programme team may vote, also people invited while the round is open. "
            "On: only the people chosen below."
        ),
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="prioritisation_rounds",
        # The admin's two-box selector builds its titles from this: "Beschikbare deelnemers".
        verbose_name=_("participants"),
        blank=True,
        help_text=_("Only used when the round is for chosen people."),
    )
    results_visibility = models.CharField(
        _("participants see the results"),
        max_length=20,
        choices=ResultsVisibility.choices,
        default=ResultsVisibility.AFTER_VOTING,
    )
    reasons_attributed = models.BooleanField(
        _("reasons shown with names"),
        default=False,
        help_text=_("When off, reasons are shown without the name of the member who gave them."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opens_at", "name"]
        verbose_name = _("prioritisation round")
        verbose_name_plural = _("prioritisation rounds")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="round_name_not_empty"),
            models.CheckConstraint(
                condition=Q(picks_per_criterion__gte=1, picks_per_criterion__lte=10),
                name="round_picks_per_criterion_range",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__isnull=True) | Q(closes_at__gt=F("opens_at")),
                name="round_closes_after_opening",
            ),
            models.CheckConstraint(condition=Q(method__in=["picks", "scale"]), name="round_method_valid"),
            models.CheckConstraint(
                condition=Q(results_visibility__in=["after_voting", "after_closing", "always"]),
                name="round_results_visibility_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("prioritisation:results", kwargs={"pk": self.pk})

    def is_open(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.opens_at <= now and (self.closes_at is None or now < self.closes_at)

    def is_closed(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.closes_at is not None and self.closes_at <= now

    @property
    def uses_scale(self) -> bool:
        return self.method == self.Method.SCALE


class Ballot(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("round"))
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("member")
    )
    comment = models.TextField(_("general comment"), blank=True, max_length=2000)
    submitted_at = models.DateTimeField(_("first submitted at"), default=timezone.now)
    updated_at = models.DateTimeField(_("last changed at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["round", "submitted_at"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.UniqueConstraint(fields=["round", "member"], name="ballot_one_per_member_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.member}"


class BallotEntry(models.Model):
    """One choice on a ballot: a pick (score empty) or, in a scale round, a score from 1 to 5."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="entries", verbose_name=_("ballot"))
    criterion = models.CharField(_("criterion"), max_length=12, choices=Criterion.choices)
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="ballot_entries", verbose_name=_("recommendation")
    )
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)
    history = HistoricalRecords()

    class Meta:
        ordering = ["ballot", "criterion", "recommendation__number"]
        verbose_name = _("choice on a ballot")
        verbose_name_plural = _("choices on a ballot")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "criterion", "recommendation"], name="ballot_entry_once_per_criterion"
            ),
            models.CheckConstraint(
                condition=Q(criterion__in=["importance", "urgency"]), name="ballot_entry_criterion_valid"
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=SCORE_MIN, score__lte=SCORE_MAX),
                name="ballot_entry_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_criterion_display()}: {self.recommendation.number}"
