"""Step 1, intake: the office's calls for proposals (a question, for a life event or mission, by a deadline).
Intake forms point to the open ones. A call is closed, never deleted: the proposals that answered it keep it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core import access, audit

from ..choices import LateSubmissions
from ..models import CallForProposals, Proposal

CALL_FIELDS = ["title", "question", "life_event", "mission", "opens_at", "deadline", "late_submissions"]


def date_problems(opens_at, deadline, *, new: bool) -> dict:
    """The dates of a call: the deadline not before it opens, and not in the past for a new call."""
    if opens_at and deadline and deadline < opens_at:
        return {"deadline": _("The deadline cannot be before the call opens.")}
    if new and deadline and deadline < timezone.localdate():
        return {"deadline": _("The deadline cannot be in the past.")}
    return {}


def _validate(call: CallForProposals, *, new: bool) -> None:
    errors = date_problems(call.opens_at, call.deadline, new=new)
    if not call.life_event_id and not call.mission_id:
        errors["life_event"] = _("Choose the life event or the mission the call is about.")
    if call.mission_id and call.life_event_id and not call.mission.life_events.filter(pk=call.life_event_id).exists():
        errors["mission"] = _("The mission does not belong to the chosen life event.")
    if errors:
        raise ValidationError(errors)
    call.full_clean(exclude=["created_by"])


@transaction.atomic
def call_create(*, data: dict, by) -> CallForProposals:
    call = CallForProposals(created_by=by, **{k: data[k] for k in CALL_FIELDS if k in data})
    access.require(by, "change", call)
    _validate(call, new=True)
    call.save()
    audit.record(actor=by, action="portfolio.call.created", obj=call, changes=audit.snapshot(call, CALL_FIELDS))
    return call


@transaction.atomic
def call_update(*, call: CallForProposals, data: dict, by, version: int | None = None) -> CallForProposals:
    """`version` is the call's version when the form was loaded: if someone saved the call since, nothing is saved
    and the form says so (their change is not overwritten)."""
    access.require(by, "change", call)
    current = CallForProposals.objects.select_for_update().get(pk=call.pk)
    if current.closed_at is not None:
        raise ValidationError(_("The call is closed and can no longer be changed."), code="closed")
    if version is not None and version != current.version:
        raise ValidationError(
            _("Someone else saved this call while you were editing it. Reload the page to see their change."),
            code="conflict",
        )
    before = audit.snapshot(current, CALL_FIELDS)
    for key in CALL_FIELDS:
        if key in data:
            setattr(current, key, data[key])
    _validate(current, new=False)
    changes = audit.diff(before, audit.snapshot(current, CALL_FIELDS))
    if changes:
        current.version += 1
        current.save(update_fields=[*CALL_FIELDS, "version"])
        audit.record(actor=by, action="portfolio.call.changed", obj=current, changes=changes)
    return current


def late_submission(proposal: Proposal, today=None) -> bool:
    """Whether submitting `proposal` now is late for its call, which decides: a call closed by the office, or past
    its deadline and refusing late submissions, refuses it (ValidationError on `call`, saying why); a call that
    accepts late submissions takes it, and the answer True marks it late for the office."""
    call = proposal.call
    if call is None:
        return False
    today = today or timezone.localdate()
    params = {"call": call.title, "deadline": formats.date_format(call.deadline, "SHORT_DATE_FORMAT")}
    if call.closed_at is not None:
        raise ValidationError(
            {
                "call": _("The call “%(call)s” is closed and takes no more proposals. Choose no call, or an open one.")
                % params
            },
            code="call_closed",
        )
    if today <= call.deadline:
        return False
    if call.late_submissions != LateSubmissions.ACCEPT_MARKED:
        raise ValidationError(
            {
                "call": _(
                    "The deadline of the call “%(call)s” was %(deadline)s, and the call takes no late proposals. "
                    "Choose no call (a proposal on your own initiative), or an open call."
                )
                % params
            },
            code="call_deadline_passed",
        )
    return True


@transaction.atomic
def call_close(*, call: CallForProposals, by) -> CallForProposals:
    """Stop taking proposals before (or after) the deadline. Proposals already made keep pointing to the call."""
    access.require(by, "close", call)
    current = CallForProposals.objects.select_for_update().get(pk=call.pk)
    if current.closed_at is not None:
        raise ValidationError(_("The call is already closed."), code="closed")
    current.closed_at = timezone.now()
    current.save(update_fields=["closed_at"])
    audit.record(
        actor=by, action="portfolio.call.closed", obj=current, changes={"closed_at": [None, current.closed_at]}
    )
    return current
