"""Links between measures (depends on, constrains, overlaps), kept by the office; every change is audited
(`portfolio.dependency.*`) and the admin saves through these too.

An overlap is a fact the facilitator rule reads (`harmonise.overlapping_measures`): a proposal overlaps its related
measure and every measure recorded as overlapping that one. So a new (or changed) overlap is a new related measure
for the open proposals that extend or complement either end, and a facilitator who works for the owner of the other
end now has a stake: they are taken off the proposal, with the reason in its audit trail, and the office assigns
another (as after a merge). Removing a link takes no stake away that matters, so it checks nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from core.services import record_delete, record_save

from ..choices import DependencyKind
from ..models import Dependency, Proposal
from ..workflow import OPEN
from .harmonise import facilitator_recheck
from .transitions import locked

DEPENDENCY_FIELDS = ["from_measure", "to_measure", "kind", "note", "is_illustrative"]


def _only(data: Mapping) -> dict:
    return {k: v for k, v in data.items() if k in DEPENDENCY_FIELDS}


@transaction.atomic
def dependency_create(*, data: Mapping, by) -> Dependency:
    dependency = record_save(obj=Dependency(), data=_only(data), by=by, action="portfolio.dependency")
    facilitators_recheck(dependency, by=by)
    return dependency


@transaction.atomic
def dependency_update(*, dependency: Dependency, data: Mapping, by) -> Dependency:
    dependency = record_save(obj=dependency, data=_only(data), by=by, action="portfolio.dependency")
    facilitators_recheck(dependency, by=by)
    return dependency


def dependency_delete(*, dependency: Dependency, by) -> None:
    record_delete(obj=dependency, by=by, action="portfolio.dependency")


def facilitators_recheck(dependency: Dependency, *, by) -> dict[int, str]:
    """After an overlap is recorded: the facilitator rule again on every open proposal related to either end.
    Returns {proposal pk: why its facilitator was taken off}."""
    if dependency.kind != DependencyKind.OVERLAPS:
        return {}
    ends = (dependency.from_measure_id, dependency.to_measure_id)
    related = Proposal.objects.filter(status__in=OPEN, facilitator__isnull=False, related_measure_id__in=ends)
    removed = {}
    for pk in related.order_by("pk").values_list("pk", flat=True):
        problem = facilitator_recheck(locked(Proposal(pk=pk)), by=by)
        if problem:
            removed[pk] = problem
    return removed
