"""Steps 4–5 pages for proposals: the office's board, the shelf, the decision form, revival, the decision brief PDF
and a proposal's timeline fragment. Measures are in lifecycle_measures.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.dashboard import Task, register_panel, register_tasks
from core.forms import add_service_errors
from core.htmx import is_partial, redirect_to
from governance.models import Decision
from governance.queries import decisions_awaiting_steering

from ..forms.lifecycle import BoardFilterForm, DecisionForm, ReasonForm, SteeringResponseForm
from ..models import Proposal
from ..queries import board as queries
from ..queries import tasks as task_queries
from ..services import decisions as services


@register_tasks(10)
def portfolio_tasks(user) -> list[Task]:
    """The start page's tasks of the portfolio: proposals, reviews and overdue measure reviews."""
    return task_queries.proposal_tasks(user) + task_queries.review_tasks(user) + task_queries.measure_tasks(user)


@register_panel(25, "portfolio/_board_panel.html")
def board_panel(user) -> dict | None:
    """The office's home: how many proposals wait in each step, and the overdue measure reviews."""
    if not access.can(user, "board", Proposal):
        return None
    overdue_count, overdue = queries.overdue_reviews(user, limit=5)
    return {"columns": queries.board(user), "overdue_count": overdue_count, "overdue": overdue}


@register_panel(26, "portfolio/_steering_panel.html")
def steering_panel(user) -> dict | None:
    """Ministries (and the office): the decisions that wait for their steering dialogue, with the brief."""
    if not access.can(user, "see_steering", Decision):
        return None
    decisions = decisions_awaiting_steering(user)
    return {"decisions": decisions} if decisions or not access.can(user, "board", Proposal) else None


@require_GET
def board(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "board", Proposal)
    form = BoardFilterForm(request.GET or None, user=request.user)
    filters = queries.BoardFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = queries.BoardFilters(
            life_event=d["life_event"] and d["life_event"].pk,
            agency=d["agency"] and d["agency"].pk,
            mission=d["mission"] and d["mission"].pk,
            min_age_days=d["age"],
            awaiting_answer=d["awaiting_answer"],
        )
    overdue_count, overdue = queries.overdue_reviews(request.user)
    ctx = {
        "form": form,
        "columns": queries.board(request.user, filters),
        "overdue_count": overdue_count,
        "overdue": overdue,
        "per_column": queries.CARDS_PER_COLUMN,
    }
    template = "portfolio/board.html" + ("#board-columns" if is_partial(request) else "")
    return render(request, template, ctx)


@require_GET
def shelf(request: HttpRequest) -> HttpResponse:
    can_revive = access.can(request.user, "revive", Proposal)
    ctx = {**queries.shelf(request.user), "can_revive": can_revive, "form": ReasonForm()}
    return render(request, "portfolio/shelf.html", ctx)


@require_http_methods(["GET", "POST"])
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "decide")
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
    ctx = {"form": form, "proposal": proposal, "timeline": queries.proposal_timeline(proposal)}
    template = "portfolio/decide.html" + ("#decide-form" if is_partial(request) else "")
    return render(request, template, ctx, status=422 if request.method == "POST" else 200)


@require_POST
def proposal_revive(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "revive")
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_revive(proposal=proposal, reason=form.cleaned_data["reason"], by=request.user)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The proposal was taken back from the shelf."))
            return redirect_to(request, reverse("portfolio:shelf"))
    ctx = {**queries.shelf(request.user), "can_revive": True, "form": form, "failed_pk": proposal.pk}
    return render(request, "portfolio/shelf.html", ctx, status=422)


def _decision_page(request, decision, form=None, status=200) -> HttpResponse:
    can_respond = access.can(request.user, "respond", decision)
    ctx = {
        "decision": decision,
        "responses": services.current_responses(decision),
        "form": form or (SteeringResponseForm() if can_respond else None),
        "can_respond": can_respond,
    }
    template = "portfolio/decision_detail.html" + ("#response-form" if is_partial(request) else "")
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
            return redirect_to(request, reverse("portfolio:decision_detail", args=[decision.pk]))
    return _decision_page(request, decision, form, status=422)


@require_GET
def decision_brief(request: HttpRequest, pk: int) -> HttpResponse:
    decision = access.get_for_user(request.user, Decision, pk)
    pdf = services.decision_brief_pdf(decision=decision)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="beslutningsnotat-{decision.pk}.pdf"'
    return response


@require_GET
def proposal_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The timeline fragment (step changes, decisions, merges) that the proposal's page includes or loads."""
    proposal = access.get_for_user(request.user, Proposal, pk)
    ctx = {"proposal": proposal, "timeline": queries.proposal_timeline(proposal)}
    return render(request, "portfolio/_timeline.html", ctx)
