"""Funding per measure and year (DFØ's "funding is yearly and fragmented"): every funding row the user may see, by
measure, year and source, with its status and amount (or "unknown"); filtered by year. The office adds and edits the
rows here (and in the admin) through the audited services (governance/services.py); everyone reads within their
scope."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import access
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to

from . import services
from .funding_forms import FundingForm
from .models import Funding

ROWS = 300
ORDER = ["measure__title", "measure_id", "life_event_id", "year", "source__name", "pk"]  # the agreements' rows last


def _on_this_page(funding):
    """The measures' rows, and a life event's rows that a collaboration agreement's commitments wrote (shown read-only,
    with a link to the agreement's version: they change only through a new version of it)."""
    return funding.filter(Q(measure__isnull=False) | Q(agreement_line__isnull=False))


def _year(value) -> int | None:
    return int(value) if value and value.isdigit() and len(value) == 4 else None


@require_GET
def funding_list(request: HttpRequest) -> HttpResponse:
    visible = _on_this_page(Funding.objects.visible_to(request.user))
    year = _year(request.GET.get("year", ""))
    rows = visible.filter(year=year) if year else visible
    rows = rows.select_related("measure", "source", "life_event", "agreement_line__version__agreement").only(
        "year", "amount", "status", "is_illustrative", "measure__title", "source__name",
        "life_event__slug", "life_event__name_nb", "life_event__name_nn", "life_event__name_en",
        "agreement_line__version__number", "agreement_line__version__agreement__title",
    )  # fmt: skip
    ctx = {
        "rows": list(rows.order_by(*ORDER)[:ROWS]),
        "years": list(visible.order_by("-year").values_list("year", flat=True).distinct()),
        "year": year,
        "may_add": access.can(request.user, "create", Funding),
    }
    template = "governance/funding_list.html"
    return render(request, template + "#funding-table" if is_partial(request) else template, ctx)


@require_http_methods(["GET", "POST"])
def funding_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "create", Funding)
    return _form(request, None)


@require_http_methods(["GET", "POST"])
def funding_edit(request: HttpRequest, pk: int) -> HttpResponse:
    funding = get_object_or_404(_on_this_page(Funding.objects.visible_to(request.user)), pk=pk)
    access.require_now(request.user, "change", funding)  # 403 who; 409 with the agreement's message for its rows
    return _form(request, funding)


def _form(request: HttpRequest, funding: Funding | None) -> HttpResponse:
    posted = request.POST if request.method == "POST" else None
    form = FundingForm(posted, instance=funding, user=request.user)
    if posted is not None and form.is_valid():
        try:
            if funding is None:
                services.funding_create(data=form.cleaned_data, by=request.user)
            else:
                changed = {name: form.cleaned_data[name] for name in form.changed_data}
                services.funding_update(funding=Funding.objects.get(pk=funding.pk), data=changed, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The funding was saved."))
            return redirect_to(request, reverse("governance:funding_list"))
    page = {
        "title": _("Add funding") if funding is None else _("Edit the funding"),
        "submit": _("Save the funding"),
        "back": (_("Funding per measure and year"), reverse("governance:funding_list")),
    }
    template = "core/record_form.html" + ("#record-form" if is_partial(request) else "")
    return render(request, template, {"form": form, **page}, status=422 if posted is not None else 200)
