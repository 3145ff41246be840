"""Reads of the benefit reviews (issue 23): the open reviews a user sees (overdue first), the answered ones, the
intervals, and the overdue count that the start pages' tasks show (the office: all; an agency: its own measures')."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from core import access
from core.dashboard import Task, register_tasks

from ..models import BenefitReview, BenefitReviewInterval

ANSWERED_SHOWN = 20


def _mine(user) -> Q:
    """The reviews the user answers: the office all it sees, agency staff their organisation's measures'."""
    if access.is_office(user):
        return Q()
    if access.is_agency_staff(user):
        return Q(measure__owner_id=user.organisation_id)
    return Q(pk__in=[])


def overdue_count(user) -> int:
    """Open reviews past their due date that are the user's to answer (one COUNT)."""
    if not access.can(user, "answer", BenefitReview):
        return 0
    today = timezone.localdate()
    return BenefitReview.objects.visible_to(user).open().filter(_mine(user), due_date__lt=today).count()


@register_tasks(12)
def benefit_review_tasks(user) -> list[Task]:
    """Overdue benefit reviews on the start page: the office's (all) and the measure owner's (its own)."""
    count = overdue_count(user)
    label = ngettext("benefit review overdue", "benefit reviews overdue", count)
    url = reverse("portfolio:benefit_review_list") + "?overdue=1"
    return [Task("benefit_reviews_overdue", label, count, url, overdue=True)]


def review_lists(user, *, overdue_only: bool = False) -> dict:
    """The open reviews (overdue first: by due date) and the latest answered ones, within the user's scope."""
    today = timezone.localdate()
    qs = BenefitReview.objects.visible_to(user).select_related("measure__owner")
    open_ = qs.open().order_by("due_date", "pk")
    if overdue_only:
        open_ = open_.filter(due_date__lt=today)
    open_rows = list(open_)
    for review in open_rows:
        review.overdue = review.due_date < today
    answered = list(
        qs.filter(answered_at__isnull=False).select_related("proposal").order_by("-answered_at", "-pk")[:ANSWERED_SHOWN]
    )
    return {"open": open_rows, "answered": answered, "overdue": sum(1 for r in open_rows if r.overdue)}


def intervals(user) -> list[BenefitReviewInterval]:
    return list(BenefitReviewInterval.objects.visible_to(user).select_related("life_event").order_by("-life_event"))
