"""Step 4, decide and take into the steering dialogue: record the office's decision on a proposal.

Outcomes (governance.choices.DecisionOutcome): start as an experiment or add to the portfolio as a measure (both
create the measure, linked by Measure.origin_proposal), merge into an existing measure, defer (with a date), reject,
escalate to the ministries (which ministries and agency must act, allocation-letter year, funding source; a one-page
decision brief as PDF, made by the worker: governance/decision_briefs.py). A new decision on the same proposal
supersedes the one in force; decisions are never deleted. Proposal status changes go through
`portfolio.services.transitions.proposal_transition`; taking a proposal back from the shelf is
`portfolio.services.shelf.proposal_revive`.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import access, audit, recipients
from core.notifications import NotificationKind, notify
from portfolio.choices import MeasureKind, MeasureStatus, ProposalStatus, ShelfReason
from portfolio.models import Measure, Proposal
from portfolio.services.public_access import exemptions_carry_over
from portfolio.services.transitions import proposal_transition
from portfolio.workflow import DECIDABLE

from .choices import DecisionOutcome, DecisionStatus, SteeringResponseKind
from .decision_briefs import brief_order
from .models import Decision, SteeringResponse
from .queries import current_responses  # noqa: F401 - the decision's page reads it here too

# Where each outcome takes the proposal (None: it stays in step 4, awaiting the steering dialogue).
STATUS_AFTER = {
    DecisionOutcome.START_EXPERIMENT: ProposalStatus.DECIDED,
    DecisionOutcome.ADD_MEASURE: ProposalStatus.DECIDED,
    DecisionOutcome.MERGE: ProposalStatus.MERGED,
    DecisionOutcome.DEFER: ProposalStatus.DEFERRED,
    DecisionOutcome.REJECT: ProposalStatus.REJECTED,
    DecisionOutcome.ESCALATE: ProposalStatus.DECIDING,
    DecisionOutcome.CHANGE_MEASURE: ProposalStatus.DECIDED,  # governance/measure_change.py only
}
OUTCOMES = tuple(STATUS_AFTER)
# The outcomes that put a proposal on the shelf, and so need a reason code.
SHELVING_OUTCOMES = (DecisionOutcome.DEFER, DecisionOutcome.REJECT)


def _transition(*, proposal: Proposal, to: str, by, reason: str, notify: bool = True) -> None:
    if proposal.status != to:
        proposal_transition(proposal=proposal, to=to, by=by, reason=reason, notify=notify)


def _validate(
    *, outcome: str, rationale: str, defer_until, merge_into, ministries, acting_agency, allocation_year, shelf_reason
):
    errors = {}
    if outcome not in OUTCOMES:
        errors["outcome"] = _("Choose an outcome.")
    if outcome in SHELVING_OUTCOMES and shelf_reason not in ShelfReason.values:
        errors["shelf_reason"] = _("Choose the reason code for the shelf.")
    if not (rationale or "").strip():
        errors["rationale"] = _("Give the rationale for the decision.")
    if outcome == DecisionOutcome.DEFER:
        if not defer_until:
            errors["defer_until"] = _("Give the date the proposal is deferred until.")
        elif defer_until <= timezone.localdate():
            errors["defer_until"] = _("The date must be in the future.")
    if outcome == DecisionOutcome.MERGE and merge_into is None:
        errors["merge_into"] = _("Choose the measure to merge the proposal into.")
    if outcome == DecisionOutcome.ESCALATE:
        if not ministries:
            errors["ministries"] = _("Name the ministries that must act.")
        if acting_agency is None:
            errors["acting_agency"] = _("Name the agency that must act.")
        if not allocation_year:
            errors["allocation_year"] = _("Give the allocation-letter year.")
    if errors:
        raise ValidationError(errors)


def _create_measure(*, proposal: Proposal, outcome: str, by) -> Measure:
    measure = Measure.objects.create(
        title=proposal.title,
        description=proposal.need,
        kind=MeasureKind.EXPERIMENT if outcome == DecisionOutcome.START_EXPERIMENT else MeasureKind.PROJECT,
        status=MeasureStatus.PLANNED,
        owner=proposal.organisation,
        budget=proposal.estimated_cost,
        origin_proposal=proposal,
    )
    measure.life_events.set(proposal.life_events.all())
    measure.missions.set(proposal.missions.all())
    measure.participants.set(proposal.partners.all())
    audit.record(actor=by, action="portfolio.measure.created", obj=measure, changes={"origin_proposal": proposal.pk})
    exemptions_carry_over(proposal=proposal, measure=measure, by=by)  # an exempt need stays exempt as the description
    return measure


@transaction.atomic
def decision_record(
    *,
    proposal: Proposal,
    outcome: str,
    rationale: str,
    by,
    body=None,
    date: datetime.date | None = None,
    defer_until: datetime.date | None = None,
    merge_into: Measure | None = None,
    ministries=(),
    acting_agency=None,
    allocation_year: int | None = None,
    funding_source=None,
    shelf_reason: str = "",
    version: int | None = None,
) -> Decision:
    """`version` is the proposal's version the form was loaded at; a stale one is refused (someone decided or
    moved the proposal meanwhile). Deferring and rejecting need a `shelf_reason` code (ShelfReason)."""
    access.require(by, "decide", proposal)
    _validate(
        outcome=outcome,
        rationale=rationale,
        defer_until=defer_until,
        merge_into=merge_into,
        ministries=ministries,
        acting_agency=acting_agency,
        allocation_year=allocation_year,
        shelf_reason=shelf_reason,
    )
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if version is not None and version != proposal.version:
        raise ValidationError(_("Someone else changed this proposal meanwhile. Reload the page and try again."))
    if proposal.status not in DECIDABLE:
        raise ValidationError(_("A decision can only be recorded in step 3 or 4."))
    previous = list(Decision.objects.select_for_update().filter(proposal=proposal, superseded_by__isnull=True))
    measure = merge_into
    if outcome in (DecisionOutcome.START_EXPERIMENT, DecisionOutcome.ADD_MEASURE):
        measure = _create_measure(proposal=proposal, outcome=outcome, by=by)
    decision = Decision.objects.create(
        body=body,
        date=date or timezone.localdate(),
        subject=proposal.title[:300],
        outcome=outcome,
        rationale=rationale.strip(),
        status=DecisionStatus.AWAITING_STEERING if outcome == DecisionOutcome.ESCALATE else DecisionStatus.IN_FORCE,
        proposal=proposal,
        measure=measure,
        defer_until=defer_until if outcome == DecisionOutcome.DEFER else None,
        acting_agency=acting_agency if outcome == DecisionOutcome.ESCALATE else None,
        allocation_year=allocation_year if outcome == DecisionOutcome.ESCALATE else None,
        funding_source=funding_source,
        decided_by=by,
    )
    if outcome == DecisionOutcome.ESCALATE:
        decision.ministries.set(ministries)
    brief_order(decision=decision, reason="recorded", by=by)  # escalated: its brief, made by the worker
    for old in previous:
        old.status, old.superseded_by = DecisionStatus.SUPERSEDED, decision
        old.save(update_fields=["status", "superseded_by"])
        audit.record(actor=by, action="governance.decision.superseded", obj=old, changes={"superseded_by": decision.pk})
        brief_order(decision=old, reason="superseded", by=by)  # a new version that says so
    proposal.version += 1
    if outcome == DecisionOutcome.MERGE:
        proposal.related_measure = merge_into
    old_reason = proposal.shelf_reason
    proposal.shelf_reason = shelf_reason if outcome in SHELVING_OUTCOMES else ""
    proposal.save(update_fields=["related_measure", "shelf_reason", "version", "updated_at"])
    # The decision mail below tells the submitter; no separate step mails.
    _transition(proposal=proposal, to=ProposalStatus.DECIDING, by=by, reason=rationale, notify=False)
    _transition(proposal=proposal, to=STATUS_AFTER[outcome], by=by, reason=rationale, notify=False)
    transaction.on_commit(partial(_send_decision_mail, decision.pk))
    audit.record(
        actor=by,
        action="governance.decision.recorded",
        obj=decision,
        changes={"outcome": outcome, "proposal": proposal.pk, "measure": measure.pk if measure else None},
    )
    if old_reason != proposal.shelf_reason:
        audit.record(
            actor=by,
            action="portfolio.proposal.shelf_reason_set",
            obj=proposal,
            changes={"shelf_reason": [old_reason, proposal.shelf_reason]},
        )
    return decision


def _send_decision_mail(decision_pk: int) -> None:
    """Tell the person who registered the proposal what was decided (in the site's language)."""
    decision = Decision.objects.select_related("proposal__created_by").get(pk=decision_pk)
    path = decision.proposal.get_absolute_url()
    url = settings.SITE_URL + path
    with translation.override(settings.LANGUAGE_CODE):
        params = {"title": decision.proposal.title, "outcome": decision.get_outcome_display(), "url": url}
        subject = gettext("Decision on “%(title)s”: %(outcome)s") % params
        body = gettext("The portfolio office has decided on the proposal “%(title)s”: %(outcome)s.") % params
        body += "\n\n" + decision.rationale + "\n\n" + url
    to = recipients.submitter_of(decision.proposal)
    notify(users=to, kind=NotificationKind.DECISION, subject=subject, body=body, url=path)
    if decision.status == DecisionStatus.AWAITING_STEERING:
        _tell_the_ministries(decision)


def _tell_the_ministries(decision: Decision) -> None:
    """An escalated decision waits for the named ministries' answer: their officials are told (what needs my
    attention), each as their settings say."""
    path = reverse("decisions:decision_detail", kwargs={"pk": decision.pk})
    with translation.override(settings.LANGUAGE_CODE):
        params = {"subject": decision.subject, "url": settings.SITE_URL + path}
        subject = gettext("Your ministry's answer is asked for: “%(subject)s”") % params
        body = (
            gettext(
                "The portfolio office has escalated “%(subject)s” to the steering dialogue. Answer for your ministry "
                "here: %(url)s"
            )
            % params
        )
        body += "\n\n" + decision.rationale
    to = recipients.officials_of(decision.ministries.values_list("pk", flat=True), about=decision)
    notify(users=to, kind=NotificationKind.DECISION, subject=subject, body=body, url=path)


@transaction.atomic
def steering_respond(
    *,
    decision: Decision,
    kind: str,
    by,
    allocation_year: int | None = None,
    funding_amount=None,
    funding_source=None,
    comment: str = "",
) -> SteeringResponse:
    """A ministry named in an escalated decision answers in its steering dialogue: accepted into the allocation
    letter of a year (with the funding), declined (with the reason), or more information needed (saying what).
    The office and the agencies see the answer on the decision's page; the office is told by e-mail."""
    access.require(by, "respond", decision)
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    if decision.status != DecisionStatus.AWAITING_STEERING or decision.superseded_by_id:
        raise ValidationError(_("This decision no longer awaits the steering dialogue."), code="not_awaiting")
    if not decision.ministries.filter(pk=by.organisation_id).exists():
        raise ValidationError(_("Only a ministry the decision names can answer it."), code="not_named")
    comment = (comment or "").strip()
    errors = {}
    if kind not in SteeringResponseKind.values:
        errors["kind"] = _("Choose the ministry's answer.")
    elif kind == SteeringResponseKind.ACCEPTED:
        if not allocation_year:
            errors["allocation_year"] = _("Give the year of the allocation letter.")
        if funding_amount is None:
            errors["funding_amount"] = _("Give the funding (0 if none).")
    elif not comment:
        errors["comment"] = (
            _("Give the reason for declining.")
            if kind == SteeringResponseKind.DECLINED
            else _("Say what more information the ministry needs.")
        )
    if errors:
        raise ValidationError(errors)
    accepted = kind == SteeringResponseKind.ACCEPTED
    response = SteeringResponse.objects.create(
        decision=decision,
        ministry_id=by.organisation_id,
        kind=kind,
        allocation_year=allocation_year if accepted else None,
        funding_amount=funding_amount if accepted else None,
        funding_source=funding_source if accepted else None,
        comment=comment,
        by=by,
    )
    audit.record(
        actor=by,
        action="governance.decision.answered",
        obj=decision,
        changes={"kind": kind, "allocation_year": response.allocation_year, "funding_amount": funding_amount},
        note=comment,
    )
    brief_order(decision=decision, reason="answered", by=by)  # the brief lists the answers
    transaction.on_commit(partial(_send_response_mail, response.pk))
    return response


def _send_response_mail(response_pk: int) -> None:
    """Tell the office (and who registered the proposal) how a ministry answered."""
    response = SteeringResponse.objects.select_related("decision__proposal__created_by", "ministry").get(pk=response_pk)
    decision = response.decision
    to = recipients.office_staff(decision)
    if decision.proposal:
        to += recipients.submitter_of(decision.proposal, about=decision)
    with translation.override(settings.LANGUAGE_CODE):
        params = {"ministry": response.ministry.label, "subject": decision.subject, "kind": response.get_kind_display()}
        subject = gettext("%(ministry)s answered: %(kind)s") % params
        body = gettext("%(ministry)s answered on “%(subject)s”: %(kind)s.") % params
        if response.comment:
            body += "\n\n" + response.comment
    path = reverse("decisions:decision_detail", kwargs={"pk": decision.pk})
    notify(users=to, kind=NotificationKind.DECISION, subject=subject, body=body, url=path)
