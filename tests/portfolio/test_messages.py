"""Questions back to the submitter: a proposal waiting for the submitter's answer has a state of its own that both
sides see, and the office's board and the proposal list filter by it."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from portfolio.services.messages import message_post
from tests.factories.portfolio import ProposalFactory


@pytest.fixture
def proposal(agency_staff):
    return ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status="harmonising")


def test_a_question_makes_the_proposal_wait_and_an_answer_ends_it(proposal, portfolio_office, agency_staff):
    message_post(proposal=proposal, kind="question", body="Hvem har dere snakket med?", by=portfolio_office)
    proposal.refresh_from_db()
    since = proposal.awaiting_answer_since
    assert since is not None
    message_post(proposal=proposal, kind="question", body="Og hva koster det?", by=portfolio_office)
    proposal.refresh_from_db()
    assert proposal.awaiting_answer_since == since  # waiting since the first unanswered question
    message_post(proposal=proposal, kind="internal", body="Purrer fredag.", by=portfolio_office)
    proposal.refresh_from_db()
    assert proposal.awaiting_answer_since == since  # a note to ourselves changes nothing
    message_post(proposal=proposal, kind="answer", body="NAV og kommunen.", by=agency_staff)
    proposal.refresh_from_db()
    assert proposal.awaiting_answer_since is None
    changes = AuditEvent.objects.get(action="portfolio.proposal.answered").changes
    assert changes["awaiting_answer_since"][1] is None


def test_both_sides_see_it_and_the_office_filters_by_it(client, proposal, portfolio_office, agency_staff):
    other = ProposalFactory(status="harmonising", title="Ikke spurt")
    message_post(proposal=proposal, kind="question", body="Hvem har dere snakket med?", by=portfolio_office)
    client.force_login(agency_staff)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'data-testid="awaiting-answer"' in page and "Venter på svar fra innsenderen" in page
    client.force_login(portfolio_office)
    assert 'data-testid="awaiting-answer"' in client.get(proposal.get_absolute_url()).content.decode()
    board = client.get(reverse("portfolio:board"), {"awaiting_answer": "on"}).content.decode()
    assert f'data-testid="card-{proposal.pk}"' in board and f'data-testid="card-{other.pk}"' not in board
    listed = client.get(reverse("portfolio:proposal_list"), {"awaiting_answer": "true"}).content.decode()
    assert proposal.title in listed and "Ikke spurt" not in listed
