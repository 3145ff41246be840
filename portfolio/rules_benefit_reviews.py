"""Who may set, see, answer and follow up benefit reviews (issue 23; portfolio/services/benefit_reviews.py), and
who changes a benefit plan within the limits the office sets (portfolio/services/plan_limits.py).
Registered with `core.access`; loaded by `PortfolioConfig.ready()`. Seeing a review is
`BenefitReview.objects.visible_to` (its measure's)."""

from __future__ import annotations

from core.access import is_agency_staff, is_class, is_office, is_staff_of, rule

from .choices import MeasureStatus

R = "portfolio.benefitreview"


@rule("portfolio.benefitreviewinterval", "view")
def _interval_view(user, interval) -> bool:
    return True  # everyone signed in reads how often measures are reviewed


@rule("portfolio.benefitreviewinterval", "set")
def _interval_set(user, interval) -> bool:
    """The office sets the interval."""
    return is_office(user)


@rule(R, "view")
def _review_view(user, review) -> bool:
    return True  # BenefitReview.objects.visible_to decides


def _open(review) -> bool:
    return review.answered_at is None and review.measure.status != MeasureStatus.TERMINATED


def _owner_or_office(user, review) -> bool:
    """The measure's owner answers with the facilitator, who is from the office: either may record the answers."""
    if is_class(review):
        return is_office(user) or is_agency_staff(user)
    return is_office(user) or is_staff_of(user, review.measure.owner_id)


rule(R, "answer", when=_open)(_owner_or_office)


def _may_propose(review) -> bool:
    """An answered review that has not started a proposal yet, of a measure still in the portfolio."""
    return (
        review.answered_at is not None
        and review.proposal_id is None
        and review.measure.status != (MeasureStatus.TERMINATED)
    )


rule(R, "propose", when=_may_propose)(_owner_or_office)


# ---- the owner's own changes of its benefit plan, within the office's limits (portfolio/services/plan_limits.py) ----

rule("portfolio.planchangelimits", "view")(lambda user, limits: True)


@rule("portfolio.planchangelimits", "set")
def _limits_set(user, limits) -> bool:
    """The office sets the limits."""
    return is_office(user)


def _in_portfolio(measure) -> bool:
    return measure.status != MeasureStatus.TERMINATED


@rule("portfolio.measure", "replan", when=_in_portfolio)
def _measure_replan(user, measure) -> bool:
    """The measure's owner changes its plan within the limits (a change outside them is the office's decision)."""
    if is_class(measure):
        return is_agency_staff(user)
    return is_staff_of(user, measure.owner_id)


@rule("portfolio.proposal", "seek")
def _proposal_seek(user, proposal) -> bool:
    """The office looks for new opportunities where the portal suggests (issue 23: seeking, not only receiving)."""
    return is_office(user)
