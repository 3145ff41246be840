"""A change of a running measure as a step-4 outcome (issue 23): the office decides to change the measure a proposal
extends; the measure's owner confirms (the next plan version, naming the proposal and the decision) or disagrees (an
item in the steering dialogue); only the owner's staff answer, never the office or the facilitator; a change that
drops a benefit another agency gains warns and names it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from governance import measure_change as services
from governance.models import Decision, MeasureChangeStatus
from portfolio.services import benefit_plans
from tests.factories.core import OrganisationFactory, UserFactory
from tests.factories.portfolio import BenefitFactory, MeasureFactory, ProposalFactory


@pytest.fixture
def measure(nav, other_agency):
    measure = MeasureFactory(owner=nav, title="Foreldrepenger uten søknad")
    BenefitFactory(measure=measure, indicator="Timer spart", baseline=0, expected_value=10, owner=nav)
    BenefitFactory(measure=measure, indicator="Færre feil", baseline=100, expected_value=50, owner=other_agency)
    return measure


@pytest.fixture
def proposal(measure, other_agency, other_agency_staff):
    return ProposalFactory(
        status="deciding",
        organisation=other_agency,
        created_by=other_agency_staff,
        qualification="extends",
        related_measure=measure,
        title="Automatisk inntektsopplysning",
    )


def _decide(proposal, by, keep_all=True):
    entries = benefit_plans.current_entries(proposal.related_measure)
    if not keep_all:
        entries = [e for e in entries if e["indicator"] == "Timer spart"]
    entries = [*entries, {"indicator": "Raskere vedtak", "owner_id": proposal.related_measure.owner_id, "target": 5}]
    return services.measure_change_decide(
        proposal=proposal,
        rationale="Ny innsikt fra Skatteetaten.",
        benefits=entries,
        scope="Også inntekt",
        drop_confirmed=not keep_all,
        by=by,
    )


def test_owner_confirms_and_the_plan_gets_version_2(proposal, portfolio_office, agency_staff):
    change = _decide(proposal, portfolio_office)
    assert change.decision.outcome == "change_measure" and change.status == MeasureChangeStatus.AWAITING_OWNER
    proposal.refresh_from_db()
    assert proposal.status == "decided"
    assert services.awaiting_owner(agency_staff) == [change]
    services.measure_change_confirm(change=change, by=agency_staff)
    change.refresh_from_db()
    v1, v2 = change.measure.plan_versions.order_by("number")
    assert change.plan_version == v2 and v2.proposal == proposal and v2.scope == "Også inntekt"
    assert "Automatisk inntektsopplysning" in v2.reason and "Ny innsikt fra Skatteetaten." in v2.reason
    assert [e["indicator"] for e in v1.benefits] == ["Timer spart", "Færre feil"]
    assert [e["indicator"] for e in v2.benefits] == ["Timer spart", "Færre feil", "Raskere vedtak"]
    assert AuditEvent.objects.filter(action="governance.measurechange.confirmed", object_id=str(change.pk)).exists()
    with pytest.raises(ValidationError):
        services.measure_change_confirm(change=change, by=agency_staff)  # answered once


def test_owner_disagrees_into_the_steering_dialogue(proposal, portfolio_office, agency_staff, asd, nav):
    nav.parent = asd
    nav.save()
    change = _decide(proposal, portfolio_office)
    with pytest.raises(ValidationError):
        services.measure_change_disagree(change=change, comment=" ", by=agency_staff)
    services.measure_change_disagree(change=change, comment="Vi har ikke kapasitet i år.", by=agency_staff)
    change.refresh_from_db()
    item = change.steering_item
    assert change.status == MeasureChangeStatus.DISAGREED and not change.measure.plan_versions.exists()
    assert item.status == "awaiting" and list(item.ministries.all()) == [asd]
    assert "Vi har ikke kapasitet i år." in item.rationale
    assert Decision.objects.filter(status="awaiting").count() == 1


def test_only_the_owners_staff_answer(proposal, portfolio_office, other_agency_staff, nav):
    change = _decide(proposal, portfolio_office)
    for user in (portfolio_office, other_agency_staff):
        with pytest.raises(PermissionDenied):
            services.measure_change_confirm(change=change, by=user)
    facilitator = UserFactory(organisation=nav, role="agency_staff")
    proposal.facilitator = facilitator
    proposal.save(update_fields=["facilitator"])
    change.proposal.refresh_from_db()
    with pytest.raises(PermissionDenied):  # the facilitator stays neutral even if it were the owner's
        services.measure_change_confirm(change=change, by=facilitator)


def test_only_a_proposal_that_extends_a_measure(proposal, portfolio_office):
    proposal.qualification = "new"
    proposal.save(update_fields=["qualification"])
    with pytest.raises(ValidationError):
        _decide(proposal, portfolio_office)
    assert not Decision.objects.exists()


def test_dropping_another_agencys_benefit_warns_and_names_it(proposal, portfolio_office):
    change = _decide(proposal, portfolio_office, keep_all=False)
    (warning,) = services.warnings_for(change.measure, change.benefits)
    assert "Færre feil" in warning and "Skatteetaten" in warning


def test_pages(client, proposal, portfolio_office, agency_staff, other_agency_staff):
    client.force_login(portfolio_office)
    url = reverse("decisions:measure_change_decide", args=[proposal.pk])
    form = client.get(url)
    assert form.status_code == 200 and "Timer spart" in form.content.decode()
    bad = client.post(url, {"rationale": "", "version": proposal.version, "keep_0": "on", "keep_1": "on"})
    assert bad.status_code == 422 and not Decision.objects.exists()
    half = {"rationale": "Endre", "version": proposal.version, "keep_0": "on", "keep_1": "on", "new_0_target": "5"}
    assert client.post(url, half).status_code == 422  # a new benefit without an indicator and owner
    drop = {"rationale": "Endre", "version": proposal.version, "keep_0": "on"}
    warned = client.post(url, drop)  # the warning comes before the decision: nothing decided yet
    assert warned.status_code == 422 and "Skatteetaten" in warned.content.decode()
    assert not Decision.objects.exists()
    response = client.post(url, {**drop, "confirm_drop": "on"})
    change = proposal.measure_changes.get()
    assert response.status_code == 302 and response["Location"] == change.get_absolute_url()
    assert "Skatteetaten" in client.get(change.get_absolute_url()).content.decode()
    client.force_login(other_agency_staff)
    assert client.post(change.get_absolute_url(), {"answer": "confirm"}).status_code == 403
    client.force_login(agency_staff)
    home = client.get(reverse("home")).content.decode()
    assert change.get_absolute_url() in home
    assert client.post(change.get_absolute_url(), {"answer": "disagree", "comment": ""}).status_code == 422
    done = client.post(change.get_absolute_url(), {"answer": "confirm"})
    assert done.status_code == 302
    assert change.measure.plan_versions.count() == 2
    assert client.post(change.get_absolute_url(), {"answer": "confirm"}).status_code == 409


def test_an_outsider_does_not_see_the_change(client, proposal, portfolio_office):
    change = _decide(proposal, portfolio_office)
    client.force_login(UserFactory(organisation=OrganisationFactory(name="Lånekassen"), role="agency_staff"))
    assert client.get(change.get_absolute_url()).status_code == 404


def test_the_warning_comes_before_the_decision(proposal, portfolio_office):
    entries = [e for e in benefit_plans.current_entries(proposal.related_measure) if e["indicator"] == "Timer spart"]
    with pytest.raises(ValidationError) as refused:
        services.measure_change_decide(proposal=proposal, rationale="Endre", benefits=entries, by=portfolio_office)
    assert "Skatteetaten" in str(refused.value.message_dict["confirm_drop"])
    proposal.refresh_from_db()
    assert not Decision.objects.exists() and proposal.status == "deciding"
    change = services.measure_change_decide(
        proposal=proposal, rationale="Endre", benefits=entries, drop_confirmed=True, by=portfolio_office
    )
    assert [e["indicator"] for e in change.benefits] == ["Timer spart"]


def test_a_change_adds_more_than_one_new_benefit(client, proposal, portfolio_office, agency_staff, nav, other_agency):
    client.force_login(portfolio_office)
    url = reverse("decisions:measure_change_decide", args=[proposal.pk])
    typed = {"rationale": "To nye gevinster", "version": proposal.version, "keep_0": "on", "keep_1": "on",
             "new_count": "1", "new_0_indicator": "Raskere vedtak", "new_0_owner": nav.pk}  # fmt: skip
    more = client.post(url, {**typed, "add_benefit": "1"})  # a second row, what was typed kept, nothing decided
    page = more.content.decode()
    assert more.status_code == 200 and 'name="new_1_indicator"' in page and "Raskere vedtak" in page
    assert "new_count" in page and not Decision.objects.exists()
    second = {"new_count": "2", "new_1_indicator": "Færre klager", "new_1_owner": other_agency.pk, "new_1_target": "3"}
    assert client.post(url, {**typed, **second}).status_code == 302
    change = proposal.measure_changes.get()
    added = [(e["indicator"], e["owner"], e["key"]) for e in change.benefits[2:]]
    assert added == [("Raskere vedtak", nav.label, "new-3"), ("Færre klager", other_agency.label, "new-4")]
    services.measure_change_confirm(change=change, by=agency_staff)
    version = change.measure.plan_versions.get(number=2)
    assert [e["indicator"] for e in version.benefits] == ["Timer spart", "Færre feil", "Raskere vedtak", "Færre klager"]


def test_the_owner_is_told_by_email(proposal, portfolio_office, agency_staff, nav, mailoutbox,
                                    django_capture_on_commit_callbacks):  # fmt: skip
    UserFactory(organisation=nav, role="agency_staff", email="")  # no address: not on it
    agency_staff.email = "saksbehandler@nav.no"
    agency_staff.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        change = _decide(proposal, portfolio_office, keep_all=False)
    (message,) = [m for m in mailoutbox if "saksbehandler@nav.no" in m.to]  # the submitter has the decision's own
    assert message.to == ["saksbehandler@nav.no"]
    assert "Foreldrepenger uten søknad" in message.subject
    assert "Automatisk inntektsopplysning" in message.body and change.get_absolute_url() in message.body
    assert "Færre feil" in message.body  # the warning travels with it
