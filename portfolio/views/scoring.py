"""Step 3 pages: the rubric and its editor, the reviewer's work queue, a proposal's scoring page with the htmx score
endpoint, reviewer assignment, and the innovation-potential × complexity matrix."""

from copy import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.dashboard import register_panel
from core.htmx import is_partial, redirect_to

from .. import redaction
from ..forms.scoring import CriterionForm, MatrixFilterForm, ReviewerAssignForm, ReviewerWithdrawForm, ScoreForm
from ..models import Criterion, Proposal, ReviewAssignment
from ..queries import scoring as queries
from ..services import scoring as services

PAGE = "portfolio/scoring/proposal_scoring.html"


@register_panel(30, "portfolio/scoring/_queue_panel.html")
def review_queue_panel(user) -> dict | None:
    """Reviewers see what waits for them; the office always sees the panel, with the rubric and the matrix."""
    assignments, see_matrix = queries.review_queue_for(user), access.can(user, "see_matrix", Proposal)
    return {"assignments": assignments, "see_matrix": see_matrix} if assignments or see_matrix else None


@require_GET
def rubric(request: HttpRequest) -> HttpResponse:
    can_edit = access.can(request.user, "create", Criterion)
    return render(
        request, "portfolio/scoring/rubric.html", {"criteria": queries.criterion_list(), "can_edit": can_edit}
    )


@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    criterion = access.get_for_user(request.user, Criterion, pk, "change") if pk else None
    access.require(request.user, "change", criterion or Criterion)
    form = CriterionForm(request.POST or None, instance=copy(criterion))  # validating never touches `criterion`
    conflict = None
    if request.method == "POST" and form.is_valid():
        data, version = form.cleaned_data, form.cleaned_data.pop("version")
        try:
            if criterion:
                services.criterion_update(criterion=criterion, data=data, version=version, by=request.user)
            else:
                services.criterion_create(data=data, by=request.user)
        except services.Conflict as e:
            conflict = e.current
            # The form validates into its own copy: the conflict box keeps showing the values saved now.
            form = CriterionForm({**request.POST.dict(), "version": conflict.version}, instance=copy(conflict))
            form.add_error(None, e)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("The rubric was saved."))
            return redirect_to(request, reverse("portfolio:rubric"))
    ctx = {"form": form, "criterion": criterion, "conflict": conflict}
    status = 422 if request.method == "POST" else 200
    return render(request, "portfolio/scoring/criterion_form.html", ctx, status=status)


@require_GET
def review_queue(request: HttpRequest) -> HttpResponse:
    see_matrix = access.can(request.user, "see_matrix", Proposal)
    ctx = {"assignments": queries.review_queue_for(request.user), "see_matrix": see_matrix}
    return render(request, "portfolio/scoring/review_queue.html", ctx)


def _page_context(request: HttpRequest, proposal: Proposal, *, failed_form=None, sent_forms=None, **extra) -> dict:
    page = queries.scoring_page(proposal, request.user)
    redaction.redact(request.user, proposal, mark=False)  # a reviewer of another agency reads the legal basis only
    editable = page.mine is not None and page.mine.submitted_at is None
    kept = dict(sent_forms or {})  # forms sent with a refused Submit keep the reviewer's choices
    if failed_form:
        kept[failed_form.criterion.pk] = failed_form
    ctx = {
        "page": page,
        "proposal": proposal,
        "score_forms": [
            kept.get(c.pk) or ScoreForm(criterion=c, score=page.my_scores.get(c.pk))
            for c in page.criteria
            if c.is_active and editable
        ],
        "can_assign": access.can(request.user, "assign_reviewer", proposal),
    }
    if ctx["can_assign"] and "assign_form" not in extra:
        ctx["assign_form"] = ReviewerAssignForm(user=request.user, proposal=proposal)
    return {**ctx, **extra}


@require_GET
def proposal_scoring(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "see_scoring")
    return render(request, PAGE, _page_context(request, proposal))


@require_POST
def score_save(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "score")
    assignment = get_object_or_404(ReviewAssignment.objects.active(), proposal=proposal, reviewer=request.user)
    criterion = get_object_or_404(Criterion.objects.active().for_call(proposal.call_id), pk=criterion_pk)
    form, status = ScoreForm(request.POST, criterion=criterion), 422
    if form.is_valid():
        try:
            score = services.score_save(
                assignment=assignment, criterion=criterion, by=request.user, **form.cleaned_data
            )
        except services.Conflict as e:
            current_version = e.current.version if e.current else 0
            form = ScoreForm({**request.POST.dict(), f"c{criterion.pk}-version": current_version}, criterion=criterion)
            form.add_error(None, e)
            form.conflict = e.current
        except ValidationError as e:
            form.add_error(None, e)
        else:
            if not is_partial(request):
                messages.success(request, _("Score saved."))
                return redirect_to(request, reverse("portfolio:proposal_scoring", kwargs={"pk": pk}))
            form, status = ScoreForm(criterion=criterion, score=score), 200
            form.saved = score
    if is_partial(request):
        return render(request, PAGE + "#score-form", {"form": form, "proposal": proposal, "oob": True}, status=status)
    return render(request, PAGE, _page_context(request, proposal, failed_form=form), status=status)


@require_POST
def score_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "score")
    assignment = get_object_or_404(ReviewAssignment.objects.active(), proposal=proposal, reviewer=request.user)
    # The choices sent with Submit (htmx includes every score form): saved with it, or kept in the forms if refused
    forms = {c.pk: ScoreForm(request.POST, criterion=c) for c in Criterion.objects.active().for_call(proposal.call_id)}
    sent = {pk: f for pk, f in forms.items() if f.add_prefix("value") in request.POST}
    try:
        if not all(f.is_valid() for f in sent.values()):
            raise ValidationError(_("Check the scores marked below; nothing was saved or submitted."))
        scores = [(f.criterion, f.cleaned_data) for f in sent.values()]
        services.score_submit(assignment=assignment, by=request.user, scores=scores)
    except ValidationError as e:
        ctx = _page_context(request, proposal, submit_errors=e.messages, sent_forms=sent)
        return render(request, PAGE, ctx, status=422)
    messages.success(request, _("Your assessment was submitted."))
    return redirect_to(request, reverse("portfolio:proposal_scoring", kwargs={"pk": pk}))


@require_POST
def reviewer_assign(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = access.get_for_user(request.user, Proposal, pk, "assign_reviewer")
    form = ReviewerAssignForm(request.POST, user=request.user, proposal=proposal)
    if form.is_valid():
        try:
            assignment = services.reviewer_assign(proposal=proposal, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("%(name)s was asked to assess the proposal.") % {"name": assignment.reviewer})
            return redirect_to(request, reverse("portfolio:proposal_scoring", kwargs={"pk": pk}))
    template = PAGE + "#reviewers" if is_partial(request) else PAGE
    return render(request, template, _page_context(request, proposal, assign_form=form), status=422)


@require_POST
def reviewer_withdraw(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    assignment = access.get_for_user(request.user, ReviewAssignment, assignment_pk, "withdraw", proposal_id=pk)
    form = ReviewerWithdrawForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        services.reviewer_withdraw(assignment=assignment, reason=form.cleaned_data["reason"], by=request.user)
    except ValidationError as e:
        messages.error(request, " ".join(e.messages))
    else:
        messages.success(request, _("%(name)s is no longer a reviewer.") % {"name": assignment.reviewer})
    return redirect_to(request, reverse("portfolio:proposal_scoring", kwargs={"pk": pk}))


@require_GET
def assessment_matrix(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "see_matrix", Proposal)
    form = MatrixFilterForm(request.GET or None, user=request.user)
    life_event = form.cleaned_data["life_event"] if form.is_valid() else None
    points = queries.assessment_matrix(request.user, life_event=life_event and life_event.pk)
    ctx = {"points": points, "form": form, "limit": queries.MATRIX_MAX_POINTS}
    ctx["form_fields"] = form.render("components/_fields.html")  # each field as components/_field.html writes it
    ctx["chart_key"] = queries.matrix_chart_key(points)  # the chart is drawn once for the data it shows
    ctx["table_key"] = queries.matrix_table_key(points)  # and the table's rows once for the rows it shows
    return render(request, "portfolio/scoring/assessment_matrix.html", ctx)
