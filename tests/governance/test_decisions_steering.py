"""Escalated decisions awaiting the steering dialogue: the ministry's list and home panel."""

from django.urls import reverse

from governance.decision_services import decision_record
from governance.queries import decisions_awaiting_steering
from tests.factories.core import OrganisationFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import ProposalFactory


def _escalate(office, ministry, agency, life_event):
    proposal = ProposalFactory(status="deciding", organisation=agency, life_events=[life_event])
    return decision_record(
        proposal=proposal,
        outcome="escalate",
        rationale="Krever tildelingsbrev.",
        ministries=[ministry],
        acting_agency=agency,
        allocation_year=2027,
        by=office,
    )


def test_ministry_sees_the_decisions_naming_it(portfolio_office, ministry_official, nav):
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    mine = _escalate(portfolio_office, ministry_official.organisation, nav, life_event)
    _escalate(portfolio_office, OrganisationFactory(kind="ministry"), nav, life_event)
    assert decisions_awaiting_steering(ministry_official) == [mine]
    assert len(decisions_awaiting_steering(portfolio_office)) == 2


def test_superseded_decision_no_longer_waits(portfolio_office, ministry_official, nav):
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    decision = _escalate(portfolio_office, ministry_official.organisation, nav, life_event)
    decision_record(
        proposal=decision.proposal, outcome="reject", shelf_reason="out_of_scope", rationale="Nei.", by=portfolio_office
    )
    assert decisions_awaiting_steering(ministry_official) == []


def test_home_panels(client, portfolio_office, ministry_official, agency_staff, nav):
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    decision = _escalate(portfolio_office, ministry_official.organisation, nav, life_event)
    brief = reverse("decisions:decision_brief", args=[decision.pk])
    client.force_login(ministry_official)
    body = client.get(reverse("home")).content.decode()
    assert brief in body and reverse("portfolio:board") not in body.split("<main", 1)[-1]
    client.force_login(portfolio_office)
    body = client.get(reverse("home")).content.decode()
    assert 'id="board-panel-heading"' in body and brief in body
    client.force_login(agency_staff)
    body = client.get(reverse("home")).content.decode()
    assert 'id="board-panel-heading"' not in body and 'id="steering-panel-heading"' not in body
