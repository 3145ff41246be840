"""Step 5, steer: a measure's moves on the maturity ladder and the building-block stage, termination (never a hard
delete), revival from the shelf, its review date, and measures brought in by the import. The learning log is
learning.py.

The allowed moves are the tables below, one place each; every move writes a MeasureMove row with the evidence
that justified it and an audit row in the same transaction.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import access, audit
from core.services import record_save

from ..choices import BuildingBlockStage, MeasureKind, MeasureStatus
from ..models import Measure, MeasureMove

# field -> {from value: allowed to values}. The ladder goes up one rung at a time and may step back one rung
# when the evidence says so; projects sit beside the ladder and can become demonstrators.
ALLOWED_MOVES: dict[str, dict[str, set[str]]] = {
    "kind": {
        MeasureKind.EXPERIMENT: {MeasureKind.DEMONSTRATOR, MeasureKind.PROJECT},
        MeasureKind.PROJECT: {MeasureKind.DEMONSTRATOR, MeasureKind.EXPERIMENT},
        MeasureKind.DEMONSTRATOR: {MeasureKind.NATIONAL, MeasureKind.EXPERIMENT},
        MeasureKind.NATIONAL: {MeasureKind.DEMONSTRATOR},
    },
    "stage": {
        BuildingBlockStage.COLLECTION: {BuildingBlockStage.EXPLORATION},
        BuildingBlockStage.EXPLORATION: {BuildingBlockStage.SANDBOX, BuildingBlockStage.COLLECTION},
        BuildingBlockStage.SANDBOX: {BuildingBlockStage.LAUNCH, BuildingBlockStage.EXPLORATION},
        BuildingBlockStage.LAUNCH: {BuildingBlockStage.SANDBOX},
    },
    "status": {
        MeasureStatus.PLANNED: {MeasureStatus.ONGOING},
        MeasureStatus.ONGOING: {MeasureStatus.COMPLETED},
        MeasureStatus.COMPLETED: {MeasureStatus.ONGOING},
        MeasureStatus.TERMINATED: set(),  # only measure_revive leaves TERMINATED
    },
}
MOVABLE_FIELDS = tuple(ALLOWED_MOVES)

# Reason codes for the shelf (terminated measures; deferred/rejected proposals use the same codes).
REASON_CODES = {
    "no_value": _("Gives no value"),
    "duplicate": _("Covered by another measure"),
    "no_funding": _("No funding"),
    "no_capacity": _("No capacity"),
    "changed_need": _("The need has changed"),
    "other": _("Other reason"),
}


def allowed_targets(measure: Measure, field: str) -> list[str]:
    if measure.status == MeasureStatus.TERMINATED:
        return []
    return sorted(ALLOWED_MOVES[field].get(getattr(measure, field), set()))


def _record_move(*, measure: Measure, field: str, old: str, new: str, evidence: str, by) -> MeasureMove:
    move = MeasureMove.objects.create(
        measure=measure, field=field, from_value=old, to_value=new, evidence=evidence, by=by
    )
    audit.record(
        actor=by, action="portfolio.measure.moved", obj=measure, changes={field: [old, new]}, note=evidence[:500]
    )
    return move


def _locked(measure: Measure, version: int | None) -> Measure:
    current = Measure.objects.select_for_update().get(pk=measure.pk)
    if version is not None and current.version != version:
        raise ValidationError(_("Someone else changed this measure meanwhile. Reload the page and try again."))
    return current


@transaction.atomic
def measure_move(*, measure: Measure, field: str, to: str, evidence: str, by, version: int | None = None) -> Measure:
    """Move a measure one step on its ladder (`kind`), building-block stage (`stage`) or `status`."""
    access.require(by, "move", measure)
    if field not in MOVABLE_FIELDS:
        raise ValidationError({"field": _("This cannot be moved.")})
    evidence = (evidence or "").strip()
    if not evidence:
        raise ValidationError({"evidence": _("Give the evidence that justifies the move.")})
    measure = _locked(measure, version)
    old = getattr(measure, field)
    if to not in allowed_targets(measure, field):
        raise ValidationError({"to": _("This move is not allowed from where the measure is now.")})
    setattr(measure, field, to)
    measure.version += 1
    measure.save(update_fields=[field, "version", "updated_at"])
    _record_move(measure=measure, field=field, old=old, new=to, evidence=evidence, by=by)
    return measure


@transaction.atomic
def measure_terminate(*, measure: Measure, reason_code: str, reason: str, by, version: int | None = None) -> Measure:
    """Terminate (avvikle) a measure with a reason; it lands on the shelf and keeps its whole history."""
    access.require(by, "terminate", measure)
    reason = (reason or "").strip()
    if reason_code not in REASON_CODES:
        raise ValidationError({"reason_code": _("Choose a reason.")})
    if not reason:
        raise ValidationError({"reason": _("Give the reason the measure was terminated.")})
    measure = _locked(measure, version)
    if measure.status == MeasureStatus.TERMINATED:
        raise ValidationError(_("The measure is already terminated."))
    old = measure.status
    measure.status = MeasureStatus.TERMINATED
    measure.termination_reason = f"[{reason_code}] {reason}"
    measure.version += 1
    measure.save(update_fields=["status", "termination_reason", "version", "updated_at"])
    _record_move(measure=measure, field="status", old=old, new=MeasureStatus.TERMINATED, evidence=reason, by=by)
    return measure


def termination_code(measure: Measure) -> str:
    """The reason code stored at the start of `termination_reason` ("[code] text"), or "other"."""
    text = measure.termination_reason or ""
    if text.startswith("[") and "]" in text:
        code = text[1 : text.index("]")]
        if code in REASON_CODES:
            return code
    return "other"


@transaction.atomic
def measure_revive(*, measure: Measure, evidence: str, by) -> Measure:
    """Take a terminated measure back from the shelf (status ongoing); the termination stays in its history."""
    access.require(by, "revive", measure)
    evidence = (evidence or "").strip()
    if not evidence:
        raise ValidationError({"evidence": _("Give the reason for reviving the measure.")})
    measure = _locked(measure, None)
    if measure.status != MeasureStatus.TERMINATED:
        raise ValidationError(_("Only a terminated measure can be revived."))
    # Back in the portfolio: the termination and its reason stay in the moves, but are no longer current.
    old_reason = measure.termination_reason
    measure.status, measure.termination_reason = MeasureStatus.ONGOING, ""
    measure.version += 1
    measure.save(update_fields=["status", "termination_reason", "version", "updated_at"])
    _record_move(
        measure=measure,
        field="status",
        old=MeasureStatus.TERMINATED,
        new=MeasureStatus.ONGOING,
        evidence=evidence,
        by=by,
    )
    audit.record(
        actor=by, action="portfolio.measure.revived", obj=measure, changes={"termination_reason": [old_reason, ""]}
    )
    return measure


@transaction.atomic
def measure_schedule_review(*, measure: Measure, on: datetime.date, by) -> Measure:
    access.require(by, "review", measure)
    if on < timezone.localdate():
        raise ValidationError({"next_review_date": _("The review date cannot be in the past.")})
    old = measure.next_review_date
    measure.next_review_date = on
    measure.save(update_fields=["next_review_date", "updated_at"])
    audit.record(
        actor=by, action="portfolio.measure.review_scheduled", obj=measure, changes={"next_review_date": [old, on]}
    )
    return measure


# ---- measures brought in from outside the decisions (the import of the running portfolio) ---------------------

MEASURE_FIELDS = [
    "title",
    "description",
    "owner",
    "participants",
    "life_events",
    "missions",
    "budget",
    "start_date",
    "end_date",
    "external_id",
]
LADDER_FIELDS = ("kind", "stage", "status")


def _measure_values(data, fields) -> dict:
    values = {name: data[name] for name in fields if name in data}
    if "life_events" in values and not values["life_events"]:
        raise ValidationError({"life_events": _("Choose at least one life event.")})
    return values


@transaction.atomic
def measure_register(*, data, by) -> Measure:
    """A running measure brought into the portfolio (the import), with its place on the ladders; audited as
    `portfolio.measure.created` (`core.services.record_save`: the office only). A terminated measure is not
    brought in: it is terminated on its page, with its reason."""
    if data.get("status") == MeasureStatus.TERMINATED:
        raise ValidationError({"status": _("A measure is terminated on its page, with the reason.")})
    values = _measure_values(data, [*MEASURE_FIELDS, *LADDER_FIELDS])
    return record_save(obj=Measure(), data=values, by=by, action="portfolio.measure")


@transaction.atomic
def measure_change(*, measure: Measure, data, evidence: str, by) -> Measure:
    """Change a measure's description (audited `portfolio.measure.changed`; nothing when nothing changed). A new
    place on a ladder (kind, stage, status) is a move with `evidence`, allowed only where `measure_move` allows it."""
    measure = record_save(obj=measure, data=_measure_values(data, MEASURE_FIELDS), by=by, action="portfolio.measure")
    for field in LADDER_FIELDS:
        if field in data and data[field] != getattr(measure, field):
            if data[field] == MeasureStatus.TERMINATED or measure.status == MeasureStatus.TERMINATED:
                raise ValidationError({field: _("A measure is terminated or revived on its page, with the reason.")})
            if data[field] not in allowed_targets(measure, field):
                raise ValidationError({field: _("This move is not allowed from where the measure is now.")})
            measure = measure_move(measure=measure, field=field, to=data[field], evidence=evidence, by=by)
    return measure
