"""Writes of governance's reference records: funding (by source, year, life event or measure) and the governance
bodies. Kept by the office; every change is audited (`governance.funding.*`, `governance.governancebody.*`), the
admin saves through these too. A body is never deleted (its decisions keep it)."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from core import access
from core.services import record_delete, record_save

from . import rules_reference  # noqa: F401 - registers the predicates these services ask
from .models import BodyMembership, Funding, GovernanceBody

FUNDING_FIELDS = [
    "source",
    "measure",
    "life_event",
    "year",
    "amount",
    "status",
    "raw_text",
    "is_illustrative",
    "source_document",
]
BODY_FIELDS = ["name", "kind", "life_events", "mandate", "is_illustrative", "source"]
MEMBERSHIP_FIELDS = ["body", "organisation", "user", "role"]


def _only(data: Mapping, fields: list[str]) -> dict:
    return {k: v for k, v in data.items() if k in fields}


def funding_create(*, data: Mapping, by) -> Funding:
    return record_save(obj=Funding(), data=_only(data, FUNDING_FIELDS), by=by, action="governance.funding")


def _check_not_from_an_agreement(funding: Funding, action: str, by) -> None:
    """A row an agreement's commitments wrote is refused with a message naming the agreement's version (a 4xx); it
    changes only through a new version of the agreement. Asked of the row as stored, whatever the caller holds."""
    current = Funding.objects.select_related("agreement_line__version__agreement").get(pk=funding.pk)
    access.require(by, action, current)  # who first (403), then the row (a message)
    access.check_state(action, current)


@transaction.atomic
def funding_update(*, funding: Funding, data: Mapping, by) -> Funding:
    _check_not_from_an_agreement(funding, "change", by)
    return record_save(obj=funding, data=_only(data, FUNDING_FIELDS), by=by, action="governance.funding")


@transaction.atomic
def funding_delete(*, funding: Funding, by) -> None:
    _check_not_from_an_agreement(funding, "delete", by)
    record_delete(obj=funding, by=by, action="governance.funding")


def governance_body_create(*, data: Mapping, by) -> GovernanceBody:
    return record_save(obj=GovernanceBody(), data=_only(data, BODY_FIELDS), by=by, action="governance.governancebody")


def governance_body_update(*, body: GovernanceBody, data: Mapping, by) -> GovernanceBody:
    return record_save(obj=body, data=_only(data, BODY_FIELDS), by=by, action="governance.governancebody")


def body_membership_create(*, data: Mapping, by) -> BodyMembership:
    obj = BodyMembership()
    return record_save(obj=obj, data=_only(data, MEMBERSHIP_FIELDS), by=by, action="governance.bodymembership")


def body_membership_update(*, membership: BodyMembership, data: Mapping, by) -> BodyMembership:
    data = _only(data, MEMBERSHIP_FIELDS)
    return record_save(obj=membership, data=data, by=by, action="governance.bodymembership")


def body_membership_delete(*, membership: BodyMembership, by) -> None:
    record_delete(obj=membership, by=by, action="governance.bodymembership")
