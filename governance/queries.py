"""Reads of the governance app: decisions that wait for the steering dialogue (constant query counts)."""

from __future__ import annotations

from core import access

from .choices import DecisionStatus
from .models import Decision


def decisions_awaiting_steering(user, *, limit: int = 10) -> list[Decision]:
    """Escalated decisions still awaiting the steering dialogue: for a ministry official, those naming their
    ministry; for the office, all of them. Two queries (the rows and their ministries)."""
    qs = Decision.objects.visible_to(user).filter(status=DecisionStatus.AWAITING_STEERING, superseded_by__isnull=True)
    ministry = access.ministry_of(user)
    if ministry is not None:
        qs = qs.filter(ministries=ministry)
    return list(
        qs.select_related("acting_agency", "proposal").prefetch_related("ministries").order_by("-date", "-pk")[:limit]
    )
