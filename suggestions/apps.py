from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "suggestions"
    verbose_name = _("Suggested links")

    def ready(self):
        # The grid and the goal page live in workagenda, below this app: they show
        # suggestions through the sections this app registers with them.
        from suggestions import sections

        sections.register()
