"""Benefit reviews that go looking (issue 23). The office sets the interval (`interval_set`: every N months,
portfolio-wide or for one life event's measures; audited); every running measure then has one open review, due
that many months after its last answered review (or its start); `benefit_reviews_schedule` opens and re-dates them
(after a setting changes, after an answer, and daily from the worker). The measure's owner answers with the
facilitator (`benefit_review_answer`), which opens the next one; an answered review can start a change proposal
that extends the measure (`benefit_review_propose`, through the intake services). Overdue reviews are tasks on
the office's and the owner's start pages (portfolio/queries/benefit_reviews.py)."""

from __future__ import annotations

import calendar
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import access, audit

from ..choices import MeasureStatus, Origin, Qualification
from ..models import BenefitReview, BenefitReviewInterval, Measure, Proposal
from ..models.benefit_reviews import BenefitStill, ReviewDirection
from . import harmonise, intake

MONTHS_MIN, MONTHS_MAX = 1, 36
RUNNING = (MeasureStatus.ONGOING,)  # the measures that are reviewed


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when it is shorter: 31 January + 1 = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---- the office's setting ----------------------------------------------------------------------------------------


@transaction.atomic
def interval_set(*, months: int | None, by, life_event=None) -> BenefitReviewInterval | None:
    """Set how often the running measures' benefits are reviewed: portfolio-wide (no `life_event`) or for one life
    event's measures; `months` None removes the setting. Audited; the open reviews are re-dated at once."""
    access.require(by, "set", BenefitReviewInterval)
    if months is not None and not (MONTHS_MIN <= months <= MONTHS_MAX):
        raise ValidationError({"months": _("Give an interval of 1 to 36 months.")})
    current = BenefitReviewInterval.objects.select_for_update().filter(life_event=life_event).order_by("pk").first()
    old = current.months if current else None
    if months is None:
        if current is not None:
            current.delete()
        current = None
    elif current is None:
        current = BenefitReviewInterval.objects.create(life_event=life_event, months=months, updated_by=by)
    else:
        current.months, current.updated_by = months, by
        current.save(update_fields=["months", "updated_by", "updated_at"])
    if old != months:
        audit.record(
            actor=by,
            action="portfolio.benefitreviewinterval.set",
            obj=current or life_event or by,
            changes={"life_event": life_event.pk if life_event else None, "months": [old, months]},
        )
        benefit_reviews_schedule(by=by)
    return current


def months_for(measures) -> dict[int, int]:
    """Each measure's interval (measure id -> months): the shortest of its life events' own, else the
    portfolio-wide one; a measure with neither is not reviewed (left out)."""
    wide = BenefitReviewInterval.objects.filter(life_event__isnull=True).values_list("months", flat=True).first()
    ids = [m.pk for m in measures]
    own = dict(
        Measure.objects.filter(pk__in=ids, life_events__benefit_review_interval__isnull=False)
        .values("pk")
        .annotate(months=Min("life_events__benefit_review_interval__months"))
        .values_list("pk", "months")
    )
    return {pk: own.get(pk, wide) for pk in ids if own.get(pk, wide)}


def _base_dates(measures) -> dict[int, datetime.date]:
    """From when the next review counts: the last answered review, else the measure's start, else today."""
    latest = {}
    for measure_id, answered_at in BenefitReview.objects.filter(
        measure__in=measures, answered_at__isnull=False
    ).values_list("measure_id", "answered_at"):
        day = timezone.localtime(answered_at).date()
        latest[measure_id] = max(latest.get(measure_id, day), day)
    today = timezone.localdate()
    return {m.pk: latest.get(m.pk) or m.start_date or today for m in measures}


@transaction.atomic
def benefit_reviews_schedule(*, by=None) -> int:
    """Open a review for every running measure that has an interval and no open review, and re-date the open ones
    to the interval in force; the open reviews of a measure that is no longer running or has no interval are
    left as they are (answered or not, they are the record). Returns how many reviews were opened."""
    measures = list(Measure.objects.filter(status__in=RUNNING).only("pk", "start_date", "title"))
    months = months_for(measures)
    measures = [m for m in measures if m.pk in months]
    if not measures:
        return 0
    base = _base_dates(measures)
    open_ = {r.measure_id: r for r in BenefitReview.objects.open().filter(measure__in=measures).select_for_update()}
    opened = 0
    for measure in measures:
        due = add_months(base[measure.pk], months[measure.pk])
        review = open_.get(measure.pk)
        if review is None:
            review = BenefitReview.objects.create(measure=measure, due_date=due)
            audit.record(actor=by, action="portfolio.benefitreview.opened", obj=review, changes={"due_date": due})
            opened += 1
        elif review.due_date != due:
            old, review.due_date = review.due_date, due
            review.save(update_fields=["due_date"])
            changes = {"due_date": [old, due]}
            audit.record(actor=by, action="portfolio.benefitreview.redated", obj=review, changes=changes)
    return opened


# ---- the owner's answer --------------------------------------------------------------------------------------------


def facilitator_problem(review: BenefitReview, user) -> str | None:
    """Who may facilitate a review: whom the facilitator rule's role half allows (an active member of the office,
    `harmonise.facilitator_role_problem`) and who does not work for the measure's owner (the facilitator is
    neutral)."""
    if user is None:
        return None
    if problem := harmonise.facilitator_role_problem(user):
        return problem
    if user.organisation_id and user.organisation_id == review.measure.owner_id:
        return str(_("%(name)s works for the measure's owner.") % {"name": user})
    return None


@transaction.atomic
def benefit_review_answer(
    *,
    review: BenefitReview,
    benefit_still: str,
    direction: str,
    by,
    new_insight: str = "",
    notes: str = "",
    facilitator=None,
) -> BenefitReview:
    """The owner's answers (with the facilitator): is the expected benefit still there, what new benefit or need has
    appeared, should the direction change or the measure stop. A change or a stop needs the reason. The next review
    is opened from today."""
    access.require(by, "answer", review)
    review = BenefitReview.objects.select_for_update().select_related("measure").get(pk=review.pk)
    access.check_state("answer", review)
    new_insight, notes = (new_insight or "").strip(), (notes or "").strip()
    if facilitator is None and access.is_office(by):
        facilitator = by
    errors = {}
    if benefit_still not in BenefitStill.values:
        errors["benefit_still"] = _("Say whether the expected benefit is still there.")
    if direction not in ReviewDirection.values:
        errors["direction"] = _("Say whether the direction should stay, change or the measure stop.")
    elif direction != ReviewDirection.KEEP and not (notes or new_insight):
        errors["notes"] = _("Say why the direction should change or the measure stop.")
    if problem := facilitator_problem(review, facilitator):
        errors["facilitator"] = problem
    if errors:
        raise ValidationError(errors)
    review.benefit_still, review.direction = benefit_still, direction
    review.new_insight, review.notes, review.facilitator = new_insight, notes, facilitator
    review.answered_by, review.answered_at = by, timezone.now()
    review.save(
        update_fields=[
            "benefit_still", "direction", "new_insight", "notes", "facilitator", "answered_by", "answered_at"
        ]
    )  # fmt: skip
    audit.record(
        actor=by,
        action="portfolio.benefitreview.answered",
        obj=review,
        changes={
            "benefit_still": benefit_still,
            "direction": direction,
            "facilitator": facilitator.pk if facilitator else None,
        },
        note="\n\n".join(t for t in (new_insight, notes) if t),
    )
    benefit_reviews_schedule(by=by)  # the next one, counted from today
    return review


@transaction.atomic
def benefit_review_propose(*, review: BenefitReview, by) -> Proposal:
    """Back to step 1 from a review: a proposal for changing the measure, prefilled from the answers and qualified
    as extending the measure, registered through the intake services (for the user's organisation or, from the
    office, the measure's owner). It stays a draft that its organisation completes and submits."""
    access.require(by, "propose", review)
    review = BenefitReview.objects.select_for_update().select_related("measure").get(pk=review.pk)
    access.check_state("propose", review)
    measure = review.measure
    insight = (
        review.new_insight
        or review.notes
        or str(_("Found in the benefit review of %(date)s.") % {"date": timezone.localtime(review.answered_at).date()})
    )
    data = {
        "title": str(_("Change of the measure: %(title)s") % {"title": measure.title})[:200],
        "need": insight,
        "solution": review.notes if review.new_insight else "",
        "organisation": by.organisation if access.is_agency_staff(by) else measure.owner,
        "life_events": list(measure.life_events.all()),
        "missions": list(measure.missions.all()),
        "origin": Origin.BENEFIT_REVIEW,  # recorded when the office registers it (sought out)
    }
    proposal = intake.proposal_create(data=data, by=by)
    proposal.related_measure, proposal.qualification = measure, Qualification.EXTENDS
    proposal.save(update_fields=["related_measure", "qualification", "updated_at"])
    review.proposal = proposal
    review.save(update_fields=["proposal"])
    audit.record(
        actor=by,
        action="portfolio.proposal.created_from_benefit_review",
        obj=proposal,
        changes={"measure": measure.pk, "benefit_review": review.pk, "qualification": Qualification.EXTENDS},
    )
    return proposal
