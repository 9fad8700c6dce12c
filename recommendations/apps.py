from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecommendationsConfig(AppConfig):
    name = "recommendations"
    verbose_name = _("Recommendations")

    def ready(self):
        from recommendations.seed import recommendations_seed_load
        from seeddata.registry import ORDER_RECOMMENDATIONS, seed_part_register

        seed_part_register(name=self.name, order=ORDER_RECOMMENDATIONS, load=recommendations_seed_load)
