"""Who may do what in the portfolio: one predicate per (model, action), registered with `core.access`.

Loaded by `PortfolioConfig.ready()`. Each predicate combines the user's role and scope (`core.access`) with the
object's place in the workflow (the status groups of `portfolio.workflow`, derived from its moves): "decide" is
the office *and* a proposal that can be decided. Asked with a model class (`can(user, "create", Proposal)`), a
predicate answers whether the user may do this to objects of that kind at all.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from core.access import can, is_agency_staff, is_class, is_office, is_staff_of, rule

from . import workflow
from .choices import MeasureStatus

P = "portfolio.proposal"


def may_register(user) -> bool:
    """Agency staff register proposals for their own organisation; the office for any organisation."""
    return is_office(user) or is_agency_staff(user)


def _in(*statuses):
    """The workflow half of a rule: the proposal is in one of `statuses`."""

    def when(obj) -> bool:
        return obj.status in statuses

    return when


def _staff_or_office(user, proposal) -> bool:
    if is_class(proposal):
        return may_register(user)
    return is_office(user) or is_staff_of(user, proposal.organisation_id)


def _office(user, obj) -> bool:
    return is_office(user)


# ---- proposals ---------------------------------------------------------------------------------------------


@rule(P, "view")
def _proposal_view(user, proposal) -> bool:
    return True  # visibility is decided by Proposal.objects.visible_to


@rule(P, "create")
def _proposal_create(user, proposal) -> bool:
    """A draft for this organisation (or, asked of the class, any proposal at all)."""
    return _staff_or_office(user, proposal)


def _editor(user, proposal) -> bool:
    """The proposing organisation's staff work on drafts; the office on any proposal not withdrawn or merged."""
    if is_class(proposal):
        return may_register(user)
    if proposal.status in workflow.CLOSED:
        return False
    if proposal.status in workflow.DRAFTS:
        return _staff_or_office(user, proposal)
    return is_office(user)


# Edited while a draft or still being processed; a decided or shelved proposal is no longer edited.
rule(P, "change", "attach", when=_in(*workflow.EDITABLE))(_editor)
rule(P, "submit", when=_in(*workflow.sources("submit")))(_editor)


@rule(P, "withdraw", when=_in(*workflow.WITHDRAWABLE))
def _proposal_withdraw(user, proposal) -> bool:
    if not is_class(proposal) and proposal.status in workflow.CLOSED:
        return False
    return _staff_or_office(user, proposal)


@rule(P, "answer")
def _proposal_answer(user, proposal) -> bool:
    return _staff_or_office(user, proposal)


def _merged_into_a_proposal(proposal) -> bool:
    """Only a proposal merged into another proposal (not into a measure, by a decision) can be taken out again."""
    return proposal.status in workflow.sources("unmerge") and proposal.merged_into_id is not None


# The office's steps: who is the office; when is the proposal's place in the workflow.
rule(P, "triage", when=_in(*workflow.sources("triage")))(_office)
rule(P, "qualify", when=_in(*workflow.sources("qualify")))(_office)
rule(P, "merge", when=_in(*workflow.sources("merge")))(_office)
rule(P, "unmerge", when=_merged_into_a_proposal)(_office)
# The facilitator is neutral and follows the proposal through the process (docs/domain.md): chosen when it is taken
# into triage, and assigned or replaced in any of steps 1–4 (e.g. when a merge gives the one chosen a stake).
rule(P, "assign_facilitator", when=_in(*workflow.OPEN))(_office)
rule(P, "assign_reviewer", when=_in(*workflow.IN_ASSESSMENT))(_office)
rule(P, "decide", when=_in(*workflow.DECIDABLE))(_office)
rule(P, "revive", when=_in(*workflow.SHELVED))(_office)
# Questions and internal notes; class-level: the board, the assessment matrix, and registering proposals on
# behalf of an organisation (sought out or received).
rule(P, "ask", "note", "transition", "see_internal", "board", "see_matrix", "register_on_behalf")(_office)


@rule(P, "score")
def _proposal_score(user, proposal) -> bool:
    """An active reviewer of this proposal (asked of the class: a user who can be a reviewer at all)."""
    if is_class(proposal):
        return is_office(user) or is_agency_staff(user)
    return proposal.review_assignments.filter(reviewer=user, withdrawn_at__isnull=True).exists()


def _assessed(proposal) -> bool:
    return proposal.status not in workflow.BEFORE_ASSESSMENT


@rule(P, "see_scoring", when=_assessed)
def _proposal_see_scoring(user, proposal) -> bool:
    """The scoring page, once the proposal was qualified for assessment: the office and its active reviewers (`can`
    asks the state first: no reviewer query for a proposal before assessment)."""
    return is_office(user) or (not is_class(proposal) and can(user, "score", proposal))


@rule(P, "see_scores")
def _proposal_see_scores(user, proposal) -> bool:
    """The reveal rule of the blind assessment, in one place. Agency staff and ministries never see other
    reviewers' scores. An office member who reviews the proposal, or who works for the proposing organisation, sees
    the scores only when every active reviewer has submitted; the rest of the office sees the submitted scores.
    Uses `review_assignments` (prefetch it to keep the query count constant)."""
    if not is_office(user):
        return False
    if is_class(proposal):
        return True
    active = [a for a in proposal.review_assignments.all() if a.withdrawn_at is None]
    own = user.organisation_id is not None and user.organisation_id == proposal.organisation_id
    if own or any(a.reviewer_id == user.pk for a in active):
        return all(a.submitted_at is not None for a in active)
    return True


def see_scores_filter(user) -> Q:
    """The same reveal rule as `_proposal_see_scores`, as a filter of a query of proposals: what a list of many
    proposals' scores (the assessment matrix) asks once in its query instead of once per row.
    tests/portfolio/test_scoring.py holds the two to the same answer for each kind of user and proposal."""
    from .models import ReviewAssignment

    if not is_office(user):
        return Q(pk__in=[])
    active = ReviewAssignment.objects.filter(proposal_id=OuterRef("pk"), withdrawn_at__isnull=True)
    involved = Q(Exists(active.filter(reviewer_id=user.pk)))
    if user.organisation_id is not None:
        involved |= Q(organisation_id=user.organisation_id)
    return ~involved | ~Exists(active.filter(submitted_at__isnull=True))


# ---- measures ----------------------------------------------------------------------------------------------


@rule("portfolio.measure", "view")
def _measure_view(user, measure) -> bool:
    return True


def _terminated(measure) -> bool:
    return measure.status == MeasureStatus.TERMINATED


def _not_terminated(measure) -> bool:
    return not _terminated(measure)


# The office moves a measure on its ladders or terminates it while it runs, and revives a terminated one.
rule("portfolio.measure", "change", "review")(_office)
rule("portfolio.measure", "move", "terminate", when=_not_terminated)(_office)
rule("portfolio.measure", "revive", when=_terminated)(_office)
# Running measures brought in from outside the decisions (the import): the office.
rule("portfolio.measure", "create")(_office)


@rule("portfolio.measure", "report_status", "learn")
def _measure_report(user, measure) -> bool:
    if is_office(user):
        return True
    if not is_agency_staff(user):
        return False
    if is_class(measure):
        return True
    return measure.owner_id == user.organisation_id or measure.participants.filter(pk=user.organisation_id).exists()


# ---- scoring: rubric, reviewers, blind scores (step 3) ---------------------------------------------------------


@rule("portfolio.criterion", "view")
def _criterion_view(user, criterion) -> bool:
    return True  # the rubric is open to every signed-in user


@rule("portfolio.criterion", "create", "change")
def _criterion_change(user, criterion) -> bool:
    return is_office(user)


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


@rule("portfolio.callforproposals", "create", "change", "close")
def _call_change(user, call) -> bool:
    return is_office(user)


# ---- benefits and missions (reference data kept by the office; issue 15) -----------------------------------
# Changed only through portfolio/services/benefits.py and missions.py, which audit every change; never deleted
# while a measure or a call refers to them (the database protects those).


@rule("portfolio.benefit", "view")
@rule("portfolio.benefitrealisation", "view")
@rule("portfolio.mission", "view")
def _benefit_view(user, obj) -> bool:
    return True  # visible_to decides (a benefit: its measure's scope; missions: every signed-in user)


@rule("portfolio.benefit", "create", "change", "delete")
@rule("portfolio.benefitrealisation", "create", "change", "delete")
@rule("portfolio.dependency", "create", "change", "delete")
@rule("portfolio.mission", "create", "change")
@rule("portfolio.missiontarget", "create", "change", "delete")
@rule("portfolio.targetmeasurement", "create", "change", "delete")
def _reference_data_change(user, obj) -> bool:
    return is_office(user)


# ---- the quality check of a mission (issue 22) ----------------------------------------------------------------
# The office reviews a mission against the five criteria of Digdir's case; a review is never changed or deleted
# (no rule allows it): a later review is a new one. Whoever may see the mission may read its reviews
# (MissionReview.objects.visible_to follows the mission's visibility).


@rule("portfolio.missionreview", "view")
def _mission_review_view(user, review) -> bool:
    return True  # visible_to decides: the mission's visibility


@rule("portfolio.missionreview", "create")
def _mission_review_create(user, review) -> bool:
    return is_office(user)


# ---- public access (offentleglova, issue 22) ------------------------------------------------------------------
# Every record is public by default. Who may exempt a part of a record (and lift the exemption) and who sees the
# exempt values: the office, and the agency whose record it is (the submitting organisation of a proposal, the owner
# of a measure); everyone else who sees the record gets the legal basis in place of the value
# (portfolio/redaction.py). The access requests are the office's journal.


def _record_agency(record) -> int | None:
    return record.organisation_id if record._meta.label_lower == P else record.owner_id


def _own_record_or_office(user, record) -> bool:
    if is_office(user):
        return True
    if is_class(record):
        return is_agency_staff(user)
    return is_staff_of(user, _record_agency(record))


rule(P, "exempt", "see_exempt")(_own_record_or_office)
rule("portfolio.measure", "exempt", "see_exempt")(_own_record_or_office)


@rule("portfolio.exemption", "view")
def _exemption_view(user, exemption) -> bool:
    return True  # Exemption.objects.visible_to decides: its record's visibility (the value itself stays hidden)


def _not_lifted(exemption) -> bool:
    return exemption.lifted_at is None


@rule("portfolio.exemption", "lift", when=_not_lifted)
def _exemption_lift(user, exemption) -> bool:
    if is_class(exemption):
        return is_office(user) or is_agency_staff(user)
    return _own_record_or_office(user, exemption.record)


rule("portfolio.accessrequest", "view", "create")(_office)


def _unanswered(request) -> bool:
    return not request.outcome


rule("portfolio.accessrequest", "answer", when=_unanswered)(_office)
