"""Writes for personal API tokens: making, revoking and recording their use."""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from api.models import ApiToken, ApiTokenUse

KEY_PREFIX = "gm_"
TOKEN_NAME_REQUIRED = _("Give the token a name, so you know later what it is for.")
TOKEN_NOT_YOURS = _("You can only revoke your own tokens.")
TOKEN_ALREADY_REVOKED = _("This token was already revoked.")


def key_hash(key: str) -> str:
    """Keys are long random strings, so one fast hash suffices: there is nothing to guess."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token and its key; the key is returned this once and never stored."""
    name = name.strip()
    if not name:
        raise ValidationError({"name": TOKEN_NAME_REQUIRED})
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, key_hash=key_hash(key), key_start=key[:10])
    token.full_clean()
    token.save()
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user) -> ApiToken:
    if token.user_id != user.pk:
        raise PermissionDenied(TOKEN_NOT_YOURS)
    if token.revoked_at is not None:
        raise ValidationError(TOKEN_ALREADY_REVOKED)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token


def api_token_use_record(*, token: ApiToken, method: str, path: str) -> None:
    """Log one request: two statements, whatever the number of earlier uses."""
    now = timezone.now()
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    ApiTokenUse.objects.create(token=token, method=method[:10], path=path[:500])
    token.last_used_at = now
