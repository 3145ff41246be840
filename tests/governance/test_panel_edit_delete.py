"""Correcting and deleting in user panels and shared user journeys (issue 22): a member's details are corrected while
consent is given (deleting a member is withdrawing the consent), a consultation is corrected or deleted, a journey
step is changed or deleted with its pain points unlinked; through the services and the policy, audited without
personal data, whole-page results with the outcome announced, 4xx and nothing saved on bad input."""

import datetime
import json

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent
from governance import panels as services
from governance.models import Consultation, JourneyStep, PainPoint, PanelMember
from tests.factories import panels as f
from tests.factories import portfolio as pf
from tests.factories.lifeevents import LifeEventFactory, ParticipationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield


@pytest.fixture
def panel(nav, asd):
    event = LifeEventFactory(owner_ministry=asd, name_nb="Dødsfall og arv")
    return f.UserPanelFactory(life_event=event, coordinator=nav, name="Etterlatte")


@pytest.fixture
def member(panel):
    return f.PanelMemberFactory(panel=panel, name="Ola Etterlatt", email="ola@eksempel.no", phone="+47 987 65 432")


def _member_data(member, **changes):
    data = {
        "name": member.name,
        "email": member.email,
        "phone": member.phone,
        "consent_given_on": member.consent_given_on.isoformat(),
        "consent_purpose": member.consent_purpose,
        "recruited_by": member.recruited_by_id,
    }
    return {**data, **changes}


# ---- members --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["portfolio_office", "agency_staff"])  # agency_staff: the coordinator (NAV)
def test_a_members_details_are_corrected_and_audited_without_personal_data(request, client, persona, member):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(member.panel.get_absolute_url()).content.decode()
    url = reverse("governance:panel_member_edit", args=[member.pk])
    assert url in page
    response = client.post(url, _member_data(member, email="ola.ny@eksempel.no", name="Ola Etterlatt-Hansen"))
    assert response.status_code == 302 and response["Location"].endswith("#members")
    member.refresh_from_db()
    assert (member.name, member.email) == ("Ola Etterlatt-Hansen", "ola.ny@eksempel.no")
    event = AuditEvent.objects.get(action="governance.panelmember.changed")
    assert event.changes == {"personal_fields_changed": ["email", "name"]}
    stored = json.dumps(event.changes) + event.object_repr
    assert "ola" not in stored.lower() and "Etterlatt" not in stored
    assert "Panelmedlemmets opplysninger ble lagret." in client.get(response["Location"]).content.decode()


def test_nothing_changed_writes_no_audit_row(client, portfolio_office, member):
    client.force_login(portfolio_office)
    assert (
        client.post(reverse("governance:panel_member_edit", args=[member.pk]), _member_data(member)).status_code == 302
    )
    assert not AuditEvent.objects.filter(action="governance.panelmember.changed").exists()


def test_removing_both_contacts_or_a_future_consent_is_refused(client, portfolio_office, member):
    client.force_login(portfolio_office)
    url = reverse("governance:panel_member_edit", args=[member.pk])
    assert client.post(url, _member_data(member, email="", phone="")).status_code == 422
    future = (datetime.date.today() + datetime.timedelta(days=3)).isoformat()
    assert client.post(url, _member_data(member, consent_given_on=future)).status_code == 422
    member.refresh_from_db()
    assert member.email == "ola@eksempel.no" and member.consent_given_on == datetime.date(2026, 1, 15)
    assert not AuditEvent.objects.exists()


def test_a_withdrawn_member_cannot_be_corrected(client, portfolio_office, member):
    services.member_withdraw_consent(member=member, by=portfolio_office)
    client.force_login(portfolio_office)
    url = reverse("governance:panel_member_edit", args=[member.pk])
    assert url not in client.get(member.panel.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 409
    assert client.post(url, _member_data(member, email="tilbake@eksempel.no")).status_code == 409
    member.refresh_from_db()
    assert member.email == "" and member.phone == ""  # the contact details never come back


@pytest.mark.parametrize(("persona", "status"), [("other_agency_staff", 404), ("ministry_official", 404)])
def test_others_may_not_correct_a_member(request, client, persona, status, member):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("governance:panel_member_edit", args=[member.pk])
    assert client.post(url, _member_data(member, name="Endret")).status_code == status
    assert PanelMember.objects.get(pk=member.pk).name == "Ola Etterlatt"


# ---- consultations ----------------------------------------------------------------------------------------------


def _consultation_data(consultation, **changes):
    data = {
        "date": consultation.date.isoformat(),
        "method": consultation.method,
        "topic": consultation.topic,
        "participants": "",
        "findings": consultation.findings,
    }
    return {**data, **changes}


def test_the_coordinator_corrects_a_consultation_and_keeps_links_it_cannot_see(
    client, agency_staff, other_agency_staff, panel
):
    ParticipationFactory(organisation=agency_staff.organisation, life_event=panel.life_event)
    ours = pf.ProposalFactory(
        organisation=agency_staff.organisation, status="submitted", life_events=[panel.life_event]
    )
    hidden = pf.ProposalFactory(organisation=other_agency_staff.organisation, status="draft")  # NAV cannot open it
    consultation = f.ConsultationFactory(panel=panel, proposals=[hidden])
    client.force_login(agency_staff)
    url = reverse("governance:consultation_edit", args=[consultation.pk])
    assert url in client.get(panel.get_absolute_url()).content.decode()
    response = client.post(
        url, _consultation_data(consultation, topic="Melding om dødsfall, runde 2", proposals=[ours.pk])
    )
    assert response.status_code == 302 and response["Location"].endswith(f"#consultation-{consultation.pk}")
    consultation.refresh_from_db()
    assert consultation.topic == "Melding om dødsfall, runde 2"
    assert set(consultation.proposals.values_list("pk", flat=True)) == {ours.pk, hidden.pk}
    changes = AuditEvent.objects.get(action="governance.consultation.changed").changes
    assert changes["topic"] == ["Melding om dødsfall", "Melding om dødsfall, runde 2"]
    assert changes["proposals"] == [[hidden.pk], sorted([ours.pk, hidden.pk])]


def test_a_consultation_in_the_future_is_refused_and_nothing_saved(client, portfolio_office, panel):
    consultation = f.ConsultationFactory(panel=panel)
    client.force_login(portfolio_office)
    future = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    response = client.post(
        reverse("governance:consultation_edit", args=[consultation.pk]),
        _consultation_data(consultation, date=future, topic="Endret"),
    )
    assert response.status_code == 422
    assert Consultation.objects.get(pk=consultation.pk).topic == "Melding om dødsfall"


def test_the_office_deletes_a_consultation_audited_with_its_links(client, portfolio_office, panel):
    proposal = pf.ProposalFactory(status="submitted")
    consultation = f.ConsultationFactory(panel=panel, proposals=[proposal])
    client.force_login(portfolio_office)
    url = reverse("governance:consultation_delete", args=[consultation.pk])
    assert url in client.get(panel.get_absolute_url()).content.decode()
    confirm = client.get(url).content.decode()
    assert "Slett konsultasjonen" in confirm and 'data-color="danger"' in confirm
    response = client.post(url)
    assert response.status_code == 302 and response["Location"].endswith("#consultations")
    assert not Consultation.objects.filter(pk=consultation.pk).exists()
    assert not proposal.consultations.exists()
    event = AuditEvent.objects.get(action="governance.consultation.deleted")
    assert event.changes["topic"] == "Melding om dødsfall" and event.changes["proposals"] == [proposal.pk]
    assert "Konsultasjonen ble slettet." in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize(("persona", "status"), [("other_agency_staff", 404), ("ministry_official", 403)])
def test_others_may_not_change_or_delete_a_consultation(request, client, persona, status, panel, ministry_official):
    proposal = pf.ProposalFactory(status="submitted", life_events=[panel.life_event])
    consultation = f.ConsultationFactory(panel=panel, proposals=[proposal])
    client.force_login(request.getfixturevalue(persona))
    if persona == "ministry_official":  # sees what users said about a proposal of its life event, may not change it
        assert Consultation.objects.visible_to(ministry_official).filter(pk=consultation.pk).exists()
    assert client.post(reverse("governance:consultation_delete", args=[consultation.pk])).status_code == status
    edit = reverse("governance:consultation_edit", args=[consultation.pk])
    assert client.post(edit, _consultation_data(consultation, topic="X")).status_code == status
    assert Consultation.objects.get(pk=consultation.pk).topic == "Melding om dødsfall"


# ---- journey steps ----------------------------------------------------------------------------------------------


@pytest.fixture
def journey(asd):
    journey = f.UserJourneyFactory(life_event=LifeEventFactory(owner_ministry=asd), title="Når noen dør")
    for n, title in enumerate(["Melde dødsfallet", "Få oversikt", "Skifte"], start=1):
        f.JourneyStepFactory(journey=journey, position=n, title=title)
    return journey


def test_the_office_changes_a_step(client, portfolio_office, journey, nav):
    step = journey.steps.get(position=2)
    client.force_login(portfolio_office)
    url = reverse("governance:journey_step_edit", args=[journey.pk, step.pk])
    assert url in client.get(journey.get_absolute_url()).content.decode()
    response = client.post(url, {"title": "Få oversikt over boet", "description": "", "agency": nav.pk})
    assert response.status_code == 302 and response["Location"].endswith(f"#step-{step.pk}")
    step.refresh_from_db()
    assert (step.title, step.agency, step.position) == ("Få oversikt over boet", nav, 2)
    changes = AuditEvent.objects.get(action="governance.userjourney.step_changed").changes
    assert changes["title"] == ["Få oversikt", "Få oversikt over boet"]


def test_deleting_a_step_unlinks_its_pain_points_and_closes_the_gap(client, portfolio_office, journey):
    step = journey.steps.get(position=2)
    proposal = pf.ProposalFactory(status="submitted")
    measure = pf.MeasureFactory()
    point = f.PainPointFactory(step=step)
    point.proposals.set([proposal])
    point.measures.set([measure])
    client.force_login(portfolio_office)
    url = reverse("governance:journey_step_delete", args=[journey.pk, step.pk])
    assert "1 smertepunkt" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not PainPoint.objects.filter(pk=point.pk).exists()
    assert not proposal.pain_points.exists() and not measure.pain_points.exists()
    steps = list(JourneyStep.objects.filter(journey=journey).order_by("position").values_list("position", "title"))
    assert steps == [(1, "Melde dødsfallet"), (2, "Skifte")]
    changes = AuditEvent.objects.get(action="governance.userjourney.step_deleted").changes
    assert changes["step"] == "Få oversikt" and changes["position"] == 2
    assert changes["pain_points"][0]["proposals"] == [proposal.pk]
    assert changes["pain_points"][0]["measures"] == [measure.pk]
    assert "Steget ble slettet, med smertepunktene sine." in client.get(response["Location"]).content.decode()


def test_a_step_of_another_journey_or_by_an_agency_is_refused(client, portfolio_office, agency_staff, journey):
    other = f.JourneyStepFactory()
    client.force_login(portfolio_office)
    assert client.post(reverse("governance:journey_step_delete", args=[journey.pk, other.pk])).status_code == 404
    ParticipationFactory(organisation=agency_staff.organisation, life_event=journey.life_event)
    step = journey.steps.get(position=1)
    client.force_login(agency_staff)
    assert client.post(reverse("governance:journey_step_delete", args=[journey.pk, step.pk])).status_code == 403
    edit = reverse("governance:journey_step_edit", args=[journey.pk, step.pk])
    assert client.post(edit, {"title": "X", "description": "", "agency": ""}).status_code == 403
    assert JourneyStep.objects.filter(journey=journey).count() == 3 and JourneyStep.objects.filter(pk=other.pk).exists()


@pytest.mark.parametrize(("language", "heading"), [("nn", "Slett steget"), ("en", "Delete the step")])
def test_the_pages_speak_nynorsk_and_english(client, portfolio_office, journey, language, heading):
    step = journey.steps.get(position=1)
    client.force_login(portfolio_office)
    url = reverse("governance:journey_step_delete", args=[journey.pk, step.pk])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get(url)
    assert heading in page.content.decode()
