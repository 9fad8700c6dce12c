from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritisationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritisation"
    verbose_name = _("Prioritisation rounds")

    def ready(self):
        from prioritisation import demo
        from prioritisation.sections import recommendation_priority_section
        from recommendations.sections import ORDER_PRIORITY, recommendation_section_register
        from seeddata.registry import ORDER_ROUNDS, demo_part_register

        recommendation_section_register(
            name=self.name,
            order=ORDER_PRIORITY,
            template="prioritisation/sections/recommendation_priority.html",
            context=recommendation_priority_section,
        )
        demo_part_register(name=self.name, order=ORDER_ROUNDS, load=demo.demo_load, remove=demo.demo_remove)
