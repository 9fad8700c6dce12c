from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "monitoring"
    verbose_name = _("Progress monitoring")

    def ready(self):
        from charts import redraw
        from charts.versions import MONITORING
        from monitoring import demo, views
        from monitoring.seed import indicators_seed_load
        from seeddata.registry import ORDER_MONITORING, demo_part_register, seed_part_register

        seed_part_register(name=self.name, order=ORDER_MONITORING, load=indicators_seed_load)
        demo_part_register(name=self.name, order=ORDER_MONITORING, load=demo.demo_load, remove=demo.demo_remove)
        redraw.register(MONITORING, views.redraw_dashboard_chart)
