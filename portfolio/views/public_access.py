"""Public access (offentleglova, issue 22): exempt a part of a proposal or a measure and lift an exemption (the
record's page lists them), and the office's journal of access requests: log one, answer it, download the redacted
document that was sent. Thin views: the forms check shape, the services the policy and the rules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core import access
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to

from ..forms.public_access import AccessRequestForm, AnswerForm, ExemptionForm, LiftForm
from ..models import AccessRequest, Exemption, Measure, Proposal
from ..queries import public_access as queries
from ..services import public_access as services

KINDS = {"proposal": Proposal, "measure": Measure}
REQUESTS_PER_PAGE = 50  # the journal, newest received first


def _form_page(request, template: str, ctx: dict, partial: str) -> HttpResponse:
    status = 422 if request.method == "POST" else 200
    return render(request, template + (f"#{partial}" if is_partial(request) else ""), ctx, status=status)


@require_http_methods(["GET", "POST"])
def exemption_add(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    record = access.get_for_user(request.user, KINDS[kind], pk, "exempt")
    form = ExemptionForm(request.POST or None, parts=services.exemptable_parts(record))
    if request.method == "POST" and form.is_valid():
        try:
            services.exemption_add(record=record, data=form.cleaned_data, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The part is exempt from public access."))
            return redirect_to(request, record.get_absolute_url() + "#public-access")
    ctx = {"form": form, "record": record}
    return _form_page(request, "portfolio/public_access/exemption_form.html", ctx, "exemption-form")


@require_http_methods(["GET", "POST"])
def exemption_lift(request: HttpRequest, pk: int) -> HttpResponse:
    exemption = access.get_for_user(request.user, Exemption, pk, "lift")
    form = LiftForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.exemption_lift(exemption=exemption, reason=form.cleaned_data["lift_reason"], by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The exemption was lifted: the part is public again."))
            return redirect_to(request, exemption.record.get_absolute_url() + "#public-access")
    ctx = {"form": form, "exemption": exemption, "record": exemption.record}
    return _form_page(request, "portfolio/public_access/exemption_lift.html", ctx, "lift-form")


@require_GET
def access_request_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "view", AccessRequest)
    page = Paginator(queries.access_request_rows(request.user), REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    _waiting, late = queries.unanswered(request.user)  # of every request, not only this page's
    ctx = {"rows": queries.with_deadlines(page.object_list), "page": page, "late": late,
           "due": queries.exemptions_due(request.user)}  # fmt: skip
    return render(request, "portfolio/public_access/access_request_list.html", ctx)


@require_http_methods(["GET", "POST"])
def access_request_create(request: HttpRequest) -> HttpResponse:
    access.require_now(request.user, "create", AccessRequest)
    initial = {"kind": request.GET.get("kind", "proposal"), "number": request.GET.get("number"),
               "received_on": timezone.localdate()}  # fmt: skip
    form = AccessRequestForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            logged = services.access_request_create(
                record=form.cleaned_data["record"], data=form.cleaned_data, by=request.user
            )
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The access request was logged."))
            return redirect_to(request, logged.get_absolute_url())
    return _form_page(request, "portfolio/public_access/access_request_form.html", {"form": form}, "request-form")


@require_http_methods(["GET", "POST"])
def access_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The request and, while it is unanswered, the answer form (a POST answers it)."""
    logged = access.get_for_user(request.user, AccessRequest, pk, "answer" if request.method == "POST" else "view")
    form = AnswerForm(request.POST or None) if access.can(request.user, "answer", logged) else None
    if request.method == "POST" and form.is_valid():
        try:
            services.access_request_answer(request=logged, data=form.cleaned_data, by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The answer was recorded."))
            return redirect_to(request, logged.get_absolute_url())
    logged.late = logged.is_late()
    ctx = {"access_request": logged, "form": form, "record": logged.record}
    return _form_page(request, "portfolio/public_access/access_request_detail.html", ctx, "answer-form")


@require_GET
def access_request_document(request: HttpRequest, pk: int) -> FileResponse:
    logged = access.get_for_user(request.user, AccessRequest, pk)
    if not logged.document:
        raise Http404
    try:
        handle = logged.document.open("rb")
    except OSError as e:
        raise Http404 from e
    response = FileResponse(handle, as_attachment=True, filename=f"innsyn-{logged.pk}.pdf",
                            content_type="application/pdf")  # fmt: skip
    response["Cache-Control"] = "private, no-store"
    return response
