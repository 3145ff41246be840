"""A second factor for the accounts that can do most: a code from an authenticator app (TOTP, RFC 6238) with
static backup codes, on django-otp's devices.

- Who: administrators (whoever may open the admin site) and every account with office rights
  (`core.access.is_office`), when they sign in with a local account (`settings.OTP_REQUIRED`, on in production).
  A session that signed in through the identity provider with a required level (`OIDC_MIN_ACR`) has the provider's
  second factor; the admin site still wants an OTP-verified session from everyone (`core.admin_site`).
- How: after the password, `SecondFactorMiddleware` sends such a session to the code step (`verify`) or, the first
  time, to the enrolment page (a QR code and the secret as text); nothing else answers until the session is
  verified (django-otp's `OTPMiddleware` reads the device from the session on every request, so a device that is
  reset stops its sessions at once).
- Wrong codes: each is a failed sign-in for django-axes (the client address is locked after `AXES_FAILURE_LIMIT`,
  the account slowed down by `core.login_guard`), and the device itself doubles its wait after each wrong code
  (django-otp's throttling, kept on the device: signing in again does not reset it). A code is accepted once:
  a TOTP code of an earlier or the same time step as the last accepted one is refused (django-otp's `last_t`),
  and a backup code is deleted when used.
- An administrator resets a user's devices (`reset`, audited); the user enrols again at the next sign-in.
"""

from __future__ import annotations

import base64
from urllib.parse import urlencode

import django_otp
import segno
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import access, audit, login_guard

BACKUP_CODE_COUNT = 10
SESSION_NEW_CODES = "second_factor_new_codes"  # shown once, on the next page, then removed from the session
OIDC_BACKEND = "core.oidc.PortalOIDCBackend"
TOTP_NAME = "app"
STATIC_NAME = "backup"


def applies_to(user) -> bool:
    """Whether the account is one that needs a second factor (administrators and office rights)."""
    return bool(getattr(user, "is_authenticated", False) and (user.is_staff or access.is_office(user)))


def required(request, *, admin: bool = False) -> bool:
    """Whether this session must be verified by a second factor before it may go on (`admin`: the admin site,
    which wants it from everyone who may open it)."""
    user = request.user
    if not settings.OTP_REQUIRED or not applies_to(user):
        return False
    if admin:
        return True
    return not (request.session.get(BACKEND_SESSION_KEY) == OIDC_BACKEND and settings.OIDC_MIN_ACR)


def is_verified(request) -> bool:
    verified = getattr(request.user, "is_verified", None)
    return bool(verified and verified())


def app_device(user, *, confirmed: bool | None = True) -> TOTPDevice | None:
    queryset = TOTPDevice.objects.filter(user=user)
    if confirmed is not None:
        queryset = queryset.filter(confirmed=confirmed)
    return queryset.order_by("pk").first()


def backup_device(user) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def backup_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# ---- enrolment ----------------------------------------------------------------------------------------------------


def enrolment_device(user) -> TOTPDevice:
    """The device being set up: the same secret on every reload of the page until it is confirmed."""
    return app_device(user, confirmed=False) or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed in (base32, in groups of four)."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code, with its text alternative."""
    code = segno.make(device.config_url, error="m")
    svg = code.svg_inline(scale=4, border=4, dark="#000", light="#fff", title=_("QR code for the authenticator app"))
    return svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)


@transaction.atomic
def confirm_enrolment(request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device being set up with a code from the app: the device is confirmed, the session verified, a
    new set of backup codes made (returned, to be shown once) and the enrolment audited. None for a wrong code."""
    user = request.user
    device = TOTPDevice.objects.select_for_update().filter(pk=device.pk, user=user, confirmed=False).first()
    if device is None or not device.verify_token(token):
        _failed(request)
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()  # one app per account
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    audit.record(actor=user, action="core.user.second_factor_enrolled", obj=user, changes={"backup_codes": len(codes)})
    _verified(request, device)
    return codes


@transaction.atomic
def renew_backup_codes(request) -> list[str]:
    """A verified session makes a new set of backup codes (the old ones stop working), audited."""
    user = request.user
    codes = _new_backup_codes(user)
    audit.record(actor=user, action="core.user.backup_codes_renewed", obj=user, changes={"backup_codes": len(codes)})
    return codes


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=STATIC_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


# ---- the code step at sign-in -------------------------------------------------------------------------------------


def wait_seconds(request) -> int:
    """Seconds before the next code may be tried: the account's slowdown (`core.login_guard`) and the devices' own
    doubling wait after wrong codes."""
    user = request.user
    devices = [d for d in (app_device(user), backup_device(user)) if d is not None]
    return max(login_guard.account_wait_seconds(user.get_username()), login_guard.device_wait_seconds(devices))


def verify(request, token: str, *, backup: bool = False):
    """Check a code from the app (or, with `backup`, a backup code) against the user's device; on success the
    session is verified and the device returned. A wrong, used or replayed code counts as a failed sign-in."""
    user = request.user
    token = "".join(token.split()).lower()
    device = backup_device(user) if backup else app_device(user)
    verified = device is not None and django_otp.verify_token(user, device.persistent_id, token)
    if not verified:
        _failed(request)
        return None
    _verified(request, verified)
    return verified


def _verified(request, device) -> None:
    request.session.cycle_key()  # a new session key for the stronger session
    django_otp.login(request, device)


def _failed(request) -> None:
    """A wrong code is a failed sign-in for django-axes: it locks the client address after AXES_FAILURE_LIMIT and
    slows the account down (core.login_guard)."""
    user_login_failed.send(sender=__name__, credentials={"username": request.user.get_username()}, request=request)


# ---- administrators -----------------------------------------------------------------------------------------------


@transaction.atomic
def reset(*, user, by) -> None:
    """Remove a user's app and backup codes (a lost phone): their sessions stop at once and they set up a new app
    at the next sign-in. Administrators only, never their own (`core.rules`); audited."""
    access.require(by, "reset_second_factor", user)
    removed = {
        "app": TOTPDevice.objects.filter(user=user, confirmed=True).count(),
        "backup_codes": StaticToken.objects.filter(device__user=user).count(),
    }
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(actor=by, action="core.user.second_factor_reset", obj=user, changes=removed)


# ---- the middleware that asks for it ------------------------------------------------------------------------------


class SecondFactorMiddleware:
    """After django-otp's OTPMiddleware: a session that must be verified (`required`) and is not is sent to the code
    step, or to the enrolment page when the account has no app yet, with the page it asked for as `next`. Public
    views (`login_not_required`: the API, the accessibility statement …) see it as anonymous; the steps themselves
    (`step`) and logout see the user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "second_factor_step", False):
            return None
        admin = request.path_info.startswith(settings.ADMIN_PATH_PREFIX)
        if not required(request, admin=admin) or is_verified(request):
            return None
        if not getattr(view_func, "login_required", True):
            request.user = AnonymousUser()  # a public view (the API's session login too) sees no one until verified
            return None
        name = "second_factor_verify" if app_device(request.user) else "second_factor_setup"
        url = f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}"
        return HttpResponseClientRedirect(url) if request.htmx else HttpResponseRedirect(url)


def step(view):
    """Marks a view of the second-factor steps themselves (the middleware lets an unverified session reach it)."""
    view.second_factor_step = True
    return view
