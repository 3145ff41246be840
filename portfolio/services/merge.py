"""Merging a duplicate proposal into another (step 2), and undoing it. Both proposals stay readable and linked;
the merged proposal's organisation, partners, life events and missions are carried to the target, and what the
merge added is kept on the merged proposal so that undoing it takes exactly that back out.
"""

from __future__ import annotations

from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import access, audit, recipients
from core.notifications import NotificationKind, notify

from ..choices import ProposalStatus as S
from ..models import Proposal
from ..workflow import OPEN
from .transitions import locked, proposal_transition

MERGE_TARGET_ERROR = _("A proposal can only be merged into one that is still being processed.")
MERGE_CARRIED = ("partners", "life_events", "missions")


@transaction.atomic
def proposal_merge(*, proposal: Proposal, into: Proposal, by, reason: str = "") -> Proposal:
    """Merge `proposal` into `into` (both stay readable and linked; the Transition records who and when)."""
    access.require(by, "merge", proposal)
    return merge_locked(locked(proposal), into, by=by, reason=reason)


def merge_locked(proposal: Proposal, into: Proposal, *, by, reason: str) -> Proposal:
    """Merge `proposal` (locked by the caller) into `into`; the caller checked access."""
    target = locked(into)
    if target.status not in OPEN or target.pk == proposal.pk:
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
    transaction.on_commit(partial(send_merged_mail, proposal.pk))
    return proposal


def send_merged_mail(proposal_pk: int) -> None:
    """Tell who registered the target that another proposal now lives in theirs (in the site's language); the
    merged proposal's submitter hears of it through the step mail of its move to "merged"."""
    proposal = Proposal.objects.select_related("merged_into__created_by", "organisation").get(pk=proposal_pk)
    target = proposal.merged_into
    if target is None:
        return
    path = target.get_absolute_url()
    url = settings.SITE_URL + path
    with translation.override(settings.LANGUAGE_CODE):
        params = {"title": proposal.title, "organisation": proposal.organisation, "target": target.title, "url": url}
        subject = gettext("“%(title)s” was merged into your proposal “%(target)s”") % params
        body = (
            gettext(
                "The portfolio office merged the proposal “%(title)s” from %(organisation)s into your proposal "
                "“%(target)s”. Its organisation is now a partner, and its text is shown on your proposal's page."
            )
            % params
        )
        body += "\n\n" + gettext("See the proposal: %(url)s") % params
    notify(users=recipients.submitter_of(target), kind=NotificationKind.STEP, subject=subject, body=body, url=path)


@transaction.atomic
def proposal_unmerge(*, proposal: Proposal, reason: str, by) -> Proposal:
    """Undo a merge: the proposal goes back to step 2 on its own, and the target loses exactly the partners, life
    events and missions the merge added (unless another proposal merged into it brought them too). Both keep their
    history: the transitions and the audit trail say who merged, who undid it, when and why."""
    access.require(by, "unmerge", proposal)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for undoing the merge.")})
    current = locked(proposal)
    if current.status != S.MERGED or current.merged_into_id is None:
        raise ValidationError(_("Only a proposal merged into another proposal can be taken out again."))
    target = locked(current.merged_into)
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
