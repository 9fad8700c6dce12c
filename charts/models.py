import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row per data area whose token changes with every transaction that writes the data
    of that area (see charts.versions).

    Rendered charts and dashboard parts are cached under these tokens, and chart URLs name
    them, so serving a chart costs one indexed read instead of re-running the queries behind
    it. A random token rather than a counter: after restoring a backup, a counter could return
    to a value that already names charts of other data."""

    class Area(models.TextChoices):
        LINKS = "links", _("links and goals")
        ROUNDS = "rounds", _("rounds and ballots")
        MONITORING = "monitoring", _("monitoring")

    area = models.CharField(_("data area"), max_length=20, choices=Area.choices, unique=True)
    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("chart data version")
        verbose_name_plural = _("chart data versions")

    def __str__(self) -> str:
        return f"{self.area}: {self.token}"
