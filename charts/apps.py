from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChartsConfig(AppConfig):
    name = "charts"
    verbose_name = _("Charts")

    def ready(self):
        from charts import versions

        versions.watch_project_models()
