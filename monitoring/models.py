from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regioplan.models import FIRST_YEAR, LAST_YEAR, YEAR_VALIDATORS
from workagenda.models import OperationalGoal, Theme


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("not started")
    ON_TRACK = "on_track", _("on track")
    AT_RISK = "at_risk", _("at risk")
    OFF_TRACK = "off_track", _("off track")
    ACHIEVED = "achieved", _("achieved")


class StatusUpdate(models.Model):
    """A dated traffic light for one operational goal or one theme (programme).

    The history is append-only: a new judgement is a new row, so every governance
    meeting can see what was reported before."""

    goal = models.ForeignKey(
        OperationalGoal,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_updates",
        verbose_name=_("operational goal"),
    )
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_updates",
        verbose_name=_("theme or programme"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        indexes = [
            models.Index(fields=["goal", "-date", "-id"], name="status_update_goal_latest"),
            models.Index(fields=["theme", "-date", "-id"], name="status_update_theme_latest"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(goal__isnull=False) & Q(theme__isnull=True))
                | (Q(goal__isnull=True) & Q(theme__isnull=False)),
                name="status_update_goal_xor_theme",
            ),
            models.CheckConstraint(condition=Q(status__in=Status.values), name="status_update_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_status_display()}"


class Indicator(models.Model):
    """A KPI of an operational goal, with the straight path from baseline to target."""

    class Kind(models.TextChoices):
        PROCESS = "process", _("process")
        OUTPUT = "output", _("output")
        OUTCOME = "outcome", _("outcome")
        RISK = "risk", _("risk (warning signal)")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    goal = models.ForeignKey(
        OperationalGoal, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("operational goal")
    )
    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    unit = models.CharField(_("unit"), max_length=40, help_text=_("For example %, number or weeks."))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    baseline_value = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2, null=True, blank=True)
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target_value = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    source_text = models.TextField(
        _("where the target is stated"), blank=True, help_text=_("The words of the goal text that state the target.")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["goal", "name"], name="indicator_name_unique_in_goal"),
            models.CheckConstraint(condition=~Q(name=""), name="indicator_name_not_empty"),
            models.CheckConstraint(
                condition=Q(kind__in=["process", "output", "outcome", "risk"]), name="indicator_kind_valid"
            ),
            models.CheckConstraint(condition=Q(direction__in=["higher", "lower"]), name="indicator_direction_valid"),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True) | Q(target_year__range=(FIRST_YEAR, LAST_YEAR)),
                name="indicator_target_year_valid",
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True, baseline_date__isnull=True)
                | Q(baseline_value__isnull=False, baseline_date__isnull=False),
                name="indicator_baseline_value_and_date_together",
                violation_error_message=_("Give the baseline value and its date together, or neither."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring:indicator", kwargs={"pk": self.pk})


class Measurement(models.Model):
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="measurements", verbose_name=_("indicator")
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "date", "pk"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        indexes = [models.Index(fields=["indicator", "-date", "-id"], name="measurement_latest")]
        constraints = [models.CheckConstraint(condition=~Q(source=""), name="measurement_source_not_empty")]

    def __str__(self) -> str:
        return f"{self.date}: {self.value}"
