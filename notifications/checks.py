"""A deployment check: mails sent outside a request link to SITE_URL, which must be the real address."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.checks import Tags, Warning, register

LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


@register(Tags.compatibility, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    if settings.EMAIL_HOST and urlsplit(settings.SITE_URL).hostname in LOCAL_HOSTS:
        return [
            Warning(
                f"SITE_URL is {settings.SITE_URL}: the links in notification mails would point at this machine.",
                hint="Set SITE_URL to the address people open, e.g. https://monitor.example.nl.",
                id="notifications.W001",
            )
        ]
    return []
