"""Who may do what: the one place for permission rules.

Seeing an object is decided by `Model.objects.visible_to(user)`; an object the user may not see answers
404 (its existence does not leak). Acting on a visible object is decided here by `can(user, action, obj)`;
a visible object the user may not act on answers 403. Rules are keyed by the model's label, so `core`
never imports a domain app. An action without a rule is refused (deny by default).
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404

from .models import Role

Rule = Callable[[object, object], bool]
_RULES: dict[tuple[str, str], Rule] = {}

# Proposal statuses the rules need (strings, so core does not import portfolio).
DRAFT = "draft"
CLOSED_STATUSES = {"withdrawn", "merged"}


def rule(label: str, *actions: str):
    def register(func: Rule) -> Rule:
        for action in actions:
            _RULES[(label, action)] = func
        return func

    return register


def can(user, action: str, obj: models.Model) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    check = _RULES.get((obj._meta.label_lower, action))
    return bool(check and check(user, obj))


def require(user, action: str, obj: models.Model) -> None:
    if not can(user, action, obj):
        raise PermissionDenied


def get_for_user(user, model: type[models.Model], pk, action: str = "view", **lookup) -> models.Model:
    """Fetch an object through `visible_to(user)` (404 when invisible), then check the action (403)."""
    obj = get_object_or_404(model.objects.visible_to(user), pk=pk, **lookup)
    if action != "view":
        require(user, action, obj)
    return obj


# ---- roles -------------------------------------------------------------------------------------------------


def is_office(user) -> bool:
    return user.is_superuser or user.role in (Role.PORTFOLIO_OFFICE, Role.ADMINISTRATOR)


def is_staff_of(user, organisation_id) -> bool:
    return (
        user.role == Role.AGENCY_STAFF and user.organisation_id is not None and user.organisation_id == organisation_id
    )


def can_order_reports(user) -> bool:
    return is_office(user) or user.role == Role.MINISTRY_OFFICIAL


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


# ---- reports: reporting rounds, status reports, generated documents (issue 6) --------------------------------


@rule("reports.reportinground", "view")
def _round_view(user, round) -> bool:
    return True  # the schedule of rounds is shared; ReportingRound.objects.visible_to decides


@rule("reports.reportinground", "change", "close", "remind", "see_completeness")
def _round_office(user, round) -> bool:
    return is_office(user)


@rule("reports.reportinground", "order")
def _round_order(user, round) -> bool:
    return can_order_reports(user)


@rule("reports.statusreport", "view")
def _status_report_view(user, report) -> bool:
    return True  # StatusReport.objects.visible_to decides


@rule("reports.statusreport", "change", "submit")
def _status_report_change(user, report) -> bool:
    """Only the staff of the measure's owner organisation, and only while the round is open."""
    return report.round.status == "open" and is_staff_of(user, report.measure.owner_id)


@rule("reports.generatedreport", "view", "download")
def _document_view(user, document) -> bool:
    return True  # GeneratedReport.objects.visible_to decides (restricted documents: their ministries only)


@rule("reports.generatedreport", "refresh")
def _document_refresh(user, document) -> bool:
    return is_office(user)


# ---- calls for proposals (intake, issue 4) ------------------------------------------------------------------


@rule("portfolio.callforproposals", "view")
def _call_view(user, call) -> bool:
    return True  # CallForProposals.objects.visible_to decides (every signed-in user)


@rule("portfolio.callforproposals", "change", "close")
def _call_change(user, call) -> bool:
    return is_office(user)
