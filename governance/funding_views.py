"""Funding per measure and year (DFØ's "funding is yearly and fragmented"): every funding row the user may see, by
measure, year and source, with its status and amount; filtered by year. The office keeps the rows through the
audited services (governance/services.py; in the admin); everyone reads within their scope."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core.htmx import is_partial

from .models import Funding

ROWS = 300


def _year(value) -> int | None:
    return int(value) if value and value.isdigit() and len(value) == 4 else None


@require_GET
def funding_list(request: HttpRequest) -> HttpResponse:
    visible = Funding.objects.visible_to(request.user).filter(measure__isnull=False)
    year = _year(request.GET.get("year", ""))
    rows = visible.filter(year=year) if year else visible
    rows = rows.select_related("measure", "source").only(
        "year", "amount", "status", "is_illustrative", "measure__title", "source__name"
    )
    ctx = {
        "rows": list(rows.order_by("measure__title", "measure_id", "year", "source__name", "pk")[:ROWS]),
        "years": list(visible.order_by("-year").values_list("year", flat=True).distinct()),
        "year": year,
    }
    template = "governance/funding_list.html"
    return render(request, template + "#funding-table" if is_partial(request) else template, ctx)
