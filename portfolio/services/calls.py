"""Step 1, intake: the office's calls for proposals (a question, for a life event or mission, by a deadline).
Intake forms point to the open ones. A call is closed, never deleted: the proposals that answered it keep it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import access, audit

from ..models import CallForProposals

CALL_FIELDS = ["title", "question", "life_event", "mission", "opens_at", "deadline"]


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
    call = CallForProposals(created_by=by, **{k: data.get(k) for k in CALL_FIELDS})
    access.require(by, "change", call)
    _validate(call, new=True)
    call.save()
    audit.record(actor=by, action="portfolio.call.created", obj=call, changes=audit.snapshot(call, CALL_FIELDS))
    return call


@transaction.atomic
def call_update(*, call: CallForProposals, data: dict, by) -> CallForProposals:
    access.require(by, "change", call)
    current = CallForProposals.objects.select_for_update().get(pk=call.pk)
    if current.closed_at is not None:
        raise ValidationError(_("The call is closed and can no longer be changed."), code="closed")
    before = audit.snapshot(current, CALL_FIELDS)
    for key in CALL_FIELDS:
        if key in data:
            setattr(current, key, data[key])
    _validate(current, new=False)
    changes = audit.diff(before, audit.snapshot(current, CALL_FIELDS))
    if changes:
        current.save(update_fields=CALL_FIELDS)
        audit.record(actor=by, action="portfolio.call.changed", obj=current, changes=changes)
    return current


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
