"""Who may do what in the portfolio: one predicate per (model, action), registered with `core.access`.

Loaded by `PortfolioConfig.ready()`. The rules combine the user's role and scope (`core.access`) with the
proposal's place in the workflow.
"""

from __future__ import annotations

from core.access import can, is_office, is_staff_of, rule
from core.models import Role

from .choices import ProposalStatus

DRAFT = ProposalStatus.DRAFT
CLOSED_STATUSES = {ProposalStatus.WITHDRAWN, ProposalStatus.MERGED}


# ---- proposals ---------------------------------------------------------------------------------------------


@rule("portfolio.proposal", "view")
def _proposal_view(user, proposal) -> bool:
    return True  # visibility is decided by Proposal.objects.visible_to


@rule("portfolio.proposal", "change", "attach", "submit")
def _proposal_change(user, proposal) -> bool:
    """The proposing organisation's staff edit and submit drafts; the office may edit until it is closed."""
    if proposal.status in CLOSED_STATUSES:
        return False
    if proposal.status == DRAFT:
        return is_staff_of(user, proposal.organisation_id) or is_office(user)
    return is_office(user)


@rule("portfolio.proposal", "withdraw")
def _proposal_withdraw(user, proposal) -> bool:
    return proposal.status not in CLOSED_STATUSES and (is_staff_of(user, proposal.organisation_id) or is_office(user))


@rule("portfolio.proposal", "answer")
def _proposal_answer(user, proposal) -> bool:
    return is_staff_of(user, proposal.organisation_id) or is_office(user)


@rule(
    "portfolio.proposal",
    "triage",
    "qualify",
    "merge",
    "unmerge",
    "ask",
    "note",
    "assign_facilitator",
    "assign_reviewer",
    "transition",
    "decide",
    "revive",
    "see_internal",
)
def _proposal_office(user, proposal) -> bool:
    return is_office(user)


@rule("portfolio.proposal", "score")
def _proposal_score(user, proposal) -> bool:
    return proposal.review_assignments.filter(reviewer=user, withdrawn_at__isnull=True).exists()


# ---- measures ----------------------------------------------------------------------------------------------


@rule("portfolio.measure", "view")
def _measure_view(user, measure) -> bool:
    return True


@rule("portfolio.measure", "change", "move", "terminate", "review")
def _measure_change(user, measure) -> bool:
    return is_office(user)


@rule("portfolio.measure", "report_status", "learn")
def _measure_report(user, measure) -> bool:
    if is_office(user):
        return True
    if user.role != Role.AGENCY_STAFF or user.organisation_id is None:
        return False
    return measure.owner_id == user.organisation_id or measure.participants.filter(pk=user.organisation_id).exists()


# ---- scoring: rubric, reviewers, blind scores (step 3) ---------------------------------------------------------


@rule("portfolio.criterion", "view")
def _criterion_view(user, criterion) -> bool:
    return True  # the rubric is open to every signed-in user


@rule("portfolio.criterion", "change")
def _criterion_change(user, criterion) -> bool:
    return is_office(user)


@rule("portfolio.proposal", "see_scoring")
def _proposal_see_scoring(user, proposal) -> bool:
    """The scoring page: the office, and the proposal's active reviewers."""
    return is_office(user) or can(user, "score", proposal)


@rule("portfolio.proposal", "see_scores")
def _proposal_see_scores(user, proposal) -> bool:
    """The reveal rule of the blind assessment, in one place. Agency staff and ministries never see other
    reviewers' scores. An office member who reviews the proposal sees the others' scores only when every active
    reviewer has submitted; the rest of the office sees the submitted scores. Uses `review_assignments`
    (prefetch it to keep the query count constant)."""
    if not is_office(user):
        return False
    active = [a for a in proposal.review_assignments.all() if a.withdrawn_at is None]
    if any(a.reviewer_id == user.pk for a in active):
        return all(a.submitted_at is not None for a in active)
    return True


@rule("portfolio.reviewassignment", "view")
def _assignment_view(user, assignment) -> bool:
    return True  # visibility is decided by ReviewAssignment.objects.visible_to


@rule("portfolio.reviewassignment", "withdraw")
def _assignment_withdraw(user, assignment) -> bool:
    return is_office(user)


# ---- calls for proposals (intake, issue 4) ------------------------------------------------------------------


@rule("portfolio.callforproposals", "view")
def _call_view(user, call) -> bool:
    return True  # CallForProposals.objects.visible_to decides (every signed-in user)


@rule("portfolio.callforproposals", "change", "close")
def _call_change(user, call) -> bool:
    return is_office(user)


# ---- benefits and missions (reference data kept by the office; issue 15) -----------------------------------
# Changed only through portfolio/services/benefits.py and missions.py, which audit every change; never deleted
# while a measure or a call refers to them (the database protects those).


@rule("portfolio.benefit", "create", "change", "delete")
@rule("portfolio.benefitrealisation", "create", "change", "delete")
@rule("portfolio.mission", "create", "change")
@rule("portfolio.missiontarget", "create", "change", "delete")
def _reference_data_change(user, obj) -> bool:
    return is_office(user)
