"""Writes to user accounts: invitations, lifting a lockout and clearing expired lockout counts."""

import logging
from dataclasses import dataclass
from datetime import datetime
from smtplib import SMTPException

from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.invitations import invitation_extras
from accounts.tokens import invitation_expiry, invitation_link

logger = logging.getLogger(__name__)

ALREADY_ACCEPTED = _(
    "This user has already chosen a password. Someone who forgot it uses 'Forgot your password?' on the login page."
)
NO_MAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"


@dataclass(frozen=True)
class Invitation:
    link: str
    expires_at: datetime
    emailed: bool


def user_invite(*, user, base_url: str) -> Invitation:
    """Make a fresh invitation link (voiding earlier ones) and mail it where mail is set up."""
    if user.has_usable_password():
        raise ValidationError(ALREADY_ACCEPTED, code="already_accepted")
    user.set_unusable_password()
    user.full_clean()
    user.save(update_fields=["password"])
    link = invitation_link(user=user, base_url=base_url)
    expires_at = invitation_expiry()
    emailed = _invitation_mail(user=user, link=link, expires_at=expires_at)
    return Invitation(link=link, expires_at=expires_at, emailed=emailed)


def invitation_extras_apply(*, user, data: dict) -> None:
    """Write what the administrator chose in the fields other apps add to the invitation form.
    Called within the invitation's transaction, after the new user and their roles are saved."""
    for extra in invitation_extras():
        extra.apply(user=user, data=data)


def _invitation_mail(*, user, link: str, expires_at: datetime) -> bool:
    if not user.email or settings.EMAIL_BACKEND == NO_MAIL_BACKEND:
        return False
    context = {"user": user, "link": link, "expires_at": expires_at}
    try:
        send_mail(
            subject=render_to_string("accounts/invitation_subject.txt", context).strip(),
            message=render_to_string("accounts/invitation_email.txt", context),
            from_email=None,
            recipient_list=[user.email],
        )
    except (SMTPException, OSError):
        # The administrator still sees the link and can pass it on; the mail server's
        # trouble must not lose the new account.
        logger.exception("Could not mail the invitation for user %s", user.pk)
        return False
    return True


def user_unlock(*, username: str) -> None:
    """Lift a login lockout, e.g. once the person has proved who they are by resetting their password."""
    axes_reset(username=username)


def login_attempts_clean_expired() -> int:
    """Delete the failed-login counts older than the cool-off time: they no longer lock anyone out."""
    threshold = timezone.now() - settings.AXES_COOLOFF_TIME
    count, _by_model = AccessAttempt.objects.filter(attempt_time__lte=threshold).delete()
    return count
