from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkagendaConfig(AppConfig):
    name = "workagenda"
    verbose_name = _("Work agendas")
