"""The report page (tables and SVG charts), ordering documents, their progress, downloads, the ministry dashboard."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_GET, require_POST

from core import access
from core.htmx import is_partial, redirect_to
from core.links import row_url

from .. import dashboard, queries_attention, queries_pages, report_page, services
from ..choices import CONTENT_TYPES, JobStatus
from ..forms import OrderForm
from ..models import GeneratedReport, ReportingRound
from ..services.documents import may_see_life_event_report

DOCUMENTS_PER_PAGE = 50  # the list of all reports, newest requested first


@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    round = access.get_for_user(request.user, ReportingRound, pk, "order")
    form = OrderForm(request.GET or None, user=request.user)
    life_event = form.chosen_life_event()
    life_event_id = round.life_event_id or (life_event.pk if life_event else None)
    if not may_see_life_event_report(request.user, life_event_id):
        raise Http404  # another ministry's life event: as its document, invisible
    report_body, data_as_of = report_page.body(round, life_event_id)  # built once per version of its data
    ctx = {"round": round, "report_body": report_body, "data_as_of": data_as_of}
    order = OrderForm(initial={"life_event": life_event}, user=request.user)
    shown = ["kind", "table", "evaluations"]  # the life event and a ministry only for a round of all life events
    shown += [] if round.life_event_id else ["life_event"] if life_event else ["life_event", "ministry"]
    fields = {name: order[name].render("components/_field.html") for name in shown if name in order.fields}
    ctx.update({"form": order, "fields": fields, "life_event": life_event})
    return render(request, "reports/report_detail.html", ctx)


@require_POST
def report_order(request: HttpRequest, pk: int) -> HttpResponse:
    round = access.get_for_user(request.user, ReportingRound, pk, "order")
    form = OrderForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(request, "reports/order_form.html", {"round": round, "form": form}, status=422)
    try:
        document = services.report_request(
            round=round,
            kind=form.cleaned_data["kind"],
            params=form.params(),
            by=request.user,
            refresh="refresh" in request.POST and access.can(request.user, "refresh", round),
        )
    except ValidationError as e:
        form.add_error(None, e)
        return render(request, "reports/order_form.html", {"round": round, "form": form}, status=422)
    messages.success(request, _ordered_message(document))
    return redirect_to(request, document_url(document))


def _ordered_message(document) -> str:
    from django.utils.translation import gettext as _

    return _("The document is ready.") if document.is_done else _("The document is being generated.")


def document_url(document) -> str:
    from django.urls import reverse

    return reverse("reports:document_detail", kwargs={"pk": document.pk})


@require_GET
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = access.get_for_user(request.user, GeneratedReport, pk)
    template = "reports/document_detail.html"
    return render(request, template + "#document-status" if is_partial(request) else template, {"document": document})


def _document_etag(request: HttpRequest, pk: int) -> str | None:
    """A finished document never changes (a new version is a new document): its checksum is its version, so a
    browser that has it gets 304 Not Modified. None (no conditional answer) when the user may not download it."""
    document = GeneratedReport.objects.visible_to(request.user).filter(pk=pk, status=JobStatus.DONE).first()
    return (document.sha256 or None) if document and access.can(request.user, "download", document) else None


@require_GET
@condition(etag_func=_document_etag)
def document_download(request: HttpRequest, pk: int) -> FileResponse:
    document = access.get_for_user(request.user, GeneratedReport, pk, "download")
    if document.status != JobStatus.DONE or not document.file:
        raise Http404
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type=CONTENT_TYPES[document.kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
def ministry_dashboard(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "order", ReportingRound)
    user, today = request.user, timezone.localdate()
    # Issue 18: each life event's figures as charts (status, funding, targets), drawn from rows the database
    # grouped or filtered; the life events, rounds and targets read once serve the briefs and the attention list
    events = dashboard.followed(user)
    event_ids = [e.pk for e in events]
    latest_rounds, overdue = dashboard.rounds(user, event_ids, today)
    briefs, history = queries_pages.ministry_documents(user, event_ids)
    life_events, ministry_brief = queries_pages.latest_documents_by_life_event(
        user, events=events, rounds=latest_rounds, documents=briefs
    )
    targets = dashboard.target_rows(user, event_ids)
    fundings = dashboard.funding_rows(user, event_ids)
    groups = dashboard.status_groups(user, event_ids)
    charts = dashboard.life_event_charts(event_ids, groups, fundings, targets)
    # The cards' links reversed once per page (core.links.row_url), each card's filled in
    download, report, order = (row_url(name) for name in ("reports:document_download", "reports:report_detail",
                                                          "reports:report_order"))  # fmt: skip
    for item in life_events:
        event = item["life_event"]
        item.update(pk=str(event.pk), name=conditional_escape(event.name), charts=charts[event.pk])  # (printed 5 times)
        if item["document"]:
            item["download_url"] = download(item["document"]["pk"])
        if item["round"]:
            item["report_url"] = f"{report(item['round'].pk)}?life_event={event.pk}"
            item["order_url"] = order(item["round"].pk)
    attention = queries_attention.attention_for(user, today, event_ids=event_ids, targets=targets, overdue=overdue)
    over = _("over budget: %(spent)s kr spent of %(budget)s kr")  # translated once per page, not per row
    for m in attention.measures:
        if m["over_budget"]:
            m["over_text"] = over % {"spent": _amount(m["spent"]), "budget": _amount(m["budget"])}
    ctx = {
        "attention": attention,
        "life_events": life_events,
        "ministry_brief": ministry_brief,
        "history": history,
    }
    return render(request, "reports/ministry_dashboard.html", ctx)


def _amount(value) -> str:
    """An amount in whole kroner with grouping, as the template's `floatformat:"0g"` writes it."""
    return formats.number_format(round(value), 0, use_l10n=True, force_grouping=True)


@require_GET
def document_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "order", ReportingRound)
    page = Paginator(queries_pages.documents_for(request.user), DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    documents = queries_pages.document_rows(page.object_list)  # the page's rows, as its table prints them
    return render(request, "reports/document_list.html", {"page": page, "documents": documents})
