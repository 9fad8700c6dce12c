from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regioplan.models import Region
from workagenda.models import Agenda

# The weekly summary goes out from Monday at this hour (local time) and covers the week before.
DIGEST_HOUR = 7


class Kind(models.TextChoices):
    ROUND_OPENED = "round_opened", _("a round opens")
    ROUND_REMINDER = "round_reminder", _("reminder before a round closes")
    ROUND_CLOSED = "round_closed", _("a round closes")
    DIGEST = "digest", _("weekly summary")
    COMMENT = "comment", _("new comment in a thread I follow")


class Preferences(models.Model):
    """Which mails one person gets, and which part of the work they follow.

    No row means the defaults: round mails on, weekly summary and comment mails off."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preferences",
        verbose_name=_("user"),
    )
    round_opened = models.BooleanField(_("a round opens"), default=True)
    round_reminder = models.BooleanField(_("reminder before a round closes, if I have not voted yet"), default=True)
    round_closed = models.BooleanField(_("a round closes, with the turnout"), default=True)
    digest = models.BooleanField(_("weekly summary on Monday morning"), default=False)
    comment = models.BooleanField(_("each new comment in a thread I follow, at once"), default=False)
    region = models.ForeignKey(
        Region,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region I follow"),
    )
    agenda = models.ForeignKey(
        Agenda,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("agenda I follow"),
    )

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self) -> str:
        return str(self.user)

    def wants(self, kind: str) -> bool:
        return getattr(self, kind)


class Visit(models.Model):
    """When someone last looked at the home page, for 'what changed since your last visit'."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    seen_at = models.DateTimeField(_("last seen at"))

    class Meta:
        verbose_name = _("last visit")
        verbose_name_plural = _("last visits")

    def __str__(self) -> str:
        return f"{self.user} · {self.seen_at}"


class Notification(models.Model):
    """One mail to one person about one thing. The unique key makes planning it twice, by
    two runs or two servers at once, keep one row; the claim fields let one sender take it."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, tried again on the next run")
        SKIPPED = "skipped", _("not sent: no longer needed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    key = models.CharField(_("about"), max_length=60, help_text=_("What it is about, e.g. round:4 or week:2026-W49."))
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("content_type", "object_id")
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    claimed_by = models.CharField(_("being sent by"), max_length=64, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("planned at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["state", "claimed_at"], name="notification_due")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient", "key"], name="notification_once"),
            models.CheckConstraint(condition=Q(kind__in=Kind.values), name="notification_kind_valid"),
            models.CheckConstraint(
                condition=Q(state__in=["pending", "sent", "failed", "skipped"]), name="notification_state_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.recipient} · {self.key}"
