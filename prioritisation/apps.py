from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritisationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "prioritisation"
    verbose_name = _("Prioritisation rounds")

    def ready(self):
        from accounts import roles
        from accounts.invitations import invitation_extra_register
        from prioritisation import demo
        from prioritisation.forms import invitation_round_fields
        from prioritisation.sections import recommendation_priority_section
        from prioritisation.services import NEEDS_PROGRAMME_TEAM, invitation_rounds_apply
        from recommendations.sections import ORDER_PRIORITY, recommendation_section_register
        from seeddata.registry import ORDER_ROUNDS, demo_part_register

        recommendation_section_register(
            name=self.name,
            order=ORDER_PRIORITY,
            template="prioritisation/sections/recommendation_priority.html",
            context=recommendation_priority_section,
        )
        demo_part_register(name=self.name, order=ORDER_ROUNDS, load=demo.demo_load, remove=demo.demo_remove)
        invitation_extra_register(
            name=self.name,
            title=_("Rounds"),
            fields=invitation_round_fields,
            apply=invitation_rounds_apply,
            capability=roles.VOTE,
            capability_missing=NEEDS_PROGRAMME_TEAM,
        )
