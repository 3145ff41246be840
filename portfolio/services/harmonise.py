"""Step 2, harmonise and qualify: taking a proposal into triage, the facilitator rule, the five qualification
outcomes (a duplicate is merged, keeping both authors and texts), and the questions, answers and internal notes.

Every status change goes through `proposal_transition`; every write is audited in the same transaction, and the
e-mails leave when it commits.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import access, audit
from core.models import Role

from ..choices import DependencyKind, MeasureStatus, MessageKind, Qualification
from ..choices import ProposalStatus as S
from ..models import Dependency, Measure, Message, Proposal
from .scoring import Conflict
from .transitions import proposal_transition

OPEN_STATUSES = (S.SUBMITTED, S.HARMONISING, S.ASSESSING, S.DECIDING)
TO_ASSESSMENT = (Qualification.EXTENDS, Qualification.COMPLEMENTS, Qualification.NEW_CANDIDATE)
NEEDS_MEASURE = (Qualification.EXTENDS, Qualification.COMPLEMENTS)
MERGE_TARGET_ERROR = _("A proposal can only be merged into one that is still being processed.")
MESSAGE_ACTIONS = {MessageKind.QUESTION: "ask", MessageKind.ANSWER: "answer", MessageKind.INTERNAL: "note"}

__all__ = ["Conflict", "facilitator_assign", "facilitator_problem", "message_post", "proposal_merge"]


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


def facilitator_problem(proposal: Proposal, user) -> str | None:
    """THE facilitator rule: why `user` may not facilitate `proposal`, or None. A facilitator is an active member
    of the portfolio office, not from the proposing organisation and not from the owner of an overlapping measure
    (the process needs someone with no stake in either)."""
    if user is None:
        return gettext("Choose a facilitator.")
    if not user.is_active or user.role != Role.PORTFOLIO_OFFICE:
        return gettext("%(name)s is not an active member of the portfolio office.") % {"name": user}
    if user.organisation_id is not None and user.organisation_id == proposal.organisation_id:
        return gettext("%(name)s works for %(org)s, the organisation that made the proposal.") % {
            "name": user,
            "org": proposal.organisation,
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


def facilitator_choices(proposal: Proposal):
    """The office members offered in the form (the rule itself is checked again on save)."""
    qs = get_user_model().objects.filter(is_active=True, role=Role.PORTFOLIO_OFFICE).select_related("organisation")
    return qs.exclude(organisation_id=proposal.organisation_id).order_by("first_name", "last_name", "username")


def _lock(proposal: Proposal) -> Proposal:
    return Proposal.objects.select_for_update().select_related("organisation").get(pk=proposal.pk)


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
    proposal = _lock(proposal)
    if proposal.status not in OPEN_STATUSES:
        raise ValidationError(_("A facilitator can only be assigned while the proposal is being processed."))
    problem = facilitator_problem(proposal, facilitator)
    if problem:
        raise ValidationError({"facilitator": problem}, code="facilitator_refused")
    if proposal.facilitator_id != facilitator.pk:
        _set_facilitator(proposal, facilitator, by)
    return proposal


# ---- triage ---------------------------------------------------------------------------------------------------


@transaction.atomic
def proposal_triage(*, proposal: Proposal, by) -> tuple[Proposal, str | None]:
    """Take a submitted proposal into step 2. The office member becomes its facilitator when the rule allows it;
    otherwise the facilitator stays empty and the second value says why."""
    access.require(by, "triage", proposal)
    proposal = _lock(proposal)
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
    current = _lock(proposal)
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
    current.version += 1
    current.save(update_fields=["qualification", "qualification_reason", "related_measure", "version", "updated_at"])
    after = audit.snapshot(current, ["qualification", "qualification_reason", "related_measure"])
    audit.record(actor=by, action="portfolio.proposal.qualified", obj=current, changes=audit.diff(before, after))
    if outcome == Qualification.DUPLICATE:
        _merge(current, duplicate_of, by=by, reason=reason)
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
        if duplicate_of.status not in OPEN_STATUSES:
            return {"duplicate_of": MERGE_TARGET_ERROR}
    if outcome in NEEDS_MEASURE:
        if related_measure is None:
            return {"related_measure": _("Give the measure it extends or complements.")}
        if related_measure.status == MeasureStatus.TERMINATED:
            return {"related_measure": _("That measure has been terminated.")}
    return {}


@transaction.atomic
def proposal_merge(*, proposal: Proposal, into: Proposal, by, reason: str = "") -> Proposal:
    """Merge `proposal` into `into` (both stay readable and linked; the Transition records who and when)."""
    access.require(by, "merge", proposal)
    return _merge(_lock(proposal), into, by=by, reason=reason)


def _merge(proposal: Proposal, into: Proposal, *, by, reason: str) -> Proposal:
    target = _lock(into)
    if target.status not in OPEN_STATUSES or target.pk == proposal.pk:
        raise ValidationError({"duplicate_of": MERGE_TARGET_ERROR})
    proposal.merged_into = target
    proposal.save(update_fields=["merged_into", "updated_at"])
    proposal_transition(proposal=proposal, to=S.MERGED, by=by, reason=reason)
    # The target carries both: the merged proposal's organisation becomes a partner, with its partners, life
    # events and missions; its text and author stay on the merged proposal, shown on the target's page. What was
    # added is kept on the merged proposal, so that an undone merge takes exactly that back out.
    before = _carried(target)
    added = {
        "partners": sorted(
            {proposal.organisation_id, *proposal.partners.values_list("pk", flat=True)}
            - {target.organisation_id, *before["partners"]}
        ),  # fmt: skip
        "life_events": sorted(set(proposal.life_events.values_list("pk", flat=True)) - set(before["life_events"])),
        "missions": sorted(set(proposal.missions.values_list("pk", flat=True)) - set(before["missions"])),
    }
    for name, pks in added.items():
        getattr(target, name).add(*pks)
    proposal.merge_added = added
    proposal.save(update_fields=["merge_added", "updated_at"])
    target.version += 1
    target.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=by,
        action="portfolio.proposal.merged_in",
        obj=target,
        changes={"merged_from": [None, f"#{proposal.pk} {proposal.title}"], **_carried_diff(before, target)},
        note=reason,
    )
    return proposal


@transaction.atomic
def proposal_unmerge(*, proposal: Proposal, reason: str, by) -> Proposal:
    """Undo a merge: the proposal goes back to step 2 on its own, and the target loses exactly the partners, life
    events and missions the merge added (unless another proposal merged into it brought them too). Both keep their
    history: the transitions and the audit trail say who merged, who undid it, when and why."""
    access.require(by, "unmerge", proposal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for undoing the merge.")})
    current = _lock(proposal)
    if current.status != S.MERGED or current.merged_into_id is None:
        raise ValidationError(_("Only a proposal merged into another proposal can be taken out again."))
    target = _lock(current.merged_into)
    before = _carried(target)
    # What another proposal still merged into the target has itself stays, even if this merge added it first.
    others = Proposal.objects.filter(merged_into=target, status=S.MERGED).exclude(pk=current.pk)
    still_brought = {
        "partners": {*others.values_list("organisation", flat=True), *others.values_list("partners", flat=True)},
        "life_events": set(others.values_list("life_events", flat=True)),
        "missions": set(others.values_list("missions", flat=True)),
    }
    for name in MERGE_CARRIED:
        getattr(target, name).remove(*(set(current.merge_added.get(name, [])) - still_brought[name]))
    target.version += 1
    target.save(update_fields=["version", "updated_at"])
    audit.record(
        actor=by,
        action="portfolio.proposal.merged_out",
        obj=target,
        changes={"merged_from": [f"#{current.pk} {current.title}", None], **_carried_diff(before, target)},
        note=reason,
    )
    before_own = audit.snapshot(current, ["merged_into", "qualification", "qualification_reason"])
    current.merged_into, current.merge_added = None, {}
    current.qualification, current.qualification_reason = "", ""
    current.version += 1
    current.save(
        update_fields=["merged_into", "merge_added", "qualification", "qualification_reason", "version", "updated_at"]
    )
    after_own = audit.snapshot(current, ["merged_into", "qualification", "qualification_reason"])
    audit.record(actor=by, action="portfolio.proposal.unmerged", obj=current, changes=audit.diff(before_own, after_own))
    proposal_transition(proposal=current, to=S.HARMONISING, by=by, reason=reason)
    return current


MERGE_CARRIED = ("partners", "life_events", "missions")


def _carried(target: Proposal) -> dict[str, list[int]]:
    return {name: sorted(getattr(target, name).values_list("pk", flat=True)) for name in MERGE_CARRIED}


def _carried_diff(before: dict[str, list[int]], target: Proposal) -> dict:
    """{name: [before, after]} as readable names, for the target's audit trail."""
    after = _carried(target)
    changes = {}
    for name in MERGE_CARRIED:
        if before[name] != after[name]:
            objects = getattr(Proposal, name).field.related_model.objects.in_bulk({*before[name], *after[name]})
            changes[name] = [sorted(str(objects[pk]) for pk in pks) for pks in (before[name], after[name])]
    return changes


# ---- questions, answers and internal notes ------------------------------------------------------------------


@transaction.atomic
def message_post(*, proposal: Proposal, kind: str, body: str, by, parent: Message | None = None) -> Message:
    """The office asks the submitter (e-mail to who registered it) and keeps internal notes (never shown to
    others); the proposing organisation's staff answer (e-mail to the facilitator, or the office)."""
    if kind not in MESSAGE_ACTIONS:
        raise ValidationError({"kind": _("Choose what kind of message this is.")})
    access.require(by, MESSAGE_ACTIONS[kind], proposal)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the message.")})
    if parent is not None:
        if parent.proposal_id != proposal.pk:
            raise ValidationError({"parent": _("You can only reply to a message on this proposal.")})
        if (parent.kind == MessageKind.INTERNAL) != (kind == MessageKind.INTERNAL):
            raise ValidationError({"parent": _("Internal notes and the thread with the submitter are kept apart.")})
    message = Message.objects.create(proposal=proposal, parent=parent, kind=kind, body=body, author=by)
    action = {"question": "asked", "answer": "answered", "internal": "noted"}[kind]
    audit.record(actor=by, action=f"portfolio.proposal.{action}", obj=proposal, changes={"message": [None, message.pk]})
    if kind != MessageKind.INTERNAL:
        transaction.on_commit(partial(send_message_mail, message.pk))
    return message


def _recipients(message: Message) -> list[str]:
    proposal = message.proposal
    if message.kind == MessageKind.QUESTION:
        people = [proposal.created_by]
    elif proposal.facilitator_id:
        people = [proposal.facilitator]
    else:
        people = list(get_user_model().objects.filter(is_active=True, role=Role.PORTFOLIO_OFFICE))
    return sorted({p.email for p in people if p.email and p.is_active and p.pk != message.author_id})


def send_message_mail(message_pk: int) -> None:
    """A question goes to who registered the proposal; an answer to the facilitator (or the whole office)."""
    message = Message.objects.select_related("proposal__created_by", "proposal__facilitator", "author").get(
        pk=message_pk
    )
    to = _recipients(message)
    if not to:
        return
    url = settings.SITE_URL + reverse("portfolio:proposal_detail", kwargs={"pk": message.proposal_id})
    with translation.override(settings.LANGUAGE_CODE):
        params = {"title": message.proposal.title, "author": message.author, "url": url}
        if message.kind == MessageKind.QUESTION:
            subject = gettext("A question about your proposal “%(title)s”") % params
            intro = gettext("The portfolio office (%(author)s) asks about “%(title)s”:") % params
        else:
            subject = gettext("An answer about the proposal “%(title)s”") % params
            intro = gettext("%(author)s answered about “%(title)s”:") % params
        body = f"{intro}\n\n{message.body}\n\n" + gettext("Answer or read the thread here: %(url)s") % params
    send_mail(subject, body, None, to)
