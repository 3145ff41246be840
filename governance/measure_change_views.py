"""Pages of the change of a running measure (issue 23): the office's decision to change the measure a proposal
extends or complements, the change's page (the plan in force beside the change, the warnings, the owner's answer),
and the home panel of the changes that wait for the user's organisation as the measure's owner."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core import access
from core.dashboard import register_panel
from core.forms import add_service_errors
from core.htmx import redirect_to
from portfolio.models import Proposal
from portfolio.services import benefit_plans

from . import measure_change as services
from .measure_change_forms import MeasureChangeAnswerForm, MeasureChangeForm
from .models import MeasureChange


@register_panel(27, "governance/_measure_change_panel.html")
def measure_change_panel(user) -> dict | None:
    """The owner's start page: the changes of its measures that wait for its answer."""
    changes = services.awaiting_owner(user) if access.is_agency_staff(user) else []
    return {"changes": changes} if changes else None


@require_http_methods(["GET", "POST"])
def measure_change_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "decide")
    if not services.can_change_measure(proposal):
        messages.error(request, _("Only a proposal qualified as extending or complementing a measure can change it."))
        return redirect_to(request, proposal.get_absolute_url())
    measure = proposal.related_measure
    entries = benefit_plans.current_entries(measure)
    adding = request.method == "POST" and "add_benefit" in request.POST
    form = MeasureChangeForm(
        request.POST or None,
        entries=entries,
        dependants=benefit_plans.dependants(measure, entries),
        adding=adding,
        initial={"version": proposal.version, "scope": measure.description},
    )
    if request.method == "POST" and not adding and form.is_valid():
        change = _decide(form, proposal, request.user)
        if change is not None:
            messages.success(request, _("The decision was recorded. The measure's owner is asked to confirm it."))
            return redirect_to(request, change.get_absolute_url())
    ctx = {"form": form, "proposal": proposal, "measure": measure}
    status = 422 if request.method == "POST" and not adding else 200
    return render(request, "governance/measure_change_decide.html", ctx, status=status)


def _decide(form: MeasureChangeForm, proposal: Proposal, user):
    """The service with the form's data; its refusal (a dropped benefit not yet confirmed, …) onto the form."""
    d = form.cleaned_data
    try:
        return services.measure_change_decide(
            proposal=proposal,
            rationale=d["rationale"],
            scope=d["scope"],
            deliveries=d["deliveries"],
            benefits=form.benefits(),
            version=d["version"],
            drop_confirmed=bool(d.get("confirm_drop")),
            by=user,
        )
    except ValidationError as e:
        add_service_errors(form, e)
        return None


def _change_page(request, change, form=None, status=200) -> HttpResponse:
    can_answer = access.can(request.user, "answer", change)
    current = benefit_plans.current_entries(change.measure) if change.plan_version_id is None else None
    if change.plan_version_id:  # confirmed: the version it replaced beside the one it made
        previous = change.measure.plan_versions.filter(number=change.plan_version.number - 1).first()
        current = previous.benefits if previous else []
    ctx = {
        "change": change,
        "diff": benefit_plans.compare_entries(current, change.benefits),
        "warnings": services.warnings_for(change.measure, change.benefits) if change.plan_version_id is None else [],
        "can_answer": can_answer,
        "form": form or (MeasureChangeAnswerForm() if can_answer else None),
    }
    return render(request, "governance/measure_change_detail.html", ctx, status=status)


@require_http_methods(["GET", "POST"])
def measure_change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    qs = MeasureChange.objects.select_related(
        "measure__owner", "proposal__organisation", "decision", "plan_version", "steering_item"
    )
    change = qs.get(pk=access.get_for_user(request.user, MeasureChange, pk).pk)
    if request.method == "GET":
        return _change_page(request, change)
    access.require_now(request.user, "answer", change)
    form = MeasureChangeAnswerForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            if d["answer"] == "confirm":
                services.measure_change_confirm(change=change, comment=d["comment"], by=request.user)
                messages.success(request, _("Confirmed. The measure's benefit plan has a new version."))
            else:
                services.measure_change_disagree(change=change, comment=d["comment"], by=request.user)
                messages.success(request, _("Your disagreement was sent to the steering dialogue."))
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            return redirect_to(request, change.get_absolute_url())
    return _change_page(request, qs.get(pk=change.pk), form, status=422)
