"""core.access: invisible objects are 404, visible but not permitted are 403, unknown actions are refused."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core import access
from portfolio.models import Proposal
from tests.factories.portfolio import ProposalFactory


def test_unknown_action_is_refused(db, portfolio_office):
    proposal = ProposalFactory()
    assert not access.can(portfolio_office, "no-such-action", proposal)


def test_other_organisations_proposal_is_not_found(agency_staff, other_agency_staff):
    proposal = ProposalFactory(organisation=other_agency_staff.organisation, created_by=other_agency_staff)
    with pytest.raises(Http404):
        access.get_for_user(agency_staff, Proposal, proposal.pk)


def test_visible_but_not_permitted_is_denied(agency_staff, ministry_official):
    proposal = ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status="draft")
    assert access.get_for_user(agency_staff, Proposal, proposal.pk, "change") == proposal
    with pytest.raises(PermissionDenied):
        access.get_for_user(agency_staff, Proposal, proposal.pk, "qualify")


def test_inactive_user_may_do_nothing(portfolio_office):
    proposal = ProposalFactory()
    portfolio_office.is_active = False
    assert not access.can(portfolio_office, "qualify", proposal)
