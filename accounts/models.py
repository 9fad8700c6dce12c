from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db import models
from django.utils.formats import date_format
from django.utils.timezone import localtime
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
            ("share_dashboards", _("Can share read-only dashboards with partners through a link")),
        ]
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


def _moment(value) -> str:
    return date_format(localtime(value), "DATETIME_FORMAT") if value else "-"


# django-axes's own records, shown in the admin under Dutch names: axes names them and their
# entries in English ("Attempted Access: 2026-12-01 18:45:09+00:00") and in UTC.
class LoginAttempt(AccessAttempt):
    """The running count of failed logins for a username from an address; deleting it lifts a lockout."""

    class Meta:
        proxy = True
        verbose_name = _("login attempt")
        verbose_name_plural = _("login attempts")

    def __str__(self) -> str:
        return _("%(username)s from %(address)s: %(failures)d failed") % {
            "username": self.username,
            "address": self.ip_address,
            "failures": self.failures_since_start,
        }


class FailedLogin(AccessFailureLog):
    class Meta:
        proxy = True
        verbose_name = _("failed login")
        verbose_name_plural = _("failed logins")

    def __str__(self) -> str:
        text = _("%(username)s from %(address)s on %(moment)s") % {
            "username": self.username,
            "address": self.ip_address,
            "moment": _moment(self.attempt_time),
        }
        return f"{text} ({_('locked out')})" if self.locked_out else text


class SuccessfulLogin(AccessLog):
    class Meta:
        proxy = True
        verbose_name = _("successful login")
        verbose_name_plural = _("successful logins")

    def __str__(self) -> str:
        return _("%(username)s on %(moment)s") % {"username": self.username, "moment": _moment(self.attempt_time)}
