from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    """A personal key other tools use to read the API in their owner's name.

    Only a hash of the key is stored: the key itself is shown once, when it is made."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("For example: Power BI coverage report."))
    key_hash = models.CharField(_("key hash"), max_length=64, unique=True, editable=False)
    key_start = models.CharField(
        _("key starts with"), max_length=12, editable=False, help_text=_("To recognise the key.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [models.CheckConstraint(condition=~Q(name=""), name="api_token_name_not_empty")]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_start}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class ApiTokenUse(models.Model):
    """One request made with a token: the trail an owner or administrator reads back."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="uses", verbose_name=_("API token"))
    used_at = models.DateTimeField(_("used at"), auto_now_add=True)
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(_("path"), max_length=500)

    class Meta:
        ordering = ["-used_at", "-pk"]
        verbose_name = _("use of an API token")
        verbose_name_plural = _("uses of API tokens")
        indexes = [models.Index(fields=["token", "-used_at"], name="api_token_use_latest")]

    def __str__(self) -> str:
        return f"{self.token} · {self.method} {self.path}"
