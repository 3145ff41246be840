"""Read pages: the life events, one life event (actors, actor map, phases, activities, missions, measures, funding,
allocation-letter coverage), one actor, and DFØ's allocation-letter and funding overview."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import extensions
from core.dashboard import register_panel

from . import queries


@register_panel(20, "lifeevents/_panel.html")
def life_events_panel(user) -> dict | None:
    events = list(queries.life_event_list(user))
    if not events:
        return None
    own = queries.own_ministry_event_ids(user)
    return {"events": [e for e in events if e.pk in own] or events, "own": bool(own)}


@require_GET
def lifeevent_list(request: HttpRequest) -> HttpResponse:
    events = queries.life_event_list(request.user)
    own = queries.own_ministry_event_ids(request.user)
    return render(request, "lifeevents/lifeevent_list.html", {"events": events, "own_ids": own})


@require_GET
def lifeevent_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = queries.page_event(request.user, slug)
    page = queries.life_event_page(event, request.user)
    return render(request, "lifeevents/lifeevent_detail.html", {"page": page, "event": event})


@require_GET
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = queries.page_organisation(request.user, pk)
    page = queries.organisation_page(organisation, request.user)
    return render(request, "lifeevents/organisation_detail.html", {"page": page, "organisation": organisation})


@require_GET
def allocation_overview(request: HttpRequest, year: int = 2020) -> HttpResponse:
    tables = extensions.merged("lifeevents.allocation_overview", year, request.user)  # governance's tables
    ctx = {"year": year, **tables}
    return render(request, "lifeevents/allocation_overview.html", ctx)
