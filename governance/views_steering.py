"""The roadmap (SVG timeline with its table, CSV export), the benefits map (nested lists and a diagram) and who pays,
who gains (per organisation). Each asks the access policy; the rows are the user's visible measures."""

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core import access
from core.models import Organisation
from portfolio.models import Measure, Mission

from . import benefit_map, flows, roadmap, roadmap_pdf
from .steering_forms import BenefitMapFilterForm, LifeEventFilterForm, RoadmapFilterForm


@require_GET
def roadmap_view(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "see_roadmap", Measure)
    form = RoadmapFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "governance/roadmap.html", {"form": form}, status=400)
    filters = roadmap.Filters(**form.filters())
    export = request.GET.get("format") in ("csv", "pdf")  # every row; the page reads the rows it shows
    limit = None if export else roadmap.page_limit(filters)
    data = roadmap.roadmap(request.user, filters, life_events=form.life_events, limit=limit)
    if request.GET.get("format") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="veikart.csv"'
        csv.writer(response).writerows(roadmap.csv_rows(data))
        return response
    if request.GET.get("format") == "pdf":
        pdf = roadmap_pdf.roadmap_pdf(data, filters=roadmap_pdf.filter_lines(form))
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="veikart.pdf"'
        return response
    group = "mission" if filters.by == "mission" else "life_event"  # the filter that selects one group
    data = roadmap.on_page(data, filters, lambda pk: _with(request, **{group: pk}))
    ctx = {"form": form, "data": data, "chart": roadmap.layout(data, timezone.localdate()), "links": True}
    ctx["csv_url"], ctx["pdf_url"] = _with_format(request, "csv"), _with_format(request, "pdf")
    return render(request, "governance/roadmap.html", ctx)


def _with_format(request: HttpRequest, kind: str) -> str:
    return _with(request, format=kind)


def _with(request: HttpRequest, **params) -> str:
    """The page's query with `params` set (the roadmap's filter kept)."""
    query = request.GET.copy()
    for name, value in params.items():
        query[name] = value
    return "?" + query.urlencode()


@require_GET
def benefit_map_view(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "see_benefit_map", Mission)
    form = BenefitMapFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "governance/benefit_map.html", {"form": form}, status=400)
    mission, life_event = form.cleaned_data.get("mission"), form.cleaned_data.get("life_event")
    maps = benefit_map.benefit_map(
        request.user, mission_id=mission and mission.pk, life_event_id=life_event and life_event.pk
    )
    ctx = {"form": form, "maps": [(m, benefit_map.diagram(m)) for m in maps]}
    return render(request, "governance/benefit_map.html", ctx)


@require_GET
def flow_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "see_flows", Organisation)
    form = LifeEventFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "governance/flow_list.html", {"form": form}, status=400)
    life_event = form.cleaned_data.get("life_event")
    table, totals = flows.flows(request.user, life_event_id=life_event and life_event.pk)
    query = f"?life_event={life_event.pk}" if life_event else ""
    return render(
        request, "governance/flow_list.html", {"form": form, "table": table, "totals": totals, "query": query}
    )


@require_GET
def flow_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = access.get_for_user(request.user, Organisation, pk, "see_flows")
    form = LifeEventFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "governance/flow_detail.html", {"form": form, "organisation": organisation}, status=400)
    life_event = form.cleaned_data.get("life_event")
    ctx = {"form": form, "organisation": organisation, "life_event": life_event}
    ctx.update(flows.organisation_flows(request.user, organisation, life_event_id=life_event and life_event.pk))
    return render(request, "governance/flow_detail.html", ctx)
