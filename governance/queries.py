"""Reads of the governance app: decisions that wait for the steering dialogue, and the decisions that portfolio's
pages show through its extension points (`core.extensions`): a proposal's timeline, a measure's decisions, the
decision in force on each shelved proposal. Constant query counts (one query each)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from core import access, extensions

from .choices import DecisionStatus
from .models import Decision, SteeringResponse


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


# What a timeline prints of a decision (portfolio/_timeline.html): outcome, status, body, rationale and measure.
TIMELINE_FIELDS = ("created_at", "outcome", "status", "rationale", "body__name", "measure__title")


@extensions.provides("portfolio.proposal_page_flags")
def decision_flag() -> dict:
    """Read with the proposal of its page: whether it has decisions (none: `timeline_decisions` makes no query)."""
    return {"has_decisions": Exists(Decision.objects.filter(proposal=OuterRef("pk")))}


@extensions.provides("portfolio.proposal_timeline")
def timeline_decisions(proposal) -> list[dict]:
    """The proposal's decisions as timeline items (superseded ones too: the timeline is its history); no query for
    a proposal read with `has_decisions` false."""
    if not getattr(proposal, "has_decisions", True):
        return []
    decisions = Decision.objects.filter(proposal=proposal).select_related("measure", "body").only(*TIMELINE_FIELDS)
    return [{"at": d.created_at, "kind": "decision", "obj": d} for d in decisions]


# What a measure's page prints of a decision (portfolio/measure_detail.html): date, outcome, status, body, rationale.
MEASURE_DECISION_FIELDS = ("date", "outcome", "status", "rationale", "measure_id", "proposal_id", "body__name")


@extensions.provides("portfolio.measure_page_flags")
def measure_decision_flag() -> dict:
    """Read with the measure of its page: whether there are decisions about it or about the proposal it came from
    (none: `measure_decisions` makes no query)."""
    about = Q(measure=OuterRef("pk")) | Q(proposal_id=OuterRef("origin_proposal_id"))
    return {"has_decisions": Exists(Decision.objects.filter(about))}


@extensions.provides("portfolio.measure_decisions")
def measure_decisions(measure) -> list[Decision]:
    """The decisions about a measure or about the proposal it came from, newest first; no query for a measure read
    with `has_decisions` false."""
    if not getattr(measure, "has_decisions", True):
        return []
    about = Q(measure=measure)
    if measure.origin_proposal_id:
        about |= Q(proposal_id=measure.origin_proposal_id)
    decisions = Decision.objects.filter(about).select_related("body")
    return list(decisions.only(*MEASURE_DECISION_FIELDS).order_by("-date", "-pk"))


@extensions.provides("portfolio.current_decisions")
def current_decisions(proposal_ids) -> dict[int, Decision]:
    """The decision in force on each of the proposals (proposal pk → decision)."""
    if not proposal_ids:
        return {}
    rows = Decision.objects.filter(proposal_id__in=proposal_ids, superseded_by__isnull=True).order_by("pk")
    return {d.proposal_id: d for d in rows}


def current_responses(decision: Decision) -> list[SteeringResponse]:
    """Each named ministry's latest answer (older ones are history)."""
    latest: dict[int, SteeringResponse] = {}
    for response in decision.responses.select_related("ministry", "funding_source", "by").order_by("created_at", "pk"):
        latest[response.ministry_id] = response
    return list(latest.values())


from . import panel_queries  # noqa: E402, F401 - the proposal page's section of what users said (issue 22)
