"""The admin is a client of the services, not a back door (issues 15 and 19): case records are read there and never
added, changed or hard-deleted (superusers included); what may happen to them is an action that calls the service;
reference records and a user's role and organisation are saved through services that audit."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

from core.models import AuditEvent, Organisation, User
from governance.models import Decision, Funding, GovernanceBody
from portfolio.models import (
    Attachment,
    Benefit,
    BenefitRealisation,
    CallForProposals,
    LearningEntry,
    Measure,
    MeasureMove,
    Message,
    Proposal,
    ReviewAssignment,
    Score,
    Transition,
)
from reports.models import GeneratedReport, ReportingRound, StatusReport
from tests.factories import governance as gf
from tests.factories import portfolio as pf
from tests.factories.lifeevents import LifeEventFactory

pytestmark = pytest.mark.django_db

CASE_RECORDS = [
    Proposal,
    Measure,
    Decision,
    Score,
    Attachment,
    StatusReport,
    LearningEntry,
    ReviewAssignment,
    ReportingRound,
    GeneratedReport,
    Transition,
    MeasureMove,
    Message,
]


@pytest.fixture
def staff_client(client, admin_user, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(admin_user)
    return client


def audit_actions(obj) -> list[str]:
    return list(AuditEvent.objects.for_object(obj).order_by("pk").values_list("action", flat=True))


@pytest.mark.parametrize("model", CASE_RECORDS, ids=lambda m: m._meta.label)
def test_no_one_adds_changes_or_deletes_a_case_record_in_the_admin(model, admin_user):
    request = RequestFactory().post("/admin/")
    request.user = admin_user  # a superuser and administrator
    model_admin = admin.site._registry[model]
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_a_decision_and_a_learning_entry_cannot_be_deleted_for_good(staff_client):
    decision = gf.DecisionFactory()
    entry = pf.LearningEntryFactory()
    for obj in (decision, entry):
        meta = obj._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
        assert staff_client.post(url, {"post": "yes"}).status_code == 403
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        bulk = {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        staff_client.post(changelist, bulk)
        assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_proposal_is_not_moved_by_editing_its_status(staff_client, agency_staff):
    proposal = pf.ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status="submitted")
    url = reverse("admin:portfolio_proposal_change", args=[proposal.pk])
    assert staff_client.get(url).status_code == 200  # read
    response = staff_client.post(url, {"title": proposal.title, "status": "decided", "qualification": "qualified"})
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version) == ("submitted", 1)
    assert not Transition.objects.filter(proposal=proposal).exists()


def test_the_triage_action_goes_through_the_service(staff_client, agency_staff):
    proposal = pf.ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status="submitted")
    changelist = reverse("admin:portfolio_proposal_changelist")
    response = staff_client.post(changelist, {"action": "proposal_triage", "_selected_action": [proposal.pk]})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "harmonising"
    assert Transition.objects.filter(proposal=proposal, to_status="harmonising").count() == 1
    assert "portfolio.proposal.transitioned" in audit_actions(proposal)


def test_an_action_the_workflow_refuses_is_reported_and_changes_nothing(staff_client, agency_staff):
    proposal = pf.ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status="draft")
    changelist = reverse("admin:portfolio_proposal_changelist")
    data = {"action": "proposal_triage", "_selected_action": [proposal.pk]}
    response = staff_client.post(changelist, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    # refused by the policy ("You may not do this.") or by the workflow ("Only a submitted proposal …"), with its name
    assert f"{proposal}: You may not do this." in page or f"{proposal}: Only a submitted proposal" in page
    proposal.refresh_from_db()
    assert proposal.status == "draft" and audit_actions(proposal) == []


def test_withdraw_asks_for_a_reason_then_calls_the_service(staff_client, agency_staff):
    proposal = pf.ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status="submitted")
    changelist = reverse("admin:portfolio_proposal_changelist")
    data = {"action": "proposal_withdraw", "_selected_action": [proposal.pk]}
    page = staff_client.post(changelist, data)
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    staff_client.post(changelist, {**data, "apply": "1", "reason": "Registered twice"})
    proposal.refresh_from_db()
    assert proposal.status == "withdrawn"
    assert Transition.objects.get(proposal=proposal, to_status="withdrawn").reason == "Registered twice"


def test_moving_a_measure_in_the_admin_is_the_measure_move_service(staff_client):
    measure = pf.MeasureFactory(status="planned")
    changelist = reverse("admin:portfolio_measure_changelist")
    data = {"action": "measure_move", "_selected_action": [measure.pk], "apply": "1"}
    staff_client.post(changelist, {**data, "field": "status", "to": "ongoing", "evidence": "Started in May"})
    measure.refresh_from_db()
    assert measure.status == "ongoing" and measure.version == 2
    assert MeasureMove.objects.get(measure=measure).evidence == "Started in May"
    assert audit_actions(measure) == ["portfolio.measure.moved"]


def test_benefit_added_changed_and_deleted_in_the_admin_is_audited(staff_client):
    measure = pf.MeasureFactory()
    data = {"measure": measure.pk, "description": "Mindre tid", "indicator": "Timer spart", "owner": measure.owner_id}
    inline = {"realisations-TOTAL_FORMS": "0", "realisations-INITIAL_FORMS": "0"}
    staff_client.post(reverse("admin:portfolio_benefit_add"), {**data, **inline})
    benefit = Benefit.objects.get(indicator="Timer spart")
    assert audit_actions(benefit) == ["portfolio.benefit.created"]

    change = reverse("admin:portfolio_benefit_change", args=[benefit.pk])
    staff_client.post(change, {**data, **inline, "expected_value": "12"})
    event = AuditEvent.objects.for_object(benefit).get(action="portfolio.benefit.changed")
    assert event.changes == {"expected_value": [None, "12"]}

    staff_client.post(reverse("admin:portfolio_benefit_delete", args=[benefit.pk]), {"post": "yes"})
    assert not Benefit.objects.filter(pk=benefit.pk).exists()
    assert audit_actions(benefit)[-1] == "portfolio.benefit.deleted"


def test_benefit_realisation_saved_in_the_admin_is_audited(staff_client):
    benefit = pf.BenefitFactory()
    staff_client.post(
        reverse("admin:portfolio_benefitrealisation_add"), {"benefit": benefit.pk, "date": "2026-06-30", "value": "4"}
    )
    realisation = BenefitRealisation.objects.get(benefit=benefit)
    assert audit_actions(realisation) == ["portfolio.benefitrealisation.created"]


def test_mission_life_events_changed_in_the_admin_are_audited(staff_client):
    mission = pf.MissionFactory()
    event = LifeEventFactory()
    data = {
        "title": mission.title,
        "statement": mission.statement,
        "life_events": [event.pk],
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
    }
    staff_client.post(reverse("admin:portfolio_mission_change", args=[mission.pk]), data)
    assert list(mission.life_events.all()) == [event]
    change = AuditEvent.objects.for_object(mission).get(action="portfolio.mission.changed")
    assert change.changes["life_events"][1] == [event.pk]


def test_funding_and_governance_bodies_saved_in_the_admin_are_audited(staff_client):
    funding = gf.FundingFactory()
    data = {"source": funding.source_id, "life_event": funding.life_event_id, "year": "2023", "amount": "600000"}
    staff_client.post(reverse("admin:governance_funding_change", args=[funding.pk]), data)
    event = AuditEvent.objects.for_object(funding).get(action="governance.funding.changed")
    assert event.changes["year"] == [2022, 2023]

    body = gf.GovernanceBodyFactory()
    data = {"name": "Styringsråd", "kind": body.kind, "memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"}
    staff_client.post(reverse("admin:governance_governancebody_change", args=[body.pk]), data)
    assert GovernanceBody.objects.get(pk=body.pk).name == "Styringsråd"
    assert audit_actions(body) == ["governance.governancebody.changed"]
    assert Funding.objects.get(pk=funding.pk).year == 2023


def test_a_refusing_service_gives_a_message_and_saves_nothing(staff_client, portfolio_office):
    call = pf.CallForProposalsFactory()
    CallForProposals.objects.filter(pk=call.pk).update(closed_at="2026-01-01T00:00:00Z")
    url = reverse("admin:portfolio_callforproposals_change", args=[call.pk])
    data = {"title": "Nytt navn", "question": call.question, "life_event": call.life_event_id}
    data |= {"opens_at": call.opens_at or "", "deadline": call.deadline, "late_submissions": call.late_submissions}
    response = staff_client.post(url, data, follow=True)
    assert response.status_code == 200
    assert "The call is closed and can no longer be changed." in response.content.decode()
    assert CallForProposals.objects.get(pk=call.pk).title != "Nytt navn"


def test_a_users_role_and_organisation_change_through_the_audited_service(staff_client, agency_staff, digdir):
    url = reverse("admin:core_user_change", args=[agency_staff.pk])
    data = {
        "username": agency_staff.username,
        "role": "portfolio_office",
        "organisation": digdir.pk,
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "is_active": "on",
    }
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(pk=agency_staff.pk)
    assert (user.role, user.organisation) == ("portfolio_office", digdir)
    events = {e.action: e.changes for e in AuditEvent.objects.for_object(user)}
    assert events["core.user.role_changed"] == {"role": ["agency_staff", "portfolio_office"]}
    assert "core.user.organisation_changed" in events


def test_an_administrator_cannot_change_their_own_role(staff_client, admin_user):
    page = staff_client.get(reverse("admin:core_user_change", args=[admin_user.pk])).content.decode()
    assert 'name="role"' not in page


def test_the_role_service_refuses_a_non_administrator(portfolio_office, agency_staff):
    from django.core.exceptions import PermissionDenied

    from core.services import user_change_role

    with pytest.raises(PermissionDenied):
        user_change_role(user=agency_staff, role="portfolio_office", by=portfolio_office)
    assert User.objects.get(pk=agency_staff.pk).role == "agency_staff"
    assert not AuditEvent.objects.filter(action="core.user.role_changed").exists()


def test_organisation_admin_still_saves(staff_client):
    staff_client.post(reverse("admin:core_organisation_add"), {"name": "Ny etat", "kind": "agency"})
    assert Organisation.objects.filter(name="Ny etat").exists()


def test_target_measurements_are_saved_through_the_audited_service_not_an_inline(staff_client):
    """The target's page lists its measurements read-only (no formset to save past the service); a measurement is
    added, changed and deleted on its own admin page, each an audit row."""
    from portfolio.models import TargetMeasurement

    earlier = TargetMeasurement.objects.create(target=pf.MissionTargetFactory(), date="2025-06-30", value=7)
    page = staff_client.get(reverse("admin:portfolio_missiontarget_change", args=[earlier.target_id])).content.decode()
    assert "2025" in page and 'name="measurements-0-value"' not in page  # shown, not editable
    target = pf.MissionTargetFactory()
    add = reverse("admin:portfolio_targetmeasurement_add")
    staff_client.post(add, {"target": target.pk, "date": "2026-06-30", "value": "42", "note": "Første måling"})
    measurement = TargetMeasurement.objects.get(target=target)
    assert audit_actions(measurement) == ["portfolio.targetmeasurement.created"]
    change = reverse("admin:portfolio_targetmeasurement_change", args=[measurement.pk])
    staff_client.post(change, {"target": target.pk, "date": "2026-06-30", "value": "45", "note": "Første måling"})
    event = AuditEvent.objects.for_object(measurement).get(action="portfolio.targetmeasurement.changed")
    assert list(event.changes) == ["value"]
    staff_client.post(reverse("admin:portfolio_targetmeasurement_delete", args=[measurement.pk]), {"post": "yes"})
    assert not TargetMeasurement.objects.filter(pk=measurement.pk).exists()
    assert audit_actions(measurement)[-1] == "portfolio.targetmeasurement.deleted"


def test_body_memberships_are_saved_through_the_audited_service_not_an_inline(staff_client, nav):
    from governance.models import BodyMembership

    body = gf.GovernanceBodyFactory()
    BodyMembership.objects.create(body=body, organisation=nav, role="secretariat")
    page = staff_client.get(reverse("admin:governance_governancebody_change", args=[body.pk])).content.decode()
    assert "velferdsetaten" in page and 'name="memberships-0-organisation"' not in page  # shown, not editable
    BodyMembership.objects.filter(body=body).delete()
    staff_client.post(
        reverse("admin:governance_bodymembership_add"), {"body": body.pk, "organisation": nav.pk, "role": "member"}
    )
    membership = BodyMembership.objects.get(body=body)
    assert audit_actions(membership) == ["governance.bodymembership.created"]
    change = reverse("admin:governance_bodymembership_change", args=[membership.pk])
    staff_client.post(change, {"body": body.pk, "organisation": nav.pk, "role": "chair"})
    assert audit_actions(membership) == ["governance.bodymembership.created", "governance.bodymembership.changed"]
    staff_client.post(reverse("admin:governance_bodymembership_delete", args=[membership.pk]), {"post": "yes"})
    assert audit_actions(membership)[-1] == "governance.bodymembership.deleted"


def test_only_the_office_keeps_measurements_and_memberships(agency_staff, nav):
    from django.core.exceptions import PermissionDenied

    from governance import services as governance_services
    from portfolio.services import missions

    target, body = pf.MissionTargetFactory(), gf.GovernanceBodyFactory()
    with pytest.raises(PermissionDenied):
        missions.target_measurement_create(data={"target": target, "date": "2026-01-01", "value": 1}, by=agency_staff)
    with pytest.raises(PermissionDenied):
        governance_services.body_membership_create(data={"body": body, "organisation": nav}, by=agency_staff)
    assert not AuditEvent.objects.exists()
