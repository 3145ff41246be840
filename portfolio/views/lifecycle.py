"""Steps 4–5 pages for proposals: the office's board, the shelf, revival and a proposal's timeline fragment. Measures
are in lifecycle_measures.py; the decision form, the decision's page and its brief are governance's
(governance/decision_views.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from core import access, export, listing
from core.dashboard import Task, register_panel, register_tasks
from core.htmx import is_partial, redirect_to
from core.links import row_url

from ..forms.lifecycle import BoardFilterForm, ReasonForm
from ..models import Proposal
from ..queries import board as queries
from ..queries import board_moves, call_intake, exports, timeline
from ..queries import tasks as task_queries
from ..services import harmonise
from ..services import shelf as services
from ..templatetags.board_cards import card_texts


@register_tasks(10)
def portfolio_tasks(user) -> list[Task]:
    """The start page's tasks of the portfolio: proposals, reviews and overdue measure reviews."""
    return task_queries.proposal_tasks(user) + task_queries.review_tasks(user) + task_queries.measure_tasks(user)


@register_panel(25, "portfolio/_board_panel.html")
def board_panel(user) -> dict | None:
    """The office's home: how many proposals wait in each step, and the overdue measure reviews."""
    if not access.can(user, "board", Proposal):
        return None
    overdue_count, overdue = queries.overdue_reviews(user, limit=queries.HOME_OVERDUE)
    return {"columns": queries.board(user, cards=False), "overdue_count": overdue_count, "overdue": overdue}


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
    if fmt := export.requested(request):  # every proposal on the board under the filter, not only the cards shown
        rows = exports.board_rows(request.user, filters)
        columns = exports.PROPOSAL_COLUMNS + call_intake.answer_columns(rows)  # the calls' questions (issue 22)
        return export.response(rows, columns, name="tavle", fmt=fmt)
    return _board_page(request, form, filters)


def _column_texts(column) -> tuple[str, str]:
    """A column's count and the number of its cards not shown, as the board's heading and note say them."""
    count = ngettext("%(n)s proposal", "%(n)s proposals", column.count) % {"n": localize(column.count)}
    more = ngettext("%(n)s more, the oldest are shown first.", "%(n)s more, the oldest are shown first.", column.more)
    return count, (more % {"n": localize(column.more)} if column.more else "")


def _board_page(request: HttpRequest, form, filters, status: int = 200) -> HttpResponse:
    overdue_count, overdue = queries.overdue_reviews(request.user)
    columns, partial = queries.board(request.user, filters), is_partial(request)
    allowed = board_moves.column_moves(request.user, [card for column in columns for card in column.cards])
    move_url, form_urls = row_url("portfolio:board_move"), board_moves.form_urls()  # reversed once per page
    for column in columns:
        column.moves = allowed.get(column.status, [])
        column.count_text, column.more_text = _column_texts(column)
        for card in column.cards:
            pk = card["pk"]
            card["move_url"], card["decide_url"] = move_url(pk), form_urls["decide"](pk)
            card["moves"] = board_moves.card_moves(column.moves, pk, form_urls)
    ctx = {
        "form": form,
        "columns": columns,
        "total": sum(column.count for column in columns),
        "overdue_count": overdue_count,
        "overdue": overdue,
        "per_column": queries.CARDS_PER_COLUMN,
        "card_texts": card_texts(),  # the texts every card prints, translated once per page
        "filter_panel": listing.filter_panel(request, form, outside=()),
        "oob_count": partial,
        "tools": listing.tools(request, "portfolio:board"),
    }
    template = "portfolio/board.html" + ("#board-columns" if partial else "")
    return render(request, template, ctx, status=status)


@require_POST
def board_move(request: HttpRequest, pk: int) -> HttpResponse:
    """A card moved on the board, from its "Flytt" menu or dragged to another column: the moves the board makes in
    one step (the others link to their forms). The policy answers first (404, 403, 409), then the service."""
    action = {to: action for action, to in board_moves.ONE_STEP.items()}.get(request.POST.get("to", ""))
    if action is None:
        messages.error(request, _("This move is not made on the board: open the proposal and use its form."))
        return _board_page(request, BoardFilterForm(user=request.user), queries.BoardFilters(), status=422)
    proposal = access.get_for_user(request.user, Proposal, pk, action)
    try:
        proposal, problem = harmonise.proposal_triage(proposal=proposal, by=request.user)
    except ValidationError:
        raise access.NotNow(proposal, action) from None  # changed meanwhile: the 409 page says why
    params = {"title": proposal.title, "status": proposal.get_status_display()}
    messages.success(request, _("“%(title)s” was moved to: %(status)s.") % params)
    if problem:
        messages.warning(request, problem)
    return redirect_to(request, reverse("portfolio:board") + f"#card-{proposal.pk}")


@require_GET
def shelf(request: HttpRequest) -> HttpResponse:
    can_revive = access.can(request.user, "revive", Proposal)
    ctx = {**queries.shelf(request.user), "can_revive": can_revive, "form": ReasonForm()}
    return render(request, "portfolio/shelf.html", ctx)


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


@require_GET
def proposal_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The timeline fragment (step changes, decisions, merges) that the proposal's page includes or loads."""
    proposal = access.get_for_user(request.user, Proposal, pk)
    ctx = {"proposal": proposal, "timeline": timeline.proposal_timeline(proposal)}
    return render(request, "portfolio/_timeline.html", ctx)
