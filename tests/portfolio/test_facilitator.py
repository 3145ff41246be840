"""The neutral facilitator holds whenever the facts change: a qualification against a measure of the facilitator's
organisation is refused with the reason, a merge that brings the facilitator's organisation in takes them off (the
reason in the trail), and a refused assignment says why instead of "select a valid choice"."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from core import access
from core.models import AuditEvent
from portfolio.choices import ProposalStatus
from portfolio.services import harmonise as svc
from tests.factories.core import UserFactory
from tests.factories.portfolio import MeasureFactory, ProposalFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def harmonising(agency_staff, portfolio_office):
    return ProposalFactory(
        organisation=agency_staff.organisation,
        created_by=agency_staff,
        status="harmonising",
        facilitator=portfolio_office,
    )


def test_qualifying_against_the_facilitators_own_measure_is_refused_with_the_reason(
    harmonising, portfolio_office, digdir
):
    own = MeasureFactory(title="Digdirs tiltak", owner=digdir, status="ongoing")
    with pytest.raises(ValidationError) as exc:
        svc.proposal_qualify(
            proposal=harmonising, outcome="complements", related_measure=own, version=1, by=portfolio_office
        )
    message = exc.value.message_dict["related_measure"][0]
    assert "owns the overlapping measure “Digdirs tiltak”" in message and "Assign another facilitator" in message
    harmonising.refresh_from_db()
    assert harmonising.status == "harmonising" and harmonising.related_measure is None
    neutral = UserFactory(role="portfolio_office")
    svc.facilitator_assign(proposal=harmonising, facilitator=neutral, by=portfolio_office)
    harmonising.refresh_from_db()
    svc.proposal_qualify(proposal=harmonising, outcome="complements", related_measure=own, version=1, by=neutral)
    harmonising.refresh_from_db()
    assert harmonising.status == "assessing" and harmonising.related_measure == own


def test_a_merge_bringing_in_the_facilitators_organisation_takes_them_off(agency_staff, portfolio_office, digdir):
    target = ProposalFactory(organisation=agency_staff.organisation, status="harmonising", facilitator=portfolio_office)
    from_digdir = ProposalFactory(
        organisation=digdir, status="harmonising", facilitator=UserFactory(role="portfolio_office")
    )
    svc.proposal_qualify(
        proposal=from_digdir, outcome="duplicate", duplicate_of=target, version=1, by=from_digdir.facilitator
    )
    target.refresh_from_db()
    assert target.facilitator is None
    event = AuditEvent.objects.get(action="portfolio.proposal.facilitator_removed", object_id=str(target.pk))
    assert "was merged into this one" in event.note
    assert "was merged into this one" in svc.facilitator_problem(target, portfolio_office)


def test_a_refused_assignment_says_why(client, harmonising, portfolio_office, agency_staff):
    insider = UserFactory(role="portfolio_office", organisation=agency_staff.organisation)
    client.force_login(portfolio_office)
    url = reverse("portfolio:facilitator_assign", args=[harmonising.pk])
    response = client.post(url, {"facilitator": insider.pk}, headers={"Accept-Language": "en"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "the organisation that made the proposal" in page or "organisasjonen som kom med forslaget" in page
    assert "Select a valid choice" not in page and "Velg et gyldig valg" not in page
    harmonising.refresh_from_db()
    assert harmonising.facilitator == portfolio_office


@pytest.mark.parametrize("status", ProposalStatus.values)
def test_the_facilitator_can_be_assigned_in_steps_1_to_4_and_the_policy_and_the_service_agree(
    client, status, agency_staff, portfolio_office
):
    """The facilitator is neutral and follows the proposal through the process: assigned or replaced in any of
    steps 1–4 (received, harmonise, assess, decide), never on a draft or a closed or shelved proposal. The page
    offers it, the view accepts it and the service saves it in exactly the same statuses (one rule)."""
    proposal = ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status=status)
    neutral = UserFactory(role="portfolio_office", organisation=None)
    steps_1_to_4 = {"submitted", "harmonising", "assessing", "deciding"}
    assert access.can(portfolio_office, "assign_facilitator", proposal) == (status in steps_1_to_4)
    client.force_login(portfolio_office)
    page = client.get(reverse("portfolio:proposal_detail", args=[proposal.pk])).content.decode()
    url = reverse("portfolio:facilitator_assign", args=[proposal.pk])
    assert (url in page) == (status in steps_1_to_4)
    response = client.post(url, {"facilitator": neutral.pk})
    proposal.refresh_from_db()
    if status in steps_1_to_4:
        assert response.status_code == 302 and proposal.facilitator == neutral
    else:
        assert response.status_code == 409 and proposal.facilitator is None
        with translation.override("en"), pytest.raises(ValidationError, match="being processed"):
            svc.facilitator_assign(proposal=proposal, facilitator=neutral, by=portfolio_office)
