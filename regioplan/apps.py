from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegioplanConfig(AppConfig):
    name = "regioplan"
    verbose_name = _("Regions and regional plans")

    def ready(self):
        from regioplan.seed import regions_seed_load
        from seeddata.registry import ORDER_REGIONS, seed_part_register

        seed_part_register(name=self.name, order=ORDER_REGIONS, load=regions_seed_load)
