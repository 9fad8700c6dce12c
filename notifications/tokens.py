"""Signed links that stop one kind of mail for one person, without logging in.

They do not expire: a stop link in an old mail must keep working. Only our SECRET_KEY can
make one, and each names exactly one person and one kind of mail."""

from django.contrib.auth import get_user_model
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from notifications.models import Kind

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
LINK_NOT_VALID = _("This link to stop mails is not valid. Change your mails on the page My settings.")


def unsubscribe_token(*, user, kind: str) -> str:
    return signing.dumps([user.pk, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_read(*, token: str) -> tuple[object, str]:
    """The user and kind a stop link names; ValidationError when it was not made by us."""
    try:
        user_pk, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        user = get_user_model().objects.get(pk=user_pk)
    except (signing.BadSignature, ValueError, TypeError, get_user_model().DoesNotExist):
        raise ValidationError(LINK_NOT_VALID) from None
    if kind not in Kind.values:
        raise ValidationError(LINK_NOT_VALID)
    return user, kind
