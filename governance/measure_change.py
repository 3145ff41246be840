"""Step 4's change of a running measure (issue 23, dynamic benefit management).

For a proposal qualified as extending or complementing a measure, the office can decide to change that measure: its
scope, its deliveries and its benefits (`measure_change_decide`, a decision with the outcome "change the measure").
The measure's owner is a party to it: its staff confirm in the portal (`measure_change_confirm`, which makes the next
version of the measure's benefit plan naming the proposal and the decision as the insight behind it) or disagree
(`measure_change_disagree`, which puts the change into the steering dialogue as an item awaiting the ministries of
the owner and of the proposing organisation). The facilitator stays neutral: the proposal's facilitator is chosen
by the office under the facilitator rule (portfolio/rules.py), and neither the office nor the facilitator answers
for the owner. A change that would drop a benefit another organisation gains warns and names it
(`portfolio.services.benefit_plans.dropped_for_others`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import access, audit, recipients
from core.notifications import NotificationKind, notify
from portfolio.choices import Qualification
from portfolio.models import Proposal
from portfolio.services import benefit_plans

from .choices import DecisionOutcome, DecisionStatus
from .decision_services import decision_record
from .models import Decision, MeasureChange, MeasureChangeStatus

CHANGEABLE = (Qualification.EXTENDS, Qualification.COMPLEMENTS)


def can_change_measure(proposal: Proposal) -> bool:
    """Whether step 4 can decide to change the measure the proposal extends or complements."""
    return proposal.qualification in CHANGEABLE and proposal.related_measure_id is not None


def warnings_for(measure, entries: Iterable[Mapping]) -> list[str]:
    """The warnings a change would raise: each benefit it drops that another organisation gains, naming it."""
    return [
        str(_("The change drops the benefit “%(indicator)s” that %(owner)s depends on."))
        % {"indicator": e["indicator"], "owner": e["owner"]}
        for e in benefit_plans.dropped_for_others(measure, entries)
    ]


@transaction.atomic
def measure_change_decide(
    *,
    proposal: Proposal,
    rationale: str,
    benefits: Iterable[Mapping],
    by,
    scope: str = "",
    deliveries: str = "",
    body=None,
    date=None,
    version: int | None = None,
    drop_confirmed: bool = False,
) -> MeasureChange:
    """Record the decision to change the measure the proposal extends or complements; the change waits for the
    measure's owner, who is told by e-mail. `benefits`: the plan entries the measure is to have (see
    benefit_plans.ENTRY_FIELDS). A change that drops a benefit another organisation depends on is refused with the
    warning naming it until the office confirms it has seen it (`drop_confirmed`): the warning comes before the
    decision, not after."""
    access.require(by, "decide", proposal)
    if not can_change_measure(proposal):
        raise ValidationError(_("Only a proposal qualified as extending or complementing a measure can change it."))
    entries = benefit_plans.clean_entries(list(benefits))  # bad entries are refused before anything is saved
    measure = proposal.related_measure
    warnings = warnings_for(measure, entries)
    if warnings and not drop_confirmed:
        raise ValidationError({"confirm_drop": warnings}, code="drops_benefit")
    decision = decision_record(
        proposal=proposal,
        outcome=DecisionOutcome.CHANGE_MEASURE,
        rationale=rationale,
        by=by,
        body=body,
        date=date,
        merge_into=measure,
        version=version,
    )
    change = MeasureChange.objects.create(
        decision=decision,
        measure=measure,
        proposal=proposal,
        scope=(scope or "").strip(),
        deliveries=(deliveries or "").strip(),
        benefits=entries,
    )
    audit.record(
        actor=by,
        action="governance.measurechange.decided",
        obj=change,
        changes={"measure": measure.pk, "proposal": proposal.pk, "decision": decision.pk},
        note="\n".join(warnings),
    )
    transaction.on_commit(partial(_send_owner_mail, change.pk))
    return change


def _send_owner_mail(change_pk: int) -> None:
    """Tell the measure's owner that a change of its measure was decided and waits for its confirmation (in the
    site's language), with the link to the page where it answers."""
    change = MeasureChange.objects.select_related("measure", "proposal__organisation", "decision").get(pk=change_pk)
    to = recipients.owners_of(change.measure, about=change)
    if not to:
        return
    path = change.get_absolute_url()
    url = settings.SITE_URL + path
    with translation.override(settings.LANGUAGE_CODE):
        params = {
            "measure": change.measure.title,
            "proposal": change.proposal.title,
            "organisation": change.proposal.organisation.label,
            "url": url,
        }
        subject = gettext("A change of your measure “%(measure)s” awaits your confirmation") % params
        body = gettext(
            "The portfolio office has decided to change the measure “%(measure)s” after the proposal “%(proposal)s” "
            "from %(organisation)s. As the measure's owner you confirm the change, or disagree and it goes to the "
            "steering dialogue."
        )
        body %= params
        body += "\n\n" + change.decision.rationale
        for warning in warnings_for(change.measure, change.benefits):
            body += "\n\n" + str(warning)
        body += "\n\n" + url
    notify(users=to, kind=NotificationKind.DECISION, subject=subject, body=body, url=path)


def _locked_awaiting(change: MeasureChange, by, action: str) -> MeasureChange:
    access.require(by, action, change)
    change = (
        MeasureChange.objects.select_for_update().select_related("measure", "decision", "proposal").get(pk=change.pk)
    )
    if change.status != MeasureChangeStatus.AWAITING_OWNER:
        raise ValidationError(_("The owner has already answered this change."))
    if change.decision.superseded_by_id:
        raise ValidationError(_("The decision behind this change has been superseded."))
    return change


@transaction.atomic
def measure_change_confirm(*, change: MeasureChange, by, comment: str = "") -> MeasureChange:
    """The measure's owner confirms: the next version of the benefit plan, naming the proposal and the decision."""
    change = _locked_awaiting(change, by, "answer")
    with translation.override(settings.LANGUAGE_CODE):
        reason = str(_("Changed by the decision of %(date)s on the proposal “%(title)s”: %(rationale)s")) % {
            "date": change.decision.date.isoformat(),
            "title": change.proposal.title,
            "rationale": change.decision.rationale,
        }
    version = benefit_plans.plan_new_version(
        measure=change.measure,
        benefits=change.benefits,
        reason=reason,
        by=by,
        proposal=change.proposal,
        scope=change.scope or None,
        deliveries=change.deliveries or None,
    )
    change.status, change.plan_version = MeasureChangeStatus.CONFIRMED, version
    change.comment, change.answered_by, change.answered_at = (comment or "").strip(), by, timezone.now()
    change.save(update_fields=["status", "plan_version", "comment", "answered_by", "answered_at"])
    audit.record(
        actor=by,
        action="governance.measurechange.confirmed",
        obj=change,
        changes={"plan_version": version.number},
        note=change.comment,
    )
    return change


@transaction.atomic
def measure_change_disagree(*, change: MeasureChange, comment: str, by) -> MeasureChange:
    """The owner disagrees (with the reason): the change becomes an item in the steering dialogue, awaiting the
    ministries over the owner and the proposing organisation; the plan stays as it is."""
    comment = (comment or "").strip()
    if not comment:
        access.require(by, "answer", change)
        raise ValidationError({"comment": _("Say why the owner disagrees.")})
    change = _locked_awaiting(change, by, "answer")
    ministries = {o.parent_id for o in (change.measure.owner, change.proposal.organisation) if o.parent_id}
    with translation.override(settings.LANGUAGE_CODE):
        subject = str(_("%(owner)s disagrees with the change of the measure “%(title)s”")) % {
            "owner": change.measure.owner.label,
            "title": change.measure.title,
        }
    item = Decision.objects.create(
        date=timezone.localdate(),
        subject=subject[:300],
        outcome=DecisionOutcome.ESCALATE,
        rationale=f"{change.decision.rationale}\n\n{comment}",
        status=DecisionStatus.AWAITING_STEERING,
        proposal=change.proposal,
        measure=change.measure,
        decided_by=by,
    )
    item.ministries.set(sorted(ministries))
    change.status, change.steering_item = MeasureChangeStatus.DISAGREED, item
    change.comment, change.answered_by, change.answered_at = comment, by, timezone.now()
    change.save(update_fields=["status", "steering_item", "comment", "answered_by", "answered_at"])
    audit.record(
        actor=by,
        action="governance.measurechange.disagreed",
        obj=change,
        changes={"steering_item": item.pk},
        note=comment,
    )
    audit.record(actor=by, action="governance.decision.recorded", obj=item, changes={"outcome": item.outcome})
    return change


def awaiting_owner(user) -> list[MeasureChange]:
    """The changes that wait for the user's organisation to answer as the measure's owner (its start page)."""
    if not user.organisation_id:
        return []
    rows = MeasureChange.objects.visible_to(user).filter(
        status=MeasureChangeStatus.AWAITING_OWNER,
        measure__owner_id=user.organisation_id,
        decision__superseded_by__isnull=True,
    )
    return list(rows.select_related("measure", "proposal", "decision"))
