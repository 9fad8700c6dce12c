from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritisation.models import Round
from workagenda.models import Agenda, Theme


class Section(models.TextChoices):
    """The report's chapters, in order. Each can carry the manager's commentary."""

    SUMMARY = "summary", _("Summary")
    RECOMMENDATIONS = "recommendations", _("The ten recommendations")
    PRIORITISATION = "prioritisation", _("Prioritisation")
    ANCHORING = "anchoring", _("Anchoring in the whole agenda")
    FOCUS = "focus", _("Anchoring within the focus theme")
    PRIORITY_COVERAGE = "priority_coverage", _("Priority against anchoring")
    PROGRESS = "progress", _("Progress")
    ANNEX = "annex", _("Annex: operational goals and recommendations")
    SOURCES = "sources", _("Sources and method")


class Report(models.Model):
    """What a report is about: a closed round, an agenda (and so its region) and, optionally, a
    focus theme. Its commentary belongs to it; every edition made of it is kept."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="reports", verbose_name=_("round"))
    agenda = models.ForeignKey(Agenda, on_delete=models.PROTECT, related_name="reports", verbose_name=_("agenda"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        related_name="reports",
        verbose_name=_("focus theme"),
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            # One report per choice, so its commentary is found again; NULL themes never
            # collide in a unique constraint, hence the second one.
            models.UniqueConstraint(
                fields=["round", "agenda", "theme"], condition=Q(theme__isnull=False), name="report_unique_choice"
            ),
            models.UniqueConstraint(
                fields=["round", "agenda"], condition=Q(theme__isnull=True), name="report_unique_choice_no_theme"
            ),
        ]

    def __str__(self) -> str:
        parts = [self.agenda.name, self.round.name]
        if self.theme_id:
            parts.append(self.theme.name)
        return " · ".join(parts)

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", kwargs={"pk": self.pk})


class ReportComment(models.Model):
    """The manager's own words on one section of a report, printed apart from the generated text."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="comments", verbose_name=_("report"))
    section = models.CharField(_("section"), max_length=30, choices=Section.choices)
    text = models.TextField(_("commentary"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    updated_at = models.DateTimeField(_("written at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "section"]
        verbose_name = _("report commentary")
        verbose_name_plural = _("report commentaries")
        constraints = [
            models.UniqueConstraint(fields=["report", "section"], name="report_comment_one_per_section"),
            models.CheckConstraint(
                condition=Q(section__in=[value for value, _label in Section.choices]),
                name="report_comment_section_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.get_section_display()}"


class ReportEdition(models.Model):
    """One made report: its files as they were, with the data version and commentary they show.

    Kept for good, so the version sent to a meeting can be downloaded later."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="editions", verbose_name=_("report"))
    data_version = models.CharField(_("data version"), max_length=64)
    # A digest of the commentary and the day it was made: with the data version, what the files show.
    content_key = models.CharField(_("content key"), max_length=64)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    made_at = models.DateTimeField(_("made at"), auto_now_add=True)
    seconds = models.FloatField(_("seconds to make"), default=0)
    pdf = models.FileField(_("PDF"), upload_to="rapporten/%Y/%m/")
    xlsx = models.FileField(_("XLSX"), upload_to="rapporten/%Y/%m/")
    html = models.FileField(_("HTML"), upload_to="rapporten/%Y/%m/")

    class Meta:
        ordering = ["-made_at", "-pk"]
        verbose_name = _("report edition")
        verbose_name_plural = _("report editions")

    def __str__(self) -> str:
        return f"{self.report} ({self.made_at:%Y-%m-%d %H:%M})"
