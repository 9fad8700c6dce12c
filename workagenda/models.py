from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from recommendations.models import Recommendation
from regioplan.models import FIRST_YEAR, LAST_YEAR, YEAR_VALIDATORS, PlanObjective, Region, RegionalPlan

THEME_CODE_VALIDATOR = RegexValidator(
    r"^[A-Z][A-Z0-9]{0,7}$", _("Use 1 to 8 capital letters or digits, starting with a letter.")
)
GOAL_LETTER_VALIDATOR = RegexValidator(r"^[A-Z]{1,2}$", _("Use one or two capital letters, such as A or B."))


class Agenda(models.Model):
    class ThemeLabel(models.TextChoices):
        THEME = "thema", _("theme")
        COALITION = "coalitie", _("coalition")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="agendas", verbose_name=_("region"))
    plan = models.ForeignKey(
        RegionalPlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agendas",
        verbose_name=_("regional plan"),
        help_text=_("The regional plan this agenda works out, if any."),
    )
    slug = models.SlugField(_("slug"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    theme_label = models.CharField(
        _("themes are called"), max_length=20, choices=ThemeLabel.choices, default=ThemeLabel.THEME
    )
    description = models.TextField(_("description"), blank=True)
    source_document = models.CharField(_("source document"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region__name", "name"]
        verbose_name = _("agenda")
        verbose_name_plural = _("agendas")
        constraints = [
            models.CheckConstraint(condition=~Q(name=""), name="agenda_name_not_empty"),
            models.CheckConstraint(condition=Q(theme_label__in=["thema", "coalitie"]), name="agenda_theme_label_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    agenda = models.ForeignKey(Agenda, on_delete=models.PROTECT, related_name="themes", verbose_name=_("agenda"))
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.CharField(_("code"), max_length=8, validators=[THEME_CODE_VALIDATOR])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    plan_tasks = models.ManyToManyField(
        PlanObjective,
        blank=True,
        related_name="themes",
        limit_choices_to={"kind": PlanObjective.Kind.TASK},
        verbose_name=_("regional tasks served"),
        help_text=_("The tasks of the regional plan this theme works on."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["agenda__region__name", "agenda__name", "number"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(fields=["agenda", "number"], name="theme_number_unique_in_agenda"),
            models.UniqueConstraint(fields=["agenda", "code"], name="theme_code_unique_in_agenda"),
            models.UniqueConstraint(fields=["agenda", "name"], name="theme_name_unique_in_agenda"),
            models.CheckConstraint(condition=Q(number__gte=1), name="theme_number_positive"),
            models.CheckConstraint(condition=~Q(name=""), name="theme_name_not_empty"),
            models.CheckConstraint(condition=~Q(code=""), name="theme_code_not_empty"),
        ]

    def __str__(self) -> str:
        return self.name


class GoalGroup(models.Model):
    """A strategic goal (or IJssel-Vecht 'doel') grouping operational goals."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="groups", verbose_name=_("theme"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(
        _("title"), max_length=300, blank=True, help_text=_("Leave empty when the source gives no title.")
    )
    description = models.TextField(_("description"), blank=True)
    approach = models.TextField(
        _("approach"),
        blank=True,
        help_text=_("How the source says the results of this goal will be reached, one step a line."),
    )

    class Meta:
        ordering = ["theme", "number"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.UniqueConstraint(fields=["theme", "number"], name="goal_group_number_unique_in_theme"),
            models.CheckConstraint(condition=Q(number__gte=1), name="goal_group_number_positive"),
        ]

    def __str__(self) -> str:
        label = _("Goal %(number)s") % {"number": self.number}
        return f"{label}: {self.title}" if self.title else str(label)


class OperationalGoal(models.Model):
    """The leaves of an agenda: what gets linked to recommendations and monitored."""

    group = models.ForeignKey(
        GoalGroup, on_delete=models.PROTECT, related_name="operational_goals", verbose_name=_("goal")
    )
    letter = models.CharField(_("letter"), max_length=2, validators=[GOAL_LETTER_VALIDATOR])
    text = models.TextField(_("text"))
    approach = models.TextField(
        _("approach"),
        blank=True,
        help_text=_("How the source says this result will be reached, one step a line."),
    )
    target_year = models.PositiveSmallIntegerField(
        _("target year"),
        null=True,
        blank=True,
        validators=YEAR_VALIDATORS,
        help_text=_("Leave empty to take the year the text names as its deadline."),
    )
    recommendations = models.ManyToManyField(
        Recommendation,
        through="GoalLink",
        related_name="operational_goals",
        verbose_name=_("recommendations"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = [
            "group__theme__agenda__region__name",
            "group__theme__agenda__name",
            "group__theme__number",
            "group__number",
            "letter",
        ]
        verbose_name = _("operational goal")
        verbose_name_plural = _("operational goals")
        constraints = [
            models.UniqueConstraint(fields=["group", "letter"], name="operational_goal_letter_unique_in_group"),
            models.CheckConstraint(condition=~Q(text=""), name="operational_goal_text_not_empty"),
            models.CheckConstraint(condition=Q(letter__regex=r"^[A-Z]{1,2}$"), name="operational_goal_letter_valid"),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True) | Q(target_year__range=(FIRST_YEAR, LAST_YEAR)),
                name="operational_goal_target_year_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:80]}"

    def get_absolute_url(self) -> str:
        return reverse("workagenda:goal", kwargs={"pk": self.pk})

    @property
    def code(self) -> str:
        """The citeable code: theme code, goal number and letter, e.g. VOW-2B.

        Reads group and theme, so fetch goals with select_related("group__theme")."""
        return f"{self.group.theme.code}-{self.group.number}{self.letter}"


class GoalLink(models.Model):
    """A policy advisor's judgement that an operational goal serves a recommendation."""

    goal = models.ForeignKey(
        OperationalGoal, on_delete=models.PROTECT, related_name="links", verbose_name=_("operational goal")
    )
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.PROTECT, related_name="goal_links", verbose_name=_("recommendation")
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Why this goal serves this recommendation."))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made by"),
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by"),
    )
    updated_at = models.DateTimeField(_("last changed at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["goal", "recommendation__number"]
        verbose_name = _("link")
        verbose_name_plural = _("links")
        constraints = [
            models.UniqueConstraint(fields=["goal", "recommendation"], name="goal_link_unique_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.goal.code} → {self.recommendation.number}"


class AgendaItem(models.Model):
    """One year's action point of a regional work agenda, for one coalition or theme.

    Items without a theme are the overarching activities the agenda names beside
    the coalitions' own work."""

    agenda = models.ForeignKey(Agenda, on_delete=models.PROTECT, related_name="items", verbose_name=_("agenda"))
    theme = models.ForeignKey(
        Theme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("theme or coalition"),
        help_text=_("Leave empty for an activity across all coalitions."),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    text = models.TextField(_("text"))
    operational_goal = models.ForeignKey(
        OperationalGoal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("operational goal"),
        help_text=_("Optional: the operational goal this action point works on."),
    )

    class Meta:
        ordering = ["agenda", "year", "theme__number", "position"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="agenda_item_text_not_empty"),
            models.CheckConstraint(condition=Q(year__range=(FIRST_YEAR, LAST_YEAR)), name="agenda_item_year_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.text[:60]}"
