"""Who may see and answer a change of a running measure (issue 23; governance/measure_change.py). Registered with
`core.access`; loaded by governance/rules.py. Seeing one is `MeasureChange.objects.visible_to` (its decision's)."""

from __future__ import annotations

from core.access import is_agency_staff, is_class, is_staff_of, rule

from .measure_change_models import MeasureChangeStatus


@rule("governance.measurechange", "view")
def _change_view(user, change) -> bool:
    return True  # MeasureChange.objects.visible_to decides


def _awaiting(change) -> bool:
    return change.status == MeasureChangeStatus.AWAITING_OWNER and change.decision.superseded_by_id is None


@rule("governance.measurechange", "answer", when=_awaiting)
def _change_answer(user, change) -> bool:
    """The measure's owner is a party to the change: its staff confirm or disagree. The office decided it and the
    facilitator stays neutral, so neither answers for the owner (a facilitator is never the owner's, by the
    facilitator rule; this holds even if one were)."""
    if is_class(change):
        return is_agency_staff(user)
    return is_staff_of(user, change.measure.owner_id) and change.proposal.facilitator_id != user.pk
