"""htmx glue: one test for "render the partial", and the redirect that works with and without htmx."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django_htmx.http import HttpResponseLocation


def is_partial(request: HttpRequest) -> bool:
    """True for htmx requests that want a fragment: those that name the region they replace (`HX-Target`, the id
    of the target; every `hx-target` of ours has one). Boosted navigation, history restore (Back after the history
    cache missed) and the GET after `redirect_to` (HX-Location swaps into <body>) want the whole page."""
    htmx = request.htmx
    return bool(htmx) and bool(htmx.target) and not htmx.boosted and not htmx.history_restore_request


def template_for(request: HttpRequest, template: str, partial: str) -> str:
    return f"{template}#{partial}" if is_partial(request) else template


def redirect_to(request: HttpRequest, url: str) -> HttpResponse:
    """After a successful POST: HX-Location for htmx (no full reload; the next page is fetched whole and swapped into
    <body>, where portal.js focuses its heading and reads its messages), a 302 otherwise."""
    if request.htmx:
        return HttpResponseLocation(url)
    return redirect(url)
