from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoverageConfig(AppConfig):
    name = "coverage"
    verbose_name = _("Anchoring")

    def ready(self):
        from charts import redraw
        from charts.versions import LINKS
        from coverage import views

        redraw.register(LINKS, views.redraw_dashboard)
