"""One-time, expiring invitation links, built on Django's password-reset tokens.

A token hashes the user's password field and last login, so it stops working once the
invited person has chosen a password, and every new invitation (which replaces the
unusable password) makes the earlier links void."""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    # Its own salt: a password-reset token does not open an invitation, nor the reverse.
    key_salt = "accounts.tokens.InvitationTokenGenerator"


invitation_token_generator = InvitationTokenGenerator()


def invitation_link(*, user, base_url: str) -> str:
    """The absolute link the invited person opens; base_url is scheme and host."""
    path = reverse(
        "invitation",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": invitation_token_generator.make_token(user),
        },
    )
    return base_url.rstrip("/") + path


def invitation_expiry() -> datetime:
    """When a link made now stops working."""
    return timezone.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
