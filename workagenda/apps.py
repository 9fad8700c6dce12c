from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkagendaConfig(AppConfig):
    name = "workagenda"
    verbose_name = _("Work agendas")

    def ready(self):
        from recommendations.sections import ORDER_LINKED_GOALS, recommendation_section_register
        from seeddata.registry import ORDER_AGENDAS, demo_part_register, seed_part_register
        from workagenda import demo
        from workagenda.sections import recommendation_goals_section
        from workagenda.seed import agendas_seed_load

        seed_part_register(name=self.name, order=ORDER_AGENDAS, load=agendas_seed_load)
        demo_part_register(name=self.name, order=ORDER_AGENDAS, load=demo.demo_load, remove=demo.demo_remove)
        recommendation_section_register(
            name=self.name,
            order=ORDER_LINKED_GOALS,
            template="workagenda/sections/recommendation_goals.html",
            context=recommendation_goals_section,
        )
