from django.db import models
from django.utils.translation import gettext_lazy as _


class SeedRecord(models.Model):
    """What the seed loader last wrote for one object.

    Comparing an object with its record tells whether users changed it since,
    in which case the loader leaves it alone; a record without its object means
    users deleted it, and the loader does not bring it back."""

    model = models.CharField(_("model"), max_length=100)
    natural_key = models.CharField(_("key"), max_length=300)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now=True)

    class Meta:
        verbose_name = _("seed record")
        verbose_name_plural = _("seed records")
        constraints = [
            models.UniqueConstraint(fields=["model", "natural_key"], name="seed_record_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.model} {self.natural_key}"


class DemoDataset(models.Model):
    """Present while the illustrative demo data (invented ballots and links) is loaded.

    Every page shows a banner while it exists, so nobody mistakes the demo for real data."""

    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("demo dataset")
        verbose_name_plural = _("demo datasets")

    def __str__(self) -> str:
        return str(_("Demo data loaded at %(moment)s") % {"moment": self.loaded_at})
