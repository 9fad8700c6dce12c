"""Reads for personal API tokens."""

from django.db.models import Count, QuerySet

from api.models import ApiToken
from api.services import KEY_PREFIX, key_hash


def api_token_list(*, user) -> QuerySet[ApiToken]:
    """The user's tokens, newest first, each with how often it was used."""
    return ApiToken.objects.filter(user=user).annotate(use_count=Count("uses"))


def api_token_for_key(*, key: str) -> ApiToken | None:
    """The token with this key, revoked or not, with its owner; None for an unknown key."""
    if not key.startswith(KEY_PREFIX):
        return None
    return ApiToken.objects.select_related("user").filter(key_hash=key_hash(key)).first()
