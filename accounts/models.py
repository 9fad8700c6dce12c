from django.db import models
from django.utils.translation import gettext_lazy as _


class Capability(models.Model):
    """Carries the permissions that the roles grant; it has no table and no rows.

    Access is checked against these permissions, never against a group's name, so an
    administrator can rename a role, or grant one capability to a single person, in the admin."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("vote", _("Can vote in prioritisation rounds")),
            ("edit_agendas", _("Can maintain agendas and link goals to recommendations")),
            ("read_dashboards", _("Can read the dashboards and export")),
            ("make_reports", _("Can make the report for the governance meeting")),
        ]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
