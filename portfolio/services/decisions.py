"""Step 4, decide and take into the steering dialogue: record the office's decision on a proposal.

Outcomes (governance.choices.DecisionOutcome): start as an experiment or add to the portfolio as a measure (both
create the measure, linked by Measure.origin_proposal), merge into an existing measure, defer (with a date), reject,
escalate to the ministries (which ministries and agency must act, allocation-letter year, funding source; a one-page
decision brief as PDF). A new decision on the same proposal supersedes the one in force; decisions are never
deleted. Proposal status changes go through `portfolio.services.transitions.proposal_transition`.
"""

from __future__ import annotations

import datetime
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import access, audit, mail
from governance.choices import DecisionOutcome, DecisionStatus
from governance.models import Decision

from ..choices import MeasureKind, MeasureStatus, ProposalStatus
from ..models import Measure, Proposal
from ..workflow import DECIDABLE, REVIVE_TO, SHELVED
from .transitions import proposal_transition

# Where each outcome takes the proposal (None: it stays in step 4, awaiting the steering dialogue).
STATUS_AFTER = {
    DecisionOutcome.START_EXPERIMENT: ProposalStatus.DECIDED,
    DecisionOutcome.ADD_MEASURE: ProposalStatus.DECIDED,
    DecisionOutcome.MERGE: ProposalStatus.MERGED,
    DecisionOutcome.DEFER: ProposalStatus.DEFERRED,
    DecisionOutcome.REJECT: ProposalStatus.REJECTED,
    DecisionOutcome.ESCALATE: ProposalStatus.DECIDING,
}
OUTCOMES = tuple(STATUS_AFTER)


def _transition(*, proposal: Proposal, to: str, by, reason: str, notify: bool = True) -> None:
    if proposal.status != to:
        proposal_transition(proposal=proposal, to=to, by=by, reason=reason, notify=notify)


def _validate(*, outcome: str, rationale: str, defer_until, merge_into, ministries, acting_agency, allocation_year):
    errors = {}
    if outcome not in OUTCOMES:
        errors["outcome"] = _("Choose an outcome.")
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
    version: int | None = None,
) -> Decision:
    """`version` is the proposal's version the form was loaded at; a stale one is refused (someone decided or
    moved the proposal meanwhile)."""
    access.require(by, "decide", proposal)
    _validate(
        outcome=outcome,
        rationale=rationale,
        defer_until=defer_until,
        merge_into=merge_into,
        ministries=ministries,
        acting_agency=acting_agency,
        allocation_year=allocation_year,
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
    for old in previous:
        old.status, old.superseded_by = DecisionStatus.SUPERSEDED, decision
        old.save(update_fields=["status", "superseded_by"])
        audit.record(actor=by, action="governance.decision.superseded", obj=old, changes={"superseded_by": decision.pk})
    proposal.version += 1
    if outcome == DecisionOutcome.MERGE:
        proposal.related_measure = merge_into
    proposal.save(update_fields=["related_measure", "version", "updated_at"])
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
    return decision


def _send_decision_mail(decision_pk: int) -> None:
    """Tell the person who registered the proposal what was decided (in the site's language)."""
    decision = Decision.objects.select_related("proposal__created_by").get(pk=decision_pk)
    to = decision.proposal.created_by.email
    if not to:
        return
    url = settings.SITE_URL + decision.proposal.get_absolute_url()
    with translation.override(settings.LANGUAGE_CODE):
        params = {"title": decision.proposal.title, "outcome": decision.get_outcome_display(), "url": url}
        subject = gettext("Decision on “%(title)s”: %(outcome)s") % params
        body = gettext("The portfolio office has decided on the proposal “%(title)s”: %(outcome)s.") % params
        body += "\n\n" + decision.rationale + "\n\n" + url
    mail.send_mail(subject, body, None, [to])


@transaction.atomic
def proposal_revive(*, proposal: Proposal, reason: str, by) -> Proposal:
    """Take a deferred, rejected or not-qualified proposal back from the shelf, with its history kept."""
    access.require(by, "revive", proposal)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for reviving the proposal.")})
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status not in SHELVED:
        raise ValidationError(_("Only a proposal on the shelf can be revived."))
    to = REVIVE_TO[proposal.status]
    _transition(proposal=proposal, to=to, by=by, reason=reason.strip())
    audit.record(actor=by, action="portfolio.proposal.revived", obj=proposal, changes={"status": to})
    return proposal


def decision_brief_pdf(*, decision: Decision) -> bytes:
    """The one-page decision brief for the steering dialogue, through the reports pipeline."""
    from reports.rendering import render_pdf

    decision = (
        Decision.objects.select_related("proposal__organisation", "body", "acting_agency", "funding_source", "measure")
        .prefetch_related("ministries", "proposal__life_events")
        .get(pk=decision.pk)
    )
    return render_pdf("portfolio/pdf/decision_brief.html", {"decision": decision, "proposal": decision.proposal})
