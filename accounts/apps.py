from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts and roles")
    # This module also holds LockoutsConfig: Django must know which one is the accounts app's own.
    default = True


class LockoutsConfig(AxesConfig):
    """django-axes under a Dutch name in the admin: it names itself only by its label, "Axes"."""

    verbose_name = _("Login lockouts")
