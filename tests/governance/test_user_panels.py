"""User panels, consultations and shared user journeys (issue 22): the services, the rules, what each user sees,
and that withdrawing consent removes a member's contact details from the table, the history and the audit trail."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from core import access
from core.models import AuditEvent
from governance import panels as services
from governance.models import Consultation, PanelMember, UserJourney, UserPanel
from tests.factories import panels as f
from tests.factories import portfolio as pf
from tests.factories.lifeevents import LifeEventFactory, ParticipationFactory

TODAY = datetime.date.today()
CONSENT = {
    "name": "Ola Etterlatt",
    "email": "ola.etterlatt@eksempel.no",
    "phone": "+47 987 65 432",
    "consent_given_on": datetime.date(2026, 1, 10),
    "consent_purpose": "Intervju om melding av dødsfall.",
}


@pytest.fixture
def panel(nav, asd):
    event = LifeEventFactory(owner_ministry=asd, name_nb="Dødsfall og arv")
    return f.UserPanelFactory(life_event=event, coordinator=nav, name="Etterlatte")


def _everything_stored_about(member) -> str:
    """Every audit row about the member and every history row of it, as text."""
    rows = AuditEvent.objects.filter(content_type__model="panelmember", object_id=str(member.pk))
    texts = [f"{r.object_repr} {r.changes} {r.note}" for r in rows]
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(e)::text FROM history_panelmemberevent e WHERE pgh_obj_id = %s", [member.pk])
        texts += [row[0] for row in cursor.fetchall()]
    return "\n".join(texts)


# ---- members and consent --------------------------------------------------------------------------------------


def test_a_member_is_recorded_with_consent_and_no_personal_data_leaves_the_row(panel, portfolio_office, nav):
    member = services.member_add(panel=panel, data={**CONSENT, "recruited_by": nav}, by=portfolio_office)
    assert member.email == CONSENT["email"] and member.has_consent
    added = AuditEvent.objects.get(action="governance.panelmember.added")
    assert added.changes["consent_given_on"] == "2026-01-10" and added.changes["recruited_by"] == str(nav)
    stored = _everything_stored_about(member)
    assert stored  # the audit row and the history's insert event exist
    for personal in (CONSENT["name"], CONSENT["email"], CONSENT["phone"]):
        assert personal not in stored


def test_the_history_table_has_no_column_for_name_or_contact(db):
    with connection.cursor() as cursor:
        columns = {c.name for c in connection.introspection.get_table_description(cursor, "history_panelmemberevent")}
    assert {"consent_given_on", "consent_withdrawn_on", "panel_id", "recruited_by_id"} <= columns
    assert not {"name", "email", "phone"} & columns


def test_withdrawing_consent_removes_the_contact_details_for_good(panel, portfolio_office, nav):
    member = services.member_add(panel=panel, data={**CONSENT, "recruited_by": nav}, by=portfolio_office)
    services.member_withdraw_consent(member=member, by=portfolio_office)
    member.refresh_from_db()
    assert member.email == "" and member.phone == "" and member.consent_withdrawn_on == TODAY
    withdrawn = AuditEvent.objects.get(action="governance.panelmember.consent_withdrawn")
    assert withdrawn.changes == {"consent_withdrawn_on": TODAY.isoformat()}
    stored = _everything_stored_about(member)
    assert "consent_withdrawn_on" in stored or TODAY.isoformat() in stored
    assert CONSENT["email"] not in stored and CONSENT["phone"] not in stored
    with connection.cursor() as cursor:  # no other table of the database keeps them either
        cursor.execute("SELECT count(*) FROM governance_panelmember WHERE email = %s OR phone = %s",
                       [CONSENT["email"], CONSENT["phone"]])  # fmt: skip
        assert cursor.fetchone()[0] == 0


def test_consent_is_withdrawn_once(panel, portfolio_office):
    member = f.PanelMemberFactory(panel=panel)
    services.member_withdraw_consent(member=member, by=portfolio_office)
    member.refresh_from_db()
    assert not access.can(portfolio_office, "withdraw_consent", member)
    with pytest.raises(ValidationError):
        services.member_withdraw_consent(member=member, by=portfolio_office)
    assert AuditEvent.objects.filter(action="governance.panelmember.consent_withdrawn").count() == 1


def test_the_database_refuses_a_withdrawn_member_with_contact_details(panel):
    member = f.PanelMemberFactory(panel=panel)
    member.consent_withdrawn_on = TODAY
    with pytest.raises(IntegrityError), transaction.atomic():
        member.save()


def test_a_member_needs_a_way_to_be_reached_and_a_consent_not_in_the_future(panel, portfolio_office, nav):
    with pytest.raises(ValidationError):
        services.member_add(panel=panel, data={**CONSENT, "email": "", "phone": "", "recruited_by": nav},
                            by=portfolio_office)  # fmt: skip
    future = {**CONSENT, "consent_given_on": TODAY + datetime.timedelta(days=1), "recruited_by": nav}
    with pytest.raises(ValidationError):
        services.member_add(panel=panel, data=future, by=portfolio_office)
    assert not PanelMember.objects.exists() and not AuditEvent.objects.exists()


def test_the_coordinating_organisation_recruits_others_may_not(panel, agency_staff, other_agency_staff, nav):
    assert services.member_add(panel=panel, data={**CONSENT, "recruited_by": nav}, by=agency_staff)
    with pytest.raises(PermissionDenied):
        services.member_add(panel=panel, data={**CONSENT, "recruited_by": nav}, by=other_agency_staff)


def test_members_are_seen_by_the_office_and_the_coordinator_only(
    panel, portfolio_office, agency_staff, other_agency_staff, ministry_official
):
    member = f.PanelMemberFactory(panel=panel)
    ParticipationFactory(organisation=other_agency_staff.organisation, life_event=panel.life_event)
    for user, sees in ((portfolio_office, True), (agency_staff, True), (other_agency_staff, False),
                       (ministry_official, False)):  # fmt: skip
        assert PanelMember.objects.visible_to(user).filter(pk=member.pk).exists() is sees
        assert access.can(user, "see_members", panel) is sees
    # The panel itself is read by those who follow its life event
    assert UserPanel.objects.visible_to(other_agency_staff).filter(pk=panel.pk).exists()
    assert UserPanel.objects.visible_to(ministry_official).filter(pk=panel.pk).exists()


# ---- consultations ----------------------------------------------------------------------------------------------


def test_a_consultation_is_seen_wherever_its_proposal_is(
    panel, portfolio_office, other_agency_staff, ministry_official
):
    proposal = pf.ProposalFactory(organisation=other_agency_staff.organisation, life_events=[panel.life_event])
    consultation = services.consultation_record(
        panel=panel,
        data={"date": TODAY, "method": "workshop", "topic": "Skifte", "findings": "For mange skjema."},
        proposals=[proposal],
        by=portfolio_office,
    )
    assert AuditEvent.objects.get(action="governance.consultation.recorded").changes["proposals"] == [proposal.pk]
    for user in (other_agency_staff, ministry_official):
        assert Consultation.objects.visible_to(user).filter(pk=consultation.pk).exists()
    unlinked = f.ConsultationFactory(panel=panel)
    assert not Consultation.objects.visible_to(other_agency_staff).filter(pk=unlinked.pk).exists()
    assert not Consultation.objects.visible_to(ministry_official).filter(pk=unlinked.pk).exists()


def test_a_consultation_links_only_what_its_author_can_open(panel, agency_staff, other_agency):
    hidden = pf.ProposalFactory(organisation=other_agency, life_events=[panel.life_event])
    data = {"date": TODAY, "method": "survey", "topic": "Arv", "findings": "Uklart hvem som gjør hva."}
    with pytest.raises(ValidationError) as refused:
        services.consultation_record(panel=panel, data=data, proposals=[hidden], by=agency_staff)
    assert "proposals" in refused.value.error_dict
    assert not Consultation.objects.exists()


def test_a_consultation_is_not_recorded_before_it_took_place(panel, portfolio_office):
    data = {"date": TODAY + datetime.timedelta(days=3), "method": "interview", "topic": "Arv", "findings": "…"}
    with pytest.raises(ValidationError):
        services.consultation_record(panel=panel, data=data, by=portfolio_office)


def test_the_proposal_and_decision_pages_show_what_users_said(client, panel, portfolio_office, agency_staff):
    proposal = pf.ProposalFactory(organisation=agency_staff.organisation, status="deciding",
                                  life_events=[panel.life_event])  # fmt: skip
    measure = pf.MeasureFactory(owner=agency_staff.organisation, origin_proposal=proposal)
    f.ConsultationFactory(panel=panel, topic="Melding om dødsfall", findings="Vi ble spurt tre ganger.",
                          proposals=[proposal])  # fmt: skip
    f.ConsultationFactory(panel=panel, topic="Skifteattest", findings="Ventetiden var lang.", measures=[measure])
    f.ConsultationFactory(panel=panel, topic="Urelatert", findings="Ikke om dette forslaget.")
    client.force_login(portfolio_office)
    for url in (proposal.get_absolute_url(), reverse("decisions:proposal_decide", args=[proposal.pk])):
        page = client.get(url).content.decode()
        assert "Vi ble spurt tre ganger." in page and "Ventetiden var lang." in page
        assert "Urelatert" not in page
    client.force_login(agency_staff)  # the submitter sees it on the proposal's page too
    assert "Vi ble spurt tre ganger." in client.get(proposal.get_absolute_url()).content.decode()


# ---- pages: members and consent ---------------------------------------------------------------------------------


def test_the_office_records_a_member_and_withdrawal_removes_the_contact_on_the_page(client, panel, portfolio_office):
    client.force_login(portfolio_office)
    url = reverse("governance:panel_member_add", args=[panel.pk])
    data = {**CONSENT, "consent_given_on": "2026-01-10", "recruited_by": panel.coordinator_id}
    response = client.post(url, data)
    assert response.status_code == 302
    page = client.get(panel.get_absolute_url()).content.decode()
    assert CONSENT["email"] in page and CONSENT["name"] in page
    member = PanelMember.objects.get()
    withdraw = reverse("governance:panel_member_withdraw", args=[member.pk])
    assert client.post(withdraw, {"withdrawn_on": TODAY.isoformat()}).status_code == 422  # not confirmed
    assert client.post(withdraw, {"withdrawn_on": TODAY.isoformat(), "confirm": "on"}).status_code == 302
    page = client.get(panel.get_absolute_url()).content.decode()
    assert CONSENT["email"] not in page and CONSENT["phone"] not in page and CONSENT["name"] in page
    assert client.post(withdraw, {"withdrawn_on": TODAY.isoformat(), "confirm": "on"}).status_code == 409


def test_bad_member_input_is_a_422_with_a_message(client, panel, portfolio_office):
    client.force_login(portfolio_office)
    url = reverse("governance:panel_member_add", args=[panel.pk])
    response = client.post(url, {"name": "Ola", "consent_given_on": "2026-01-10", "consent_purpose": "Intervju",
                                 "recruited_by": panel.coordinator_id, "email": "ikke-en-adresse"})  # fmt: skip
    assert response.status_code == 422 and b"<h1" in response.content
    assert not PanelMember.objects.exists()


def test_other_agencies_see_the_panel_without_members(client, panel, other_agency_staff):
    f.PanelMemberFactory(panel=panel, email="skjult@eksempel.no")
    ParticipationFactory(organisation=other_agency_staff.organisation, life_event=panel.life_event)
    client.force_login(other_agency_staff)
    page = client.get(panel.get_absolute_url()).content.decode()
    assert "Etterlatte" in page and "skjult@eksempel.no" not in page and 'id="members"' not in page
    assert client.get(reverse("governance:panel_member_add", args=[panel.pk])).status_code == 403


# ---- shared user journeys -----------------------------------------------------------------------------------


def test_the_journey_page_shows_steps_in_order_and_marks_the_gaps(client, portfolio_office, nav, asd):
    event = LifeEventFactory(owner_ministry=asd)
    journey = f.UserJourneyFactory(life_event=event, title="Når noen dør")
    second = f.JourneyStepFactory(journey=journey, position=2, title="Skifte boet", agency=nav)
    first = f.JourneyStepFactory(journey=journey, position=1, title="Melde dødsfallet")
    measure = pf.MeasureFactory(owner=nav, title="Digitalt dødsbo", life_events=[event])
    f.PainPointFactory(step=first, description="Må ringe mange etater.")
    f.PainPointFactory(step=second, description="Vet ikke hva som finnes i boet.", measures=[measure])
    client.force_login(portfolio_office)
    page = client.get(journey.get_absolute_url()).content.decode()
    assert page.index("Melde dødsfallet") < page.index("Skifte boet")
    gap = page[page.index("Må ringe mange etater.") - 200 : page.index("Må ringe mange etater.")]
    assert "danger" in gap
    assert "Digitalt dødsbo" in page
    assert page.count('data-color="danger"') == 2  # the summary and the one gap


def test_journeys_are_read_by_agencies_involved_and_ministries_and_changed_by_the_office(
    client, portfolio_office, agency_staff, other_agency_staff, ministry_official, nav, asd
):
    journey = f.UserJourneyFactory(life_event=LifeEventFactory(owner_ministry=asd))
    f.JourneyStepFactory(journey=journey, agency=nav)
    for user, status in ((agency_staff, 200), (ministry_official, 200), (other_agency_staff, 404)):
        client.force_login(user)
        assert client.get(journey.get_absolute_url()).status_code == status
        assert not access.can(user, "change", journey)
    client.force_login(portfolio_office)
    response = client.post(reverse("governance:journey_step_add", args=[journey.pk]), {"title": "Få svar"})
    assert response.status_code == 302
    assert journey.steps.order_by("-position").first().title == "Få svar"
    assert AuditEvent.objects.filter(action="governance.userjourney.step_added").exists()


def test_a_pain_point_is_linked_to_what_addresses_it(portfolio_office, nav):
    journey = f.UserJourneyFactory()
    step = f.JourneyStepFactory(journey=journey)
    proposal = pf.ProposalFactory(organisation=nav, life_events=[journey.life_event])
    point = services.pain_point_save(journey=journey, data={"step": step, "description": "Lang ventetid"},
                                     by=portfolio_office)  # fmt: skip
    assert not point.proposals.exists()
    services.pain_point_save(journey=journey, pain_point=point, data={"description": "Lang ventetid"},
                             proposals=[proposal], by=portfolio_office)  # fmt: skip
    assert list(point.proposals.all()) == [proposal]
    other = f.JourneyStepFactory()  # a step of another journey
    with pytest.raises(ValidationError):
        services.pain_point_save(journey=journey, data={"step": other, "description": "x"}, by=portfolio_office)


def test_the_overview_lists_panels_and_journeys_with_gaps(client, panel, portfolio_office, ministry_official):
    journey = f.UserJourneyFactory(life_event=panel.life_event, title="Etter dødsfallet")
    f.PainPointFactory(step=f.JourneyStepFactory(journey=journey))
    for user in (portfolio_office, ministry_official):
        client.force_login(user)
        page = client.get(reverse("governance:insight_overview")).content.decode()
        assert "Etterlatte" in page and "Etter dødsfallet" in page
    assert UserJourney.objects.visible_to(ministry_official).exists()


def test_the_office_changes_a_panel_and_a_journey_audited(client, panel, portfolio_office, agency_staff):
    journey = f.UserJourneyFactory(life_event=panel.life_event, title="Gammel tittel")
    client.force_login(agency_staff)  # the coordinating organisation recruits and consults, but does not keep the panel
    assert client.get(reverse("governance:panel_edit", args=[panel.pk])).status_code == 403
    client.force_login(portfolio_office)
    data = {"life_event": panel.life_event_id, "name": "Etterlatte etter skifte", "coordinator": panel.coordinator_id}
    assert client.post(reverse("governance:panel_edit", args=[panel.pk]), data).status_code == 302
    panel.refresh_from_db()
    assert panel.name == "Etterlatte etter skifte"
    assert AuditEvent.objects.get(action="governance.userpanel.changed").changes["name"] == [
        "Etterlatte", "Etterlatte etter skifte"]  # fmt: skip
    data = {"life_event": journey.life_event_id, "title": ""}
    assert client.post(reverse("governance:journey_edit", args=[journey.pk]), data).status_code == 422
    journey.refresh_from_db()
    assert journey.title == "Gammel tittel"
