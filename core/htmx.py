"""htmx glue: one test for "render the partial", and the redirect that works with and without htmx."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import HttpResponseLocation


def is_partial(request: HttpRequest) -> bool:
    """True for htmx requests that want a fragment. Boosted navigation and history restore (Back after the
    history cache missed) want the whole page."""
    htmx = request.htmx
    return bool(htmx) and not htmx.boosted and not htmx.history_restore_request


def template_for(request: HttpRequest, template: str, partial: str) -> str:
    return f"{template}#{partial}" if is_partial(request) else template


def redirect_to(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful POST: HX-Location for htmx (no full reload), a 302 otherwise."""
    if request.htmx:
        return HttpResponseLocation(url)
    return redirect(url)
