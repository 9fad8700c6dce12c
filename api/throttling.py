"""Limits how often one token (or one logged-in user) may call the API."""

from rest_framework.throttling import SimpleRateThrottle


class TokenRateThrottle(SimpleRateThrottle):
    """Counted per token, so one busy report cannot use up its owner's other tokens;
    browsing the API while logged in counts per user."""

    scope = "token"

    def get_cache_key(self, request, view) -> str:
        ident = f"token-{request.auth.pk}" if request.auth is not None else f"user-{request.user.pk}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
