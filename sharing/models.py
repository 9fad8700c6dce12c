from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from prioritisation.models import Round
from regioplan.models import YEAR_VALIDATORS, Region
from workagenda.models import Agenda, Theme


class SharedView(models.Model):
    """A read-only dashboard for partners without an account, opened through an unguessable link.

    It shows one dashboard for a fixed scope (and round): the figures are live, the choices fixed."""

    class Kind(models.TextChoices):
        ANCHORING = "verankering", _("anchoring per recommendation")
        PRIORITY = "prioriteit", _("priority against anchoring")
        MONITORING = "monitoring", _("monitoring overview")

    key = models.CharField(_("key"), max_length=64, unique=True, editable=False)
    kind = models.CharField(_("dashboard"), max_length=20, choices=Kind.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("region")
    )
    agenda = models.ForeignKey(
        Agenda, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("agenda")
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("theme")
    )
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True, validators=YEAR_VALIDATORS)
    round = models.ForeignKey(
        Round,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prioritisation round"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("made by")
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    open_count = models.PositiveIntegerField(_("times opened"), default=0)
    last_opened_at = models.DateTimeField(_("last opened at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("shared view")
        verbose_name_plural = _("shared views")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["verankering", "prioriteit", "monitoring"]), name="shared_view_kind_valid"
            ),
            models.CheckConstraint(
                condition=~Q(kind="prioriteit") | Q(round__isnull=False), name="shared_view_priority_has_round"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%Y-%m-%d})"

    def is_open(self, *, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)
