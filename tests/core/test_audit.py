"""The audit trail: one writer, append-only, before → after."""

import pytest
from django.core.exceptions import ValidationError

from core import audit
from core.models import AuditEvent
from tests.factories.core import OrganisationFactory


def test_record_writes_who_what_and_the_changed_fields(db, portfolio_office):
    org = OrganisationFactory(name="Brønnøysundregistrene")
    before = audit.snapshot(org, ["short_name"])
    org.short_name = "BR"
    event = audit.record(
        actor=portfolio_office,
        action="core.organisation.changed",
        obj=org,
        changes=audit.diff(before, audit.snapshot(org, ["short_name"])),
    )
    assert event.actor == portfolio_office
    assert event.changes == {"short_name": ["", "BR"]}
    assert list(AuditEvent.objects.for_object(org)) == [event]


def test_diff_leaves_out_unchanged_fields():
    assert audit.diff({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": [2, 3]}


def test_audit_events_cannot_be_changed_or_deleted(db, portfolio_office):
    org = OrganisationFactory()
    event = audit.record(actor=portfolio_office, action="core.organisation.created", obj=org)
    event.action = "tampered"
    with pytest.raises(ValidationError):
        event.save()
    with pytest.raises(ValidationError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "core.organisation.created"
