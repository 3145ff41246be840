"""The second factor's pages (core.second_factor): the code step after the password, setting up the app, the backup
codes shown once, and the account's second-factor page."""

from __future__ import annotations

from urllib.parse import urlencode

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from . import second_factor
from .forms import CleanTextMixin


class CodeForm(CleanTextMixin, forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        help_text=gettext_lazy("Six digits from your authenticator app. The code changes every 30 seconds."),
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "none",
                "spellcheck": "false",
                "size": "10",
            }  # fmt: skip
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError(_("Type the six digits the app shows."), code="format")
        return code


class BackupCodeForm(CleanTextMixin, forms.Form):
    backup_code = forms.CharField(
        label=gettext_lazy("Backup code"),
        help_text=gettext_lazy("One of the backup codes you saved when you set up the app. Each works once."),
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false", "size": "12"}
        ),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse(settings.LOGIN_REDIRECT_URL)


def _with_next(name: str, next_url: str, **params) -> str:
    return f"{reverse(name)}?{urlencode({**params, 'next': next_url})}"


def _locked(request: HttpRequest) -> HttpResponse | None:
    """The client address locked by django-axes (too many failed sign-ins, codes included): its lockout page."""
    credentials = {"username": request.user.get_username()}
    if AxesProxyHandler.is_allowed(request, credentials):
        return None
    return get_lockout_response(request, credentials)


def _wrong(form: forms.Form, field: str) -> None:
    form.add_error(field, _("The code is wrong, or it has been used already. Try the newest code."))


def _slow_down(form: forms.Form, field: str, seconds: int) -> None:
    form.add_error(field, _("Too many wrong codes. Wait %(seconds)s seconds and try again.") % {"seconds": seconds})


@second_factor.step
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    """After the password: a code from the app, or a backup code. Wrong codes slow down and lock like passwords."""
    if not second_factor.applies_to(request.user) or second_factor.is_verified(request):
        return redirect(_next(request))
    if second_factor.app_device(request.user) is None:
        return redirect(_with_next("second_factor_setup", _next(request)))
    backup = request.POST.get("kind") == "backup" or request.GET.get("kind") == "backup"
    form_class, field = (BackupCodeForm, "backup_code") if backup else (CodeForm, "code")
    form, status = form_class(), 200
    if request.method == "POST":
        locked = _locked(request)
        if locked is not None:
            return locked
        form = form_class(request.POST)
        wait = second_factor.wait_seconds(request)
        if form.is_valid() and wait:
            _slow_down(form, field, wait)
            status = 429
        elif form.is_valid():
            if second_factor.verify(request, form.cleaned_data[field], backup=backup):
                left = second_factor.backup_codes_left(request.user)
                if backup:
                    messages.warning(
                        request,
                        _("You signed in with a backup code. %(count)s are left: make new ones on your account page.")
                        % {"count": left},
                    )
                return redirect(_next(request))
            locked = _locked(request)
            if locked is not None:
                return locked
            _wrong(form, field)
            status = 422
        else:
            status = 422
    context = {"form": form, "backup": backup, "next": _next(request)}
    return render(request, "registration/second_factor_verify.html", context, status=status)


@second_factor.step
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    """Set up the app (QR code, or the secret typed in) and confirm it with a code; afterwards, the account's
    second-factor page (backup codes left, make new ones)."""
    user = request.user
    if not second_factor.applies_to(user):
        return redirect(_next(request))
    if second_factor.app_device(user) is not None:
        if not second_factor.is_verified(request):
            return redirect(_with_next("second_factor_verify", _next(request)))
        context = {"left": second_factor.backup_codes_left(user), "device": second_factor.app_device(user)}
        return render(request, "core/second_factor_status.html", context)
    device = second_factor.enrolment_device(user)
    form, status = CodeForm(), 200
    if request.method == "POST":
        locked = _locked(request)
        if locked is not None:
            return locked
        form = CodeForm(request.POST)
        wait = second_factor.wait_seconds(request)
        if form.is_valid() and wait:
            _slow_down(form, "code", wait)
            status = 429
        elif form.is_valid():
            codes = second_factor.confirm_enrolment(request, device, form.cleaned_data["code"])
            if codes is not None:
                request.session[second_factor.SESSION_NEW_CODES] = codes
                messages.success(request, _("The app is set up. From now on you sign in with a code from it."))
                return redirect(_with_next("second_factor_backup_codes", _next(request)))
            locked = _locked(request)
            if locked is not None:
                return locked
            _wrong(form, "code")
            status = 422
        else:
            status = 422
    context = {
        "form": form,
        "qr": second_factor.qr_svg(device),
        "secret": second_factor.secret_text(device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "next": _next(request),
    }
    return render(request, "core/second_factor_setup.html", context, status=status)


@require_POST
def backup_codes_renew(request: HttpRequest) -> HttpResponse:
    """A verified session makes a new set of backup codes (the old ones stop working); shown once on the next page."""
    if not second_factor.applies_to(request.user) or second_factor.app_device(request.user) is None:
        return redirect("second_factor_setup")
    request.session[second_factor.SESSION_NEW_CODES] = second_factor.renew_backup_codes(request)
    messages.success(request, _("New backup codes made. The old ones no longer work."))
    return redirect(_with_next("second_factor_backup_codes", reverse("second_factor_setup")))


@require_http_methods(["GET"])
def backup_codes(request: HttpRequest) -> HttpResponse:
    """The backup codes just made, shown this once (they are taken out of the session as the page is built)."""
    codes = request.session.pop(second_factor.SESSION_NEW_CODES, None)
    if not codes:
        messages.info(request, _("Backup codes are shown only once. Make new ones if you have lost them."))
        return redirect("second_factor_setup")
    return render(request, "core/second_factor_backup_codes.html", {"codes": codes, "next": _next(request)})
