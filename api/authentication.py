"""Lets other tools read the API with a personal token instead of a login session."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.selectors import api_token_for_key
from api.services import api_token_use_record

TOKEN_INVALID = _("This API token is unknown or has been revoked. Make a new one on 'My settings'.")
OWNER_INACTIVE = _("The owner of this API token no longer has access.")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer <key>` (or `Token <key>`): the request acts as the token's owner,
    with the owner's roles, so a token never sees more than its owner."""

    keywords = ("bearer", "token")

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].decode("latin-1").lower() not in self.keywords:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID)
        token = api_token_for_key(key=parts[1].decode("latin-1"))
        if token is None or not token.is_active:
            raise exceptions.AuthenticationFailed(TOKEN_INVALID)
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(OWNER_INACTIVE)
        api_token_use_record(token=token, method=request.method, path=request.get_full_path())
        return token.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):
    """Tells the OpenAPI schema (and the documentation's Authorize button) how tokens are sent."""

    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema) -> dict:
        return {"type": "http", "scheme": "bearer", "description": "A personal API token from 'API tokens'."}
