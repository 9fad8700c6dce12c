from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

FIRST_YEAR = 2000
LAST_YEAR = 2100
YEAR_VALIDATORS = [MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)]


class Region(models.Model):
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    network = models.CharField(_("network"), max_length=150, help_text=_("For example Gezonde Marke."))
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="region_name_not_empty"),
            models.CheckConstraint(condition=~Q(slug=""), name="region_slug_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.network})"

    def get_absolute_url(self) -> str:
        return reverse("regions:region", kwargs={"slug": self.slug})


class RegionalPlan(models.Model):
    class Kind(models.TextChoices):
        REGIONAL_PLAN = "regioplan", _("regional plan")
        WORK_AGENDA = "werkagenda", _("work agenda")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="plans", verbose_name=_("region"))
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    period_start = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    period_end = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    ambition = models.TextField(_("ambition"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    source_document = models.CharField(_("source document"), max_length=300, blank=True)

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("regional plan")
        verbose_name_plural = _("regional plans")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="regional_plan_name_not_empty"),
            models.CheckConstraint(condition=Q(kind__in=["regioplan", "werkagenda"]), name="regional_plan_kind_valid"),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True) | Q(period_start__range=(FIRST_YEAR, LAST_YEAR)),
                name="regional_plan_period_start_valid",
            ),
            models.CheckConstraint(
                condition=Q(period_end__isnull=True) | Q(period_end__range=(FIRST_YEAR, LAST_YEAR)),
                name="regional_plan_period_end_valid",
            ),
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lte=F("period_end")),
                name="regional_plan_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanObjective(models.Model):
    """A regional task (regio-opgave) or an overarching goal of a plan."""

    class Kind(models.TextChoices):
        TASK = "task", _("regional task")
        OVERARCHING_GOAL = "overarching_goal", _("overarching goal")

    plan = models.ForeignKey(
        RegionalPlan, on_delete=models.PROTECT, related_name="objectives", verbose_name=_("regional plan")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["plan", "kind", "number"]
        verbose_name = _("task or overarching goal")
        verbose_name_plural = _("tasks and overarching goals")
        constraints = [
            models.UniqueConstraint(fields=["plan", "kind", "number"], name="plan_objective_number_unique"),
            models.CheckConstraint(condition=Q(number__gte=1), name="plan_objective_number_positive"),
            models.CheckConstraint(condition=~Q(title=""), name="plan_objective_title_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=["task", "overarching_goal"]), name="plan_objective_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
