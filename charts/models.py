import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """One row whose token changes with every write to the data that charts show.

    Rendered charts are cached under this token, so serving one from the cache costs one
    indexed read instead of re-running the queries behind the chart. A random token rather
    than a counter: after restoring a backup, a counter could return to a value that
    already names charts of other data."""

    token = models.UUIDField(default=uuid.uuid4)

    class Meta:
        verbose_name = _("chart data version")
        verbose_name_plural = _("chart data versions")

    def __str__(self) -> str:
        return str(self.token)
