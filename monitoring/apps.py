from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Progress monitoring")

    def ready(self):
        from charts import redraw
        from charts.versions import MONITORING
        from monitoring import views

        redraw.register(MONITORING, views.redraw_dashboard_chart)
