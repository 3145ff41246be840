"""`Authorization: Bearer <token>` with a per-user API token (api.models.ApiToken), or, where an OpenID Connect
provider is configured for the API (core.oidc_bearer), with a JWT access token the provider issued to a user."""

from __future__ import annotations

import logging

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from core import oidc_bearer

from .services import token_user

logger = logging.getLogger(__name__)


class TokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        parts = authentication.get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header: give one token after “Bearer”."))
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError as e:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from e
        if oidc_bearer.looks_like_jwt(raw):
            return self._oidc(raw)
        token = token_user(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        return token.user, token

    def _oidc(self, raw: str):
        if not oidc_bearer.enabled():
            raise exceptions.AuthenticationFailed(_("Invalid or revoked token."))
        try:
            user = oidc_bearer.bearer_user(raw)
        except oidc_bearer.BearerRefused as e:
            logger.info("OIDC bearer token refused: %s", e)
            raise exceptions.AuthenticationFailed(
                _("The token from the login provider is not valid here (expired, for another service, or no user).")
            ) from e
        return user, None

    def authenticate_header(self, request) -> str:
        return self.keyword
