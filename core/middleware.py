"""Session lifetime (idle 30 min, absolute 120 min by default), refusal of NUL bytes in request data, and
`Cache-Control: no-store` on signed-in pages and downloads."""

import time

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from .access import NotNow, not_now_message


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
