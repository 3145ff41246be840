"""Step 2, harmonise and qualify: taking a proposal into triage, the facilitator rule and the five qualification
outcomes (a duplicate is merged, keeping both authors and texts: `merge.py`). Questions, answers and internal notes
are in `messages.py`.

Every status change goes through `proposal_transition`; every write is audited in the same transaction, and the
e-mails leave when it commits.
"""

from __future__ import annotations

import functools

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import access, audit
from core.models import Organisation, Role, User

from ..choices import DependencyKind, MeasureStatus, Qualification
from ..choices import ProposalStatus as S
from ..models import Dependency, Measure, Proposal
from ..workflow import OPEN
from .merge import MERGE_TARGET_ERROR, merge_locked
from .scoring import Conflict
from .transitions import locked, proposal_transition

TO_ASSESSMENT = (Qualification.EXTENDS, Qualification.COMPLEMENTS, Qualification.NEW_CANDIDATE)
NEEDS_MEASURE = (Qualification.EXTENDS, Qualification.COMPLEMENTS)

__all__ = [
    "Conflict",
    "facilitator_assign",
    "facilitator_problem",
    "facilitator_role_problem",
    "proposal_qualify",
    "proposal_triage",
]


# ---- the facilitator rule -----------------------------------------------------------------------------------


def overlapping_measures(proposal: Proposal) -> list[Measure]:
    """The measures the proposal overlaps: its related measure (set when it was qualified as extending or
    complementing one) and the measures recorded as overlapping that measure."""
    if not proposal.related_measure_id:
        return []
    linked = Dependency.objects.filter(kind=DependencyKind.OVERLAPS).filter(
        Q(from_measure_id=proposal.related_measure_id) | Q(to_measure_id=proposal.related_measure_id)
    )
    ids = {proposal.related_measure_id}
    for from_id, to_id in linked.values_list("from_measure_id", "to_measure_id"):
        ids |= {from_id, to_id}
    return list(Measure.objects.filter(pk__in=ids).select_related("owner").order_by("title"))


def facilitator_role_problem(user) -> str | None:
    """Who can facilitate at all, the role half of the facilitator rule: an active member of the portfolio office.
    Every process led by a neutral facilitator asks it (step 2 here, the benefit reviews); each then says who has a
    stake in its own case."""
    if not user.is_active or user.role != Role.PORTFOLIO_OFFICE:
        return gettext("%(name)s is not an active member of the portfolio office.") % {"name": user}
    return None


def facilitator_problem(proposal: Proposal, user) -> str | None:
    """THE facilitator rule: why `user` may not facilitate `proposal`, or None. A facilitator is an active member
    of the portfolio office, not from the proposing organisation and not from the owner of an overlapping measure
    (the process needs someone with no stake in either)."""
    if user is None:
        return gettext("Choose a facilitator.")
    if problem := facilitator_role_problem(user):
        return problem
    if user.organisation_id is not None and user.organisation_id == proposal.organisation_id:
        return gettext("%(name)s works for %(org)s, the organisation that made the proposal.") % {
            "name": user,
            "org": proposal.organisation,
        }
    if user.organisation_id is not None and proposal.pk:
        merged = Proposal.objects.filter(merged_into=proposal, status=S.MERGED, organisation_id=user.organisation_id)
        merged = merged.select_related("organisation").first()
        if merged is not None:
            return gettext("%(name)s works for %(org)s, whose proposal “%(title)s” was merged into this one.") % {
                "name": user,
                "org": merged.organisation,
                "title": merged.title,
            }
    if user.organisation_id is not None:
        for measure in overlapping_measures(proposal):
            if measure.owner_id == user.organisation_id:
                return gettext("%(name)s works for %(org)s, which owns the overlapping measure “%(measure)s”.") % {
                    "name": user,
                    "org": measure.owner,
                    "measure": measure.title,
                }
    return None


@functools.cache
def _candidates() -> QuerySet:
    """Every active member of the portfolio office, in name order: built once per process and never evaluated itself
    (its condition holds no value of a request; each use is a copy)."""
    qs = get_user_model().objects.filter(is_active=True, role=Role.PORTFOLIO_OFFICE).select_related("organisation")
    return qs.order_by("first_name", "last_name", "username")


def facilitator_candidates() -> QuerySet:
    """Every active member of the portfolio office (the form accepts any of them; the rule says who may not)."""
    return _candidates().all()


@functools.cache
def _candidate_rows() -> QuerySet:
    """The candidates as the form's options read them (built once, as `_candidates`, and only copied)."""
    return _candidates().values_list("pk", "first_name", "last_name", "username", "organisation__short_name",
                                     "organisation__name", "organisation_id")  # fmt: skip


def facilitator_choices(proposal: Proposal) -> list[tuple[int, str]]:
    """The office members offered in the form (the rule itself is checked again on save): the candidates not from the
    proposing organisation, as (key, label) options in the candidates' order, read as values: the label is
    `str(user)` and, with an organisation, its label in brackets (`User.name_of`, `Organisation.label_of`). The
    proposing organisation's members are left out here rather than in the query (the same rows as
    `.exclude(organisation_id=…)`: a member with no organisation stays), so the query is a copy of one built once."""
    out = []
    for pk, first_name, last_name, username, short_name, name, organisation_id in _candidate_rows().all():
        if organisation_id == proposal.organisation_id:
            continue
        label = User.name_of(first_name, last_name, username)
        out.append((pk, f"{label} ({Organisation.label_of(short_name, name)})" if name is not None else label))
    return out


def _set_facilitator(proposal: Proposal, user, by) -> None:
    before = proposal.facilitator
    proposal.facilitator = user
    proposal.save(update_fields=["facilitator", "updated_at"])
    audit.record(
        actor=by,
        action="portfolio.proposal.facilitator_assigned",
        obj=proposal,
        changes={"facilitator": [str(before) if before else None, str(user)]},
    )


@transaction.atomic
def facilitator_assign(*, proposal: Proposal, facilitator, by) -> Proposal:
    access.require(by, "assign_facilitator", proposal)
    proposal = locked(proposal)
    if not access.in_state("assign_facilitator", proposal):  # the policy's steps (portfolio/rules.py)
        raise ValidationError(_("A facilitator can only be assigned while the proposal is being processed."))
    problem = facilitator_problem(proposal, facilitator)
    if problem:
        raise ValidationError({"facilitator": problem}, code="facilitator_refused")
    if proposal.facilitator_id != facilitator.pk:
        _set_facilitator(proposal, facilitator, by)
    return proposal


def facilitator_recheck(proposal: Proposal, *, by) -> str | None:
    """After the facts change (a merge brings another organisation in, a new overlap with the related measure:
    `dependencies.py`): a facilitator who now has a stake is taken off the proposal, with the reason in its audit
    trail; the office assigns another. Returns the reason, or None."""
    if proposal.facilitator_id is None:
        return None
    problem = facilitator_problem(proposal, proposal.facilitator)
    if problem:
        before, proposal.facilitator = proposal.facilitator, None
        proposal.save(update_fields=["facilitator", "updated_at"])
        audit.record(
            actor=by,
            action="portfolio.proposal.facilitator_removed",
            obj=proposal,
            changes={"facilitator": [str(before), None]},
            note=problem,
        )
    return problem


# ---- triage ---------------------------------------------------------------------------------------------------


@transaction.atomic
def proposal_triage(*, proposal: Proposal, by) -> tuple[Proposal, str | None]:
    """Take a submitted proposal into step 2. The office member becomes its facilitator when the rule allows it;
    otherwise the facilitator stays empty and the second value says why."""
    access.require(by, "triage", proposal)
    proposal = locked(proposal)
    if proposal.status != S.SUBMITTED:
        raise ValidationError(_("Only a submitted proposal can be taken into triage."), code="not_submitted")
    proposal_transition(proposal=proposal, to=S.HARMONISING, by=by)
    problem = None
    if proposal.facilitator_id is None:
        problem = facilitator_problem(proposal, by)
        if problem is None:
            _set_facilitator(proposal, by, by)
    return proposal, problem


# ---- qualification and merge --------------------------------------------------------------------------------


@transaction.atomic
def proposal_qualify(
    *,
    proposal: Proposal,
    outcome: str,
    by,
    version: int,
    reason: str = "",
    duplicate_of: Proposal | None = None,
    related_measure: Measure | None = None,
) -> Proposal:
    """Record the outcome of step 2. duplicate → merged into `duplicate_of`; extends/complements → linked to
    `related_measure`, to assessment; new candidate → to assessment; not qualified → off the line, with the reason
    the submitter sees. Needs a facilitator. A stale `version` raises `Conflict` and nothing is saved."""
    access.require(by, "qualify", proposal)
    current = locked(proposal)
    if current.version != version:
        raise Conflict(
            _("Someone else changed this proposal while you were qualifying it. Check their change and try again."),
            current=current,
        )
    if current.status != S.HARMONISING:
        raise ValidationError(_("Only a proposal in step 2, harmonise and qualify, can be qualified."))
    if current.facilitator_id is None:
        raise ValidationError(_("Assign a facilitator first: step 2 is led by someone with no stake in the proposal."))
    reason = (reason or "").strip()
    errors = _outcome_errors(current, outcome, reason, duplicate_of, related_measure)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(current, ["qualification", "qualification_reason", "related_measure"])
    current.qualification, current.qualification_reason = outcome, reason
    if outcome in NEEDS_MEASURE:
        current.related_measure = related_measure
        # The facts change: the facilitator must have no stake in the measure the proposal now overlaps either.
        problem = facilitator_problem(current, current.facilitator)
        if problem:
            raise ValidationError(
                {"related_measure": problem + " " + gettext("Assign another facilitator first, then qualify it.")},
                code="facilitator_has_a_stake",
            )
    current.version += 1
    current.save(update_fields=["qualification", "qualification_reason", "related_measure", "version", "updated_at"])
    after = audit.snapshot(current, ["qualification", "qualification_reason", "related_measure"])
    audit.record(actor=by, action="portfolio.proposal.qualified", obj=current, changes=audit.diff(before, after))
    if outcome == Qualification.DUPLICATE:
        merge_locked(current, duplicate_of, by=by, reason=reason)
        facilitator_recheck(locked(duplicate_of), by=by)  # the target now has the merged proposal's organisation
    elif outcome == Qualification.NOT_QUALIFIED:
        proposal_transition(proposal=current, to=S.NOT_QUALIFIED, by=by, reason=reason)
    else:
        proposal_transition(proposal=current, to=S.ASSESSING, by=by, reason=reason)
    return current


def _outcome_errors(proposal, outcome, reason, duplicate_of, related_measure) -> dict:
    if outcome not in Qualification.values:
        return {"outcome": _("Choose an outcome.")}
    if outcome == Qualification.NOT_QUALIFIED and not reason:
        return {"reason": _("Give the reason it is not qualified: the submitter will see it.")}
    if outcome == Qualification.DUPLICATE:
        if duplicate_of is None:
            return {"duplicate_of": _("Give the proposal it duplicates.")}
        if duplicate_of.pk == proposal.pk:
            return {"duplicate_of": _("A proposal cannot duplicate itself.")}
        if duplicate_of.status not in OPEN:
            return {"duplicate_of": MERGE_TARGET_ERROR}
    if outcome in NEEDS_MEASURE:
        if related_measure is None:
            return {"related_measure": _("Give the measure it extends or complements.")}
        if related_measure.status == MeasureStatus.TERMINATED:
            return {"related_measure": _("That measure has been terminated.")}
    return {}
