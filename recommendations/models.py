from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Recommendation(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    short_title = models.CharField(
        _("short title"),
        max_length=120,
        help_text=_("The label used in charts and tables."),
    )
    lead = models.CharField(_("lead sentence"), max_length=400)
    text = models.TextField(_("full text"))
    source_document = models.CharField(_("source document"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="recommendation_number_positive"),
            models.CheckConstraint(condition=~Q(short_title=""), name="recommendation_short_title_not_empty"),
            models.CheckConstraint(condition=~Q(lead=""), name="recommendation_lead_not_empty"),
            models.CheckConstraint(condition=~Q(text=""), name="recommendation_text_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.short_title}"

    def get_absolute_url(self) -> str:
        return reverse("recommendations:detail", kwargs={"number": self.number})


class RecommendationRelation(models.Model):
    class Kind(models.TextChoices):
        PRECONDITION = "precondition", _("is a precondition for")
        OVERLAP = "overlap", _("overlaps with")

    source = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="outgoing_relations",
        verbose_name=_("recommendation"),
    )
    target = models.ForeignKey(
        Recommendation,
        on_delete=models.PROTECT,
        related_name="incoming_relations",
        verbose_name=_("related recommendation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    explanation = models.TextField(_("explanation"), blank=True)

    class Meta:
        ordering = ["source__number", "kind", "target__number"]
        verbose_name = _("relation between recommendations")
        verbose_name_plural = _("relations between recommendations")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="recommendation_relation_unique"),
            models.CheckConstraint(condition=~Q(source=F("target")), name="recommendation_relation_not_to_itself"),
            models.CheckConstraint(
                condition=Q(kind__in=["precondition", "overlap"]), name="recommendation_relation_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source.number} {self.get_kind_display()} {self.target.number}"
