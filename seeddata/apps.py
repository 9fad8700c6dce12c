from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeeddataConfig(AppConfig):
    name = "seeddata"
    verbose_name = _("Seed data")
