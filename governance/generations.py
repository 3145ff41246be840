"""Writes of a life event's generation plan (governance/generation_models.py): whether the life event plans in
generations (its `planning_mode`), and its generations. The office's, audited in the same transaction."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core import access, audit
from core.services import record_save
from lifeevents.choices import PlanningMode
from lifeevents.models import LifeEvent

from . import rules_agreements  # noqa: F401 - registers the predicates these services ask
from .generation_models import Generation

GENERATION_FIELDS = [
    "number",
    "name",
    "start_year",
    "end_year",
    "state",
    "concept",
    "missions",
    "measures",
    "building_blocks",
    "arena",
    "legacy",
    "is_illustrative",
    "source",
]


@transaction.atomic
def planning_mode_set(*, life_event: LifeEvent, mode: str, by) -> LifeEvent:
    """Plan the life event in generations or by a classic roadmap (audited `lifeevents.lifeevent.planning_changed`;
    nothing is written when it already plans so)."""
    current = LifeEvent.objects.select_for_update().get(pk=life_event.pk)
    access.require(by, "plan", current)
    if mode not in PlanningMode.values:
        raise ValidationError({"planning_mode": _("Choose a roadmap or generations.")})
    if current.planning_mode != mode:
        old, current.planning_mode = current.planning_mode, mode
        current.save(update_fields=["planning_mode", "updated_at"])
        audit.record(
            actor=by,
            action="lifeevents.lifeevent.planning_changed",
            obj=current,
            changes={"planning_mode": [old, mode]},
        )
    life_event.planning_mode = current.planning_mode
    return current


def _data(data: Mapping, life_event: LifeEvent | None = None) -> dict:
    values = {k: v for k, v in data.items() if k in GENERATION_FIELDS}
    if life_event is not None:
        values["life_event"] = life_event
    return values


def generation_create(*, life_event: LifeEvent, data: Mapping, by) -> Generation:
    number = data.get("number")
    if number and Generation.objects.filter(life_event=life_event, number=number).exists():
        raise ValidationError({"number": _("This life event already has a generation with that number.")})
    return record_save(obj=Generation(), data=_data(data, life_event), by=by, action="governance.generation")


def generation_update(*, generation: Generation, data: Mapping, by) -> Generation:
    number = data.get("number")
    taken = Generation.objects.filter(life_event_id=generation.life_event_id, number=number).exclude(pk=generation.pk)
    if number and taken.exists():
        raise ValidationError({"number": _("This life event already has a generation with that number.")})
    return record_save(obj=generation, data=_data(data), by=by, action="governance.generation")
