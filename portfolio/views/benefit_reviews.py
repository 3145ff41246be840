"""Benefit reviews (issue 23): the list (open reviews, overdue first, the answered ones, and the office's interval
setting), a review's page where the measure's owner answers with the facilitator, and the change proposal a review
starts. Overdue reviews are tasks on the start pages of the office and of the measure's owner
(portfolio/queries/benefit_reviews.py)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import access
from core.forms import add_service_errors
from core.htmx import redirect_to

from ..forms.benefit_plans import PlanLimitsForm
from ..forms.benefit_reviews import BenefitReviewAnswerForm, IntervalForm
from ..models import BenefitReview, BenefitReviewInterval, PlanChangeLimits
from ..queries import benefit_reviews as queries
from ..services import benefit_plans, plan_limits
from ..services import benefit_reviews as services


def _list_page(request, form=None, limits_form=None, status=200) -> HttpResponse:
    may_set = access.can(request.user, "set", BenefitReviewInterval)
    limits = plan_limits.current_limits()
    if limits_form is None and access.can(request.user, "set", PlanChangeLimits):
        initial = {"target_percent": limits.target_percent, "date_months": limits.date_months} if limits else None
        limits_form = PlanLimitsForm(initial=initial, prefix="limits")
    ctx = {
        **queries.review_lists(request.user, overdue_only=request.GET.get("overdue") == "1"),
        "overdue_only": request.GET.get("overdue") == "1",
        "intervals": queries.intervals(request.user),
        "form": (form or IntervalForm(user=request.user)) if may_set else None,
        "limits": limits,
        "limits_form": limits_form,
    }
    return render(request, "portfolio/benefit_reviews/review_list.html", ctx, status=status)


@require_GET
def benefit_review_list(request: HttpRequest) -> HttpResponse:
    return _list_page(request)


@require_POST
def benefit_review_interval_set(request: HttpRequest) -> HttpResponse:
    access.require(request.user, "set", BenefitReviewInterval)
    form = IntervalForm(request.POST, user=request.user)
    if form.is_valid():
        d = form.cleaned_data
        try:
            services.interval_set(life_event=d["life_event"], months=d["months"], by=request.user)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The review interval was saved, and the open reviews have new due dates."))
            return redirect_to(request, reverse("portfolio:benefit_review_list"))
    return _list_page(request, form, status=422)


@require_POST
def plan_limits_set(request: HttpRequest) -> HttpResponse:
    """The office sets the limits within which owners change their benefit plans without a decision."""
    access.require(request.user, "set", PlanChangeLimits)
    form = PlanLimitsForm(request.POST, prefix="limits")
    if form.is_valid():
        try:
            plan_limits.plan_limits_set(by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The limits of the owners' own changes were saved."))
            return redirect_to(request, reverse("portfolio:benefit_review_list"))
    return _list_page(request, limits_form=form, status=422)


def _review_page(request, review, form=None, status=200) -> HttpResponse:
    can_answer = access.can(request.user, "answer", review)
    ctx = {
        "review": review,
        "entries": benefit_plans.current_entries(review.measure),
        "can_answer": can_answer,
        "can_propose": access.can(request.user, "propose", review),
        "form": form or (BenefitReviewAnswerForm(owner_id=review.measure.owner_id) if can_answer else None),
    }
    return render(request, "portfolio/benefit_reviews/review_detail.html", ctx, status=status)


@require_http_methods(["GET", "POST"])
def benefit_review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    qs = BenefitReview.objects.select_related("measure__owner", "facilitator", "answered_by", "proposal")
    review = qs.get(pk=access.get_for_user(request.user, BenefitReview, pk).pk)
    if request.method == "GET":
        return _review_page(request, review)
    access.require_now(request.user, "answer", review)
    form = BenefitReviewAnswerForm(request.POST, owner_id=review.measure.owner_id)
    if form.is_valid():
        try:
            services.benefit_review_answer(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("The review was answered. The next one is due in the interval the office set."))
            return redirect_to(request, review.get_absolute_url())
    return _review_page(request, review, form, status=422)


@require_POST
def benefit_review_propose(request: HttpRequest, pk: int) -> HttpResponse:
    review = access.get_for_user(request.user, BenefitReview, pk, "propose")
    try:
        proposal = services.benefit_review_propose(review=review, by=request.user)
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
        return redirect_to(request, review.get_absolute_url())
    messages.success(
        request, _("A draft proposal to change the measure was made from the review. Complete it and submit it.")
    )
    return redirect_to(request, proposal.get_absolute_url())
