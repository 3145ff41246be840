"""The signed-in user loaded once per request, session lifetime (idle 30 min, absolute 120 min by default), refusal of
NUL bytes in request data, and `Cache-Control: no-store` on signed-in pages and downloads."""

import time

from django.conf import settings
from django.contrib.auth import get_user, logout
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .access import NotNow, not_now_message


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's AuthenticationMiddleware, with `request.user` the user itself when the view runs, not a lazy object.

    Every view reads the user (LoginRequiredMiddleware asks each request whether it is signed in), so loading it
    lazily saves nothing here, while each read through the lazy objects around it (Django's, and django-otp's
    OTPMiddleware's around that) costs Python calls, and a page reads the user often (the policy's questions, the
    menu). The user is loaded at once (the same query as before); OTPMiddleware, after this one, wraps it to give it
    `otp_device` and `is_verified()`; before the view, that wrapper is evaluated and the user put back in its place."""

    def process_request(self, request):
        super().process_request(request)
        request.user = request.loaded_user = get_user(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Reading the user evaluates OTPMiddleware's wrapper, which sets its attributes on the loaded user.
        if request.user.is_authenticated:
            request.user = request.loaded_user
        del request.loaded_user
        return None


class SessionTimeoutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            started = request.session.setdefault("auth_started_at", now)
            last_seen = request.session.get("last_seen_at", now)
            if now - last_seen > settings.SESSION_IDLE_TIMEOUT or now - started > settings.SESSION_ABSOLUTE_TIMEOUT:
                logout(request)
            elif now - last_seen >= 60:  # write the session at most once a minute
                request.session["last_seen_at"] = now
            else:
                request.session.setdefault("last_seen_at", now)
        return self.get_response(request)


class RejectNulBytesMiddleware:
    """Answers 400 to any request whose query string or form data holds a NUL byte.

    PostgreSQL cannot store NUL in text, and a NUL in a filter value raises inside the database driver (a 500).
    Django's forms.CharField already refuses NUL with a form message; this covers everything else (query
    parameters read by views, choice values, hidden fields, file names) in one place, before any view runs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._has_nul(request.GET) or (request.method == "POST" and self._has_nul(request.POST)):
            return HttpResponseBadRequest(
                _("The request contained a character that is not allowed (NUL). Remove it and try again."),
                content_type="text/plain; charset=utf-8",
            )
        if request.method == "POST" and any("\x00" in (f.name or "") for f in request.FILES.values()):
            return HttpResponseBadRequest(_("A file name contained a character that is not allowed."))
        return self.get_response(request)

    @staticmethod
    def _has_nul(data) -> bool:
        return any("\x00" in key or any("\x00" in value for value in data.getlist(key)) for key in data)


class NoStoreMiddleware:
    """Signed-in pages and every download are never kept by the browser or a proxy (`Cache-Control: no-store`):
    after logout, Back or a shared computer's cache must not show case data."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        download = "attachment" in response.get("Content-Disposition", "")
        if download or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response


class NotNowMiddleware:
    """A refused workflow state (`core.access.NotNow`, raised when a view asks the policy for an action the object's
    state no longer allows) answers 409 with a whole page that says so and links back to the object."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, NotNow):
            return None
        obj = exception.obj
        message = not_now_message(obj)
        back = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
        return render(request, "409.html", {"message": message, "back": back, "object": obj}, status=409)
