"""History that cannot be bypassed: database triggers write a history row for changes made outside the services, and
the audit table refuses UPDATE and DELETE whoever asks."""

import pytest
from django.db import IntegrityError, connection, transaction

from core import audit
from core.models import AuditEvent
from history.models import DecisionEvent, MeasureEvent, ProposalEvent, UserEvent
from portfolio.models import Measure, Proposal
from tests.factories import governance as gf
from tests.factories import portfolio as pf

pytestmark = pytest.mark.django_db


def test_a_raw_update_of_a_proposal_leaves_a_history_row(agency_staff):
    proposal = pf.ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status="submitted")
    Proposal.objects.filter(pk=proposal.pk).update(status="decided")  # no service, no signal, no AuditEvent

    events = list(ProposalEvent.objects.filter(pgh_obj=proposal).order_by("pgh_id"))
    assert [(e.pgh_label, e.status) for e in events] == [("insert", "submitted"), ("update", "decided")]


def test_raw_sql_and_a_delete_leave_history_rows(agency_staff):
    measure = pf.MeasureFactory()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE portfolio_measure SET stage = 'scale' WHERE id = %s", [measure.pk])
    Measure.objects.filter(pk=measure.pk).delete()

    events = MeasureEvent.objects.filter(pgh_obj_id=measure.pk).order_by("pgh_id")
    labels = list(events.values_list("pgh_label", "stage"))
    assert labels[1:] == [("update", "scale"), ("delete", "scale")]


def test_a_change_of_an_untracked_field_writes_no_update_row(agency_staff):
    proposal = pf.ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff)
    Proposal.objects.filter(pk=proposal.pk).update(need="A longer text")
    assert ProposalEvent.objects.filter(pgh_obj=proposal, pgh_label="update").count() == 0


def test_decision_and_user_role_changes_are_tracked(agency_staff, portfolio_office):
    decision = gf.DecisionFactory()
    type(decision).objects.filter(pk=decision.pk).update(status="superseded")
    assert DecisionEvent.objects.filter(pgh_obj=decision, pgh_label="update", status="superseded").exists()

    type(agency_staff).objects.filter(pk=agency_staff.pk).update(role="portfolio_office")
    assert UserEvent.objects.filter(pgh_obj=agency_staff, pgh_label="update", role="portfolio_office").exists()


def test_the_audit_table_refuses_update(agency_staff):
    audit.record(actor=agency_staff, action="portfolio.proposal.created", obj=agency_staff)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(actor=agency_staff).update(note="rewritten")
    assert AuditEvent.objects.get(actor=agency_staff).note == ""


def test_the_audit_table_refuses_delete(agency_staff):
    audit.record(actor=agency_staff, action="portfolio.proposal.created", obj=agency_staff)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(actor=agency_staff).delete()
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent")
    assert AuditEvent.objects.filter(actor=agency_staff).count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_database_can_still_be_flushed(agency_staff):
    """pytest-django flushes after a transactional test with TRUNCATE, which the row trigger does not see."""
    audit.record(actor=agency_staff, action="portfolio.proposal.created", obj=agency_staff)
    assert AuditEvent.objects.count() == 1


def test_a_change_through_a_request_records_who_and_where(client, admin_user):
    """The history row of a write made in a request carries the user and the URL (pghistory's middleware)."""
    from history.models import BenefitEvent

    benefit = pf.BenefitFactory()
    client.force_login(admin_user)
    url = f"/admin/portfolio/benefit/{benefit.pk}/change/"
    data = {
        "measure": benefit.measure_id,
        "description": benefit.description,
        "indicator": "Timer spart per søknad",
        "owner": benefit.owner_id,
        "realisations-TOTAL_FORMS": "0",
        "realisations-INITIAL_FORMS": "0",
    }
    assert client.post(url, data).status_code == 302
    event = BenefitEvent.objects.filter(pgh_obj=benefit, pgh_label="update").select_related("pgh_context").get()
    assert event.indicator == "Timer spart per søknad"
    assert event.pgh_context.metadata == {"user": admin_user.pk, "url": url}
