"""Step 4 pages: the office's decision form on a proposal, the decision's page with the steering dialogue (each named
ministry's answer and the form to answer), the decision brief (stored by the worker; downloaded or ordered again
here), and the home page's panel of decisions that wait
for the steering dialogue."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.dashboard import register_panel
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to
from portfolio.models import Proposal
from portfolio.queries.timeline import proposal_timeline, read_timeline, with_timeline

from . import decision_briefs
from . import decision_services as services
from .decision_forms import DecisionForm, SteeringResponseForm
from .models import Decision
from .panel_queries import consultations_informing
from .queries import decisions_awaiting_steering


@register_panel(26, "governance/_steering_panel.html")
def steering_panel(user) -> dict | None:
    """Ministries (and the office): the decisions that wait for their steering dialogue, with the brief."""
    if not access.can(user, "see_steering", Decision):
        return None
    decisions = decisions_awaiting_steering(user)
    return {"decisions": decisions} if decisions or not access.can(user, "board", Proposal) else None


@require_http_methods(["GET", "POST"])
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    # what the page shows of it read with it: its organisation, its timeline's rows and whether it has decisions and
    # consultations
    rows = with_timeline(Proposal.objects.select_related("organisation"))
    proposal = read_timeline(access.get_for_user(request.user, Proposal, pk, "decide", queryset=rows))
    form = DecisionForm(request.POST or None, user=request.user, initial={"version": proposal.version})
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_record(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The decision was recorded."))
            url = decision.measure.get_absolute_url() if decision.measure else reverse("portfolio:board")
            return redirect_to(request, url)
    ctx = {"form": form, "proposal": proposal}
    if not is_partial(request):  # the form alone has no timeline nor what users said
        ctx["timeline"] = proposal_timeline(proposal)
        # what users said, where the office decides (issue 22); no query for a proposal that no consultation informs
        found = consultations_informing(proposal, request.user) if proposal.has_consultations else []
        ctx["consultations"] = {"consultations": found}
    template = "governance/decide.html" + ("#decide-form" if is_partial(request) else "")
    return render(request, template, ctx, status=422 if request.method == "POST" else 200)


def _decision_page(request, decision, form=None, status=200) -> HttpResponse:
    can_respond = access.can(request.user, "respond", decision)
    brief, ready = decision_briefs.latest(decision)
    ctx = {
        "decision": decision,
        "responses": services.current_responses(decision),
        "form": form or (SteeringResponseForm() if can_respond else None),
        "can_respond": can_respond,
        "brief": brief,
        "ready_brief": ready,
        "can_order_brief": decision_briefs.has_brief(decision) and access.can(request.user, "order_brief", decision),
    }
    template = "governance/decision_detail.html"
    if is_partial(request):  # the brief's state (polled while it is being made) or the answer form
        template += "#decision-brief" if request.htmx.target == "decision-brief" else "#response-form"
    return render(request, template, ctx, status=status)


@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The decision, its brief and the steering dialogue: each named ministry's answer, and the form to answer."""
    return _decision_page(request, access.get_for_user(request.user, Decision, pk))


@require_POST
def decision_respond(request: HttpRequest, pk: int) -> HttpResponse:
    decision = access.get_for_user(request.user, Decision, pk, "respond")
    form = SteeringResponseForm(request.POST)
    if form.is_valid():
        try:
            services.steering_respond(decision=decision, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("Your answer was recorded. The portfolio office has been told."))
            return redirect_to(request, reverse("decisions:decision_detail", args=[decision.pk]))
    return _decision_page(request, decision, form, status=422)


@require_GET
def decision_brief(request: HttpRequest, pk: int) -> HttpResponse:
    """The latest ready version of the decision's brief, as stored by the worker (never rendered here). While none
    is ready, the decision's page says how far it is."""
    decision = access.get_for_user(request.user, Decision, pk)
    _newest, brief = decision_briefs.latest(decision)
    if brief is None or not brief.file:
        messages.info(request, _("The decision brief is not ready yet. Its state is shown under the decision."))
        return redirect_to(request, reverse("decisions:decision_detail", args=[decision.pk]) + "#decision-brief")
    response = FileResponse(brief.file.open("rb"), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{brief.filename}"'
    response["ETag"] = f'"{brief.sha256}"'
    return response


@require_POST
def decision_brief_order(request: HttpRequest, pk: int) -> HttpResponse:
    """The office orders a new version of the brief (after a failure, or to have it again)."""
    decision = access.get_for_user(request.user, Decision, pk, "order_brief")
    with transaction.atomic():
        decision_briefs.brief_order(decision=decision, reason="ordered", by=request.user)
    messages.success(request, _("A new version of the decision brief is being made."))
    return redirect_to(request, reverse("decisions:decision_detail", args=[decision.pk]))
