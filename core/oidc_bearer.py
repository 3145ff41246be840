"""OIDC bearer tokens for the API, where Ansattporten (or another OpenID Connect provider) is configured: a system
sends `Authorization: Bearer <JWT>` with an access token the provider issued to one of the portal's users.

The token is a JWT signed by a key in the provider's JWKS (OIDC_BEARER_JWKS_ENDPOINT, fetched over HTTP and cached
by `kid`); its algorithm must be one the operator allows (OIDC_BEARER_ALGORITHMS, asymmetric only), its issuer
OIDC_BEARER_ISSUER, its audience OIDC_BEARER_AUDIENCE; it must not be expired, and its login level (`acr`) must meet
OIDC_MIN_ACR like a login's. It is mapped to the user by its `sub` (never by e-mail): the user who signed in to the
portal with that identity before, still active. The token then sees and does exactly what that user may (the API
asks the same policy). Anything else is refused: the caller gets 401 with a reason, the log a line."""

from __future__ import annotations

import logging
from functools import lru_cache

import jwt
from django.conf import settings

from .models import User
from .oidc import acr_satisfies

logger = logging.getLogger(__name__)
ASYMMETRIC = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA"}


class BearerRefused(Exception):
    """The token is refused; the message is for the log (the caller is told only that it is invalid)."""


def enabled() -> bool:
    return bool(
        getattr(settings, "OIDC_BEARER_JWKS_ENDPOINT", "")
        and getattr(settings, "OIDC_BEARER_ISSUER", "")
        and getattr(settings, "OIDC_BEARER_AUDIENCE", "")
    )


def looks_like_jwt(raw: str) -> bool:
    return raw.count(".") == 2


@lru_cache(maxsize=4)
def _jwks_client(url: str) -> jwt.PyJWKClient:
    return jwt.PyJWKClient(url, cache_keys=True, lifespan=300, timeout=settings.OIDC_TIMEOUT)


def _algorithms() -> list[str]:
    return [a for a in settings.OIDC_BEARER_ALGORITHMS if a in ASYMMETRIC]


def claims_of(raw: str) -> dict:
    """The verified claims of `raw`, or BearerRefused."""
    try:
        header = jwt.get_unverified_header(raw)
        if header.get("alg") not in _algorithms():
            raise BearerRefused(f"algorithm {header.get('alg')!r} is not allowed")
        key = _jwks_client(settings.OIDC_BEARER_JWKS_ENDPOINT).get_signing_key_from_jwt(raw)
        return jwt.decode(
            raw,
            key.key,
            algorithms=_algorithms(),
            audience=settings.OIDC_BEARER_AUDIENCE,
            issuer=settings.OIDC_BEARER_ISSUER,
            leeway=30,
            options={"require": ["iss", "aud", "exp", "sub"]},
        )
    except (jwt.PyJWTError, ValueError) as exc:  # PyJWKClientError is a PyJWTError
        raise BearerRefused(str(exc)) from exc


def bearer_user(raw: str) -> User:
    """The active user the token was issued to, or BearerRefused."""
    claims = claims_of(raw)
    if not acr_satisfies(claims.get("acr")):
        raise BearerRefused("the login level (acr) is below OIDC_MIN_ACR")
    user = User.objects.filter(oidc_sub=str(claims["sub"]), is_active=True).first()
    if user is None:
        raise BearerRefused("no active portal user with this sub")
    return user
