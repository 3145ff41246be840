"""Reporting rounds: the list, opening and closing a round, reminders, and the agencies' status forms."""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access, export
from core.dashboard import Task, register_panel, register_tasks
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to
from portfolio.models import Measure
from portfolio.services.scoring import Conflict

from .. import queries_pages, queries_tasks, services
from ..forms import RoundForm, StatusReportForm
from ..models import ReportingRound, StatusReport


@register_tasks(20)
def report_tasks(user) -> list[Task]:
    """The start page's tasks of the reporting rounds: reports owed (agencies), reports missing (the office)."""
    return queries_tasks.status_report_tasks(user) + queries_tasks.missing_report_tasks(user)


@register_panel(50, "reports/_home_panel.html")
def reports_panel(user) -> dict | None:
    rounds = queries_pages.open_rounds_for(user)
    can_order = access.can(user, "order", ReportingRound)
    return {"rounds": rounds, "can_order": can_order} if rounds or can_order else None


@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    rounds = ReportingRound.objects.visible_to(request.user).select_related("life_event").defer("snapshot")
    return render(request, "reports/round_list.html", {"rounds": rounds})


@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "create", ReportingRound)
    form = RoundForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            round = services.round_open(**form.cleaned_data, by=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The reporting round was opened."))
            return redirect_to(request, round.get_absolute_url())
    status = 422 if request.method == "POST" else 200
    template = "reports/round_form.html#round-form" if is_partial(request) else "reports/round_form.html"
    return render(request, template, {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The office changes an open round (title, scope, deadline, reminder). A save over someone else's shows their
    values beside the form, which keeps this user's."""
    round = access.get_for_user(request.user, ReportingRound, pk, "change")
    form = RoundForm(request.POST or None, instance=copy(round), user=request.user)  # validating never touches round
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            round = services.round_update(round=round, data=data, version=version, by=request.user)
        except Conflict as e:
            conflict = e.current
            data = {**request.POST.dict(), "version": conflict.version}  # the user's values, on the saved version
            form = RoundForm(data, instance=copy(conflict), user=request.user)
            form.is_valid()
            form.add_error(None, e)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The reporting round was saved."))
            return redirect_to(request, round.get_absolute_url())
    ctx = {"form": form, "round": round, "conflict": conflict}
    status = 422 if request.method == "POST" else 200
    template = "reports/round_form.html#round-form" if is_partial(request) else "reports/round_form.html"
    return render(request, template, ctx, status=status)


@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    round = access.get_for_user(user, ReportingRound, pk)
    office = access.can(user, "see_completeness", round)
    if office and (fmt := export.requested(request)):  # the completeness table as CSV or Excel (the office's)
        rows = queries_pages.round_completeness(round)
        return export.response(rows, queries_pages.COMPLETENESS_COLUMNS, name=f"rapportering-{round.pk}", fmt=fmt)
    ctx = {
        "round": round,
        "office": office,
        "completeness": queries_pages.round_completeness(round) if office else None,
        "owed": (owed := queries_pages.owed_by(round, user) if access.can(user, "report_status", round) else None),
        "still_owed": queries_pages.still_owed(owed or []),
        "documents": queries_pages.documents_for(request.user, round),
        "can_order": access.can(request.user, "order", round),
        "can_edit": access.can(request.user, "change", round),
    }
    template = "reports/round_detail.html#completeness" if is_partial(request) else "reports/round_detail.html"
    return render(request, template, ctx)


@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    round = access.get_for_user(request.user, ReportingRound, pk, "close")
    services.round_close(round=round, by=request.user)
    messages.success(request, _("The round was closed and frozen; its report is being generated."))
    return redirect_to(request, round.get_absolute_url())


@require_POST
def round_remind(request: HttpRequest, pk: int) -> HttpResponse:
    round = access.get_for_user(request.user, ReportingRound, pk, "remind")
    try:
        sent = services.round_remind(round=round, by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        text = _(
            "Reminders sent to %(reached)s of the %(count)s organisations that owe status reports (%(people)s people)."
        )
        messages.success(request, text % {"reached": sent.reached, "count": sent.organisations, "people": sent.people})
    return redirect_to(request, round.get_absolute_url())


@require_http_methods(["GET", "POST"])
def status_report_edit(request: HttpRequest, pk: int, measure_pk: int) -> HttpResponse:
    round = access.get_for_user(request.user, ReportingRound, pk)
    measure = access.get_for_user(request.user, Measure, measure_pk)
    report = _status_report(request.user, round, measure)
    editable = access.can(request.user, "change", report)
    if request.method == "POST":
        access.require_now(request.user, "change", report)  # who (403), and only while the round is open (409)
    form = StatusReportForm(request.POST or None, instance=report, benefits=measure.benefits.all())
    if request.method == "POST" and form.is_valid():
        try:
            report = _save_status(request, round, measure, form)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            return redirect_to(request, reverse("reports:round_detail", kwargs={"pk": round.pk}))
    ctx = {"round": round, "measure": measure, "report": report, "form": form, "editable": editable}
    status = 422 if request.method == "POST" else 200
    template = "reports/status_report_form.html"
    return render(request, template + "#status-form" if is_partial(request) else template, ctx, status=status)


def _status_report(user, round, measure) -> StatusReport:
    """The measure's report in the round through the status reports' own visibility (a partner agency may see the
    measure but not the owner's draft: 404), or a new one when there is none yet."""
    report = StatusReport.objects.visible_to(user).filter(round=round, measure=measure).first()
    if report is None and StatusReport.objects.filter(round=round, measure=measure).exists():
        raise Http404
    return report or StatusReport(round=round, measure=measure, budget=measure.budget)


@transaction.atomic
def _save_status(request, round, measure, form) -> StatusReport:
    version = form.cleaned_data.get("version") or None
    report = services.status_report_save(
        round=round, measure=measure, data=form.service_data(), version=version, by=request.user
    )
    if "submit" in request.POST:
        services.status_report_submit(report=report, version=report.version, by=request.user)
        messages.success(request, _("The status report was submitted."))
    else:
        messages.success(request, _("The status report was saved as a draft."))
    return report
