"""Single sign-on through OpenID Connect (Ansattporten / ID-porten), built on mozilla-django-oidc.

- Authorization code flow with PKCE, `state` and `nonce` (settings OIDC_USE_PKCE/OIDC_USE_NONCE; the state, nonce
  and code verifier live in the session, and the callback refuses an unknown state).
- The id_token's signature, issuer (OIDC_OP_ISSUER), audience (OIDC_RP_CLIENT_ID) and expiry are checked; its
  claims are the only source (Ansattporten has no userinfo endpoint).
- Users are keyed on `sub` (User.oidc_sub) and never matched by e-mail; `acr` is recorded on the user and a
  minimum level (OIDC_MIN_ACR within the ordered OIDC_ACR_LEVELS) is enforced.
- The organisation comes from the `reportees` claim (`0192:<orgnr>`) and must be one of ours.
- Logout goes through the provider's end-session endpoint; the provider's front-channel logout ends the
  session that logged in with that `sid`, even without our cookie (iframes do not carry SameSite cookies).
"""

from __future__ import annotations

import hashlib
import logging
from urllib.parse import urlencode, urlsplit

import jwt
import requests
from django.conf import settings
from django.contrib import auth, messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import resolve_url
from django.utils.decorators import method_decorator
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_GET
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from . import audit
from .models import Organisation, OrganisationKind, Role, User

logger = logging.getLogger(__name__)

ORGNR_SCHEME = "0192"  # ISO 6523 ICD of the Norwegian Enhetsregisteret
SID_CACHE_PREFIX = "oidc-sid:"


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


def acr_satisfies(acr: str | None) -> bool:
    """True when `acr` is at least OIDC_MIN_ACR in the ordered OIDC_ACR_LEVELS (always true without a minimum)."""
    minimum = settings.OIDC_MIN_ACR
    if not minimum:
        return True
    levels = list(settings.OIDC_ACR_LEVELS)
    if acr not in levels or minimum not in levels:
        return False
    return levels.index(acr) >= levels.index(minimum)


def reportee_orgnrs(claims: dict) -> list[str]:
    """Organisation numbers from `reportees` (top level or inside `authorization_details`), in claim order.
    Entries may be strings (`0192:<orgnr>`) or objects with an `ID` (Ansattporten's authorization details)."""
    entries = list(claims.get("reportees") or [])
    for detail in claims.get("authorization_details") or []:
        if isinstance(detail, dict):
            entries += detail.get("reportees") or []
    orgnrs = []
    for entry in entries:
        value = entry.get("ID") or entry.get("id") if isinstance(entry, dict) else entry
        if isinstance(value, str) and value.startswith(f"{ORGNR_SCHEME}:"):
            orgnrs.append(value.split(":", 1)[1].strip())
    return orgnrs


def organisation_for(claims: dict) -> Organisation | None:
    orgnrs = [n for n in reportee_orgnrs(claims) if n.isdigit()]
    found = {o.orgnr: o for o in Organisation.objects.filter(orgnr__in=orgnrs)}
    return next((found[n] for n in orgnrs if n in found), None)


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """Claims from the verified id_token only; users keyed on `sub`; acr and organisation enforced."""

    def authenticate(self, request, **kwargs):
        # Only the callback view calls with a nonce; never let the password login exchange a stray `code`.
        if not enabled() or (settings.OIDC_USE_NONCE and not kwargs.get("nonce")):
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (SuspiciousOperation, requests.RequestException) as exc:  # bad token, issuer, audience, code …
            logger.warning("OIDC login refused: %s", exc)
            return None

    def _verify_jws(self, payload, key):
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("Unexpected id_token algorithm.")
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_OP_ISSUER,
                options={"require": ["iss", "aud", "exp", "iat", "sub"]},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"id_token refused: {exc}") from exc

    def retrieve_matching_jwk(self, token):
        """The provider's key by `kid`; a token without `kid` is accepted only when the JWKS holds one key."""
        if "kid" in jwt.get_unverified_header(token):
            return super().retrieve_matching_jwk(token)
        keys = requests.get(self.OIDC_OP_JWKS_ENDPOINT, timeout=settings.OIDC_TIMEOUT).json().get("keys", [])
        if len(keys) != 1:
            raise SuspiciousOperation("id_token without kid and several provider keys.")
        return jwt.PyJWK(keys[0])

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        audiences = payload["aud"] if isinstance(payload["aud"], list) else [payload["aud"]]
        if len(audiences) > 1 and payload.get("azp") != self.OIDC_RP_CLIENT_ID:
            raise SuspiciousOperation("id_token authorised party is not this client.")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        return payload  # the verified id_token claims; no userinfo endpoint

    def verify_claims(self, claims):
        if not claims.get("sub"):
            return False
        if not acr_satisfies(claims.get("acr")):
            self._refuse(_("Your login does not have a high enough security level. Log in again with a higher level."))
            return False
        if organisation_for(claims) is None:
            self._refuse(_("Your organisation does not have access to the portal. Contact the portfolio office."))
            return False
        return True

    def _refuse(self, message: str) -> None:
        if getattr(self, "request", None) is not None:
            messages.error(self.request, message)

    def filter_users_by_claims(self, claims):
        return User.objects.filter(oidc_sub=claims["sub"])  # never by e-mail

    def create_user(self, claims):
        organisation = organisation_for(claims)
        role = Role.MINISTRY_OFFICIAL if organisation.kind == OrganisationKind.MINISTRY else Role.AGENCY_STAFF
        digest = hashlib.sha256(f"{settings.OIDC_OP_ISSUER}|{claims['sub']}".encode()).hexdigest()[:24]
        user = User(username=f"oidc-{digest}", oidc_sub=claims["sub"], organisation=organisation, role=role)
        user.set_unusable_password()
        self._copy_claims(user, claims)
        with transaction.atomic():
            user.save()
            changes = {"source": "oidc", "organisation": organisation, "role": role, "acr": user.oidc_acr}
            audit.record(actor=user, action="core.user.created", obj=user, changes=changes)
        return user

    def update_user(self, user, claims):
        before = audit.snapshot(user, ["organisation"])
        user.organisation = organisation_for(claims)
        self._copy_claims(user, claims)
        with transaction.atomic():
            user.save(update_fields=["organisation", "oidc_acr", "first_name", "last_name", "email"])
            changes = audit.diff(before, audit.snapshot(user, ["organisation"]))
            if changes:  # the reportees claim moved the user to another organisation
                audit.record(actor=user, action="core.user.organisation_changed", obj=user, changes=changes)
        return user

    def _copy_claims(self, user: User, claims: dict) -> None:
        user.oidc_acr = str(claims.get("acr") or "")[:64]
        user.first_name = str(claims.get("given_name") or user.first_name)[:150]
        user.last_name = str(claims.get("family_name") or user.last_name)[:150]
        user.email = str(claims.get("email") or user.email)[:254]
        if not (claims.get("given_name") or claims.get("family_name")) and claims.get("name"):
            user.first_name = str(claims["name"])[:150]

    def store_tokens(self, access_token, id_token):
        super().store_tokens(access_token, id_token)
        sid = jwt.decode(id_token, options={"verify_signature": False}).get("sid") if id_token else None
        if sid:
            self.request.session["oidc_sid"] = sid


@method_decorator(login_not_required, name="dispatch")
class LoginStartView(OIDCAuthenticationRequestView):
    """Redirects to the provider's authorization endpoint (state, nonce and PKCE challenge in the session)."""

    def dispatch(self, request, *args, **kwargs):
        if not enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_extra_params(self, request):
        params = dict(super().get_extra_params(request))
        if settings.OIDC_MIN_ACR:
            params.setdefault("acr_values", settings.OIDC_MIN_ACR)
        params.setdefault("ui_locales", request.LANGUAGE_CODE)
        return params


@method_decorator(login_not_required, name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's redirect back; on success the session remembers the `sid` for front-channel logout."""

    def dispatch(self, request, *args, **kwargs):
        if not enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @property
    def failure_url(self):
        return resolve_url(settings.LOGIN_URL)

    def login_failure(self):
        if not messages.get_messages(self.request):
            messages.error(
                self.request,
                _("The login with %(provider)s failed. Try again.") % {"provider": settings.OIDC_PROVIDER_NAME},
            )
        return super().login_failure()

    def login_success(self):
        response = super().login_success()
        sid = self.request.session.get("oidc_sid")
        if sid and self.request.session.session_key:
            cache.set(SID_CACHE_PREFIX + sid, self.request.session.session_key, settings.SESSION_ABSOLUTE_TIMEOUT)
        return response


def end_session_url(request: HttpRequest) -> str | None:
    """The provider's end-session URL for a user who logged in through it, else None."""
    id_token = request.session.get("oidc_id_token")
    if not (enabled() and id_token and settings.OIDC_OP_LOGOUT_ENDPOINT):
        return None
    query = {
        "id_token_hint": id_token,
        "client_id": settings.OIDC_RP_CLIENT_ID,
        "post_logout_redirect_uri": request.build_absolute_uri(resolve_url(settings.LOGOUT_REDIRECT_URL)),
    }
    return f"{settings.OIDC_OP_LOGOUT_ENDPOINT}?{urlencode(query)}"


def _session_store(session_key: str) -> SessionBase:
    return import_string(f"{settings.SESSION_ENGINE}.SessionStore")(session_key=session_key)


@require_GET
@login_not_required
@never_cache
@xframe_options_exempt  # the provider loads this URL in a hidden iframe
def frontchannel_logout(request: HttpRequest) -> HttpResponse:
    """OIDC front-channel logout: `?iss=...&sid=...` ends the session that logged in with that sid."""
    if not enabled():
        raise Http404
    iss, sid = request.GET.get("iss", ""), request.GET.get("sid", "")
    if iss and iss != settings.OIDC_OP_ISSUER:
        return HttpResponse(status=400)
    if sid:
        session_key = cache.get(SID_CACHE_PREFIX + sid)
        if session_key:
            _session_store(session_key).delete()
            cache.delete(SID_CACHE_PREFIX + sid)
    if request.user.is_authenticated and (not sid or request.session.get("oidc_sid") == sid):
        auth.logout(request)
    response = HttpResponse(b"", content_type="text/plain")
    issuer = urlsplit(settings.OIDC_OP_ISSUER)
    if issuer.scheme and issuer.netloc:
        response["Content-Security-Policy"] = f"frame-ancestors {issuer.scheme}://{issuer.netloc}"
    return response
