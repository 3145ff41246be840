"""Funding per measure and year (DFØ's "funding is yearly and fragmented"): every funding row the user may see, by
measure, year and source, with its status and amount (or "unknown"); filtered by year. The office adds and edits the
rows here (and in the admin) through the audited services (governance/services.py); everyone reads within their
scope."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
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
    return _form(request, access.get_for_user(request.user, Funding, pk, "change", measure__isnull=False))


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
