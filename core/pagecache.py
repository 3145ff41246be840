"""A signed-in user's pages, cached per user until the portfolio's data changes.

The main pages (the board, the proposal list, a proposal, a life event, the ministry dashboard …) are read far more
often than the portfolio changes. `per_user` keeps the rendered response of a GET for one user, and finds it again
only for the same user, CSRF secret, language, exact URL and htmx request, and within the same *data generation*:
every save, delete or many-to-many change of one of the portfolio's models starts a new generation, at once and
again after its transaction commits (so a page rendered from data read before the commit is never found after it).
A cached page is at most `PAGE_CACHE_SECONDS` old, so what depends on the date ("overdue") moves on.

Not cached: other methods than GET, anonymous users, responses other than 200, and requests with a message to
show. Writes that send no signal (`QuerySet.update()`, `bulk_create()`, raw SQL) must call `bump()` themselves.
Without a shared cache (Redis) the page cache is off: a per-process cache would miss other processes' writes.
"""

from __future__ import annotations

import functools
import hashlib
import time

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

GENERATION_KEY = "pages:generation"
DATA_APPS = frozenset({"core", "portfolio", "lifeevents", "governance", "reports"})
KEPT_HEADERS = ("Content-Type", "Content-Language", "HX-Push-Url", "HX-Trigger", "HX-Retarget", "HX-Reswap")


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:  # not set yet, or evicted: start from the clock, so no earlier generation comes back
        cache.add(GENERATION_KEY, time.time_ns(), None)
        value = cache.get(GENERATION_KEY)
    return value


def new_generation() -> None:
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.add(GENERATION_KEY, time.time_ns(), None) or cache.incr(GENERATION_KEY)


def bump() -> None:
    """The portfolio's data changed: cached pages are stale now and after the current transaction commits."""
    if not enabled():
        return
    new_generation()
    connection = transaction.get_connection()
    pending = any(func is new_generation for _s, func, _r in connection.run_on_commit)
    if connection.in_atomic_block and not pending:  # again after the commit, once per transaction
        transaction.on_commit(new_generation)


def data_changed(sender, **kwargs) -> None:
    """post_save / post_delete / m2m_changed of any model: one of the portfolio's own starts a new generation."""
    if sender._meta.app_label in DATA_APPS:
        bump()


def _key(request: HttpRequest) -> str | None:
    secret = request.META.get("CSRF_COOKIE")
    if not secret:  # the CSRF cookie is set with the first rendered page
        return None
    parts = [
        str(request.user.pk),
        secret,  # the page's forms carry tokens of this secret; login and logout rotate it
        get_language() or "",
        request.get_full_path(),
        request.headers.get("HX-Request", ""),
        request.headers.get("HX-Target", ""),
        request.headers.get("HX-Boosted", ""),
        str(generation()),
    ]
    return "pages:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def per_user(view):
    """Cache the view's GET responses per user and data generation (see the module's description)."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not enabled() or request.method != "GET" or not request.user.is_authenticated or len(get_messages(request)):
            return view(request, *args, **kwargs)
        key = _key(request)
        hit = cache.get(key) if key else None
        if hit is not None:
            body, headers = hit
            response = HttpResponse(body)
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if key and response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
            cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
        return response

    return wrapped
