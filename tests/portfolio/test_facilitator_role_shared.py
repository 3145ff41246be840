"""One facilitator rule: step 2 (harmonise) and the benefit reviews ask the same role test, who can facilitate at all
(`harmonise.facilitator_role_problem`: an active member of the portfolio office); each adds who has a stake in its
own case (the proposing organisation, an overlapping measure's owner, the reviewed measure's owner)."""

import datetime

import pytest
from django.utils import translation

from portfolio.models import BenefitReview
from portfolio.services import benefit_reviews, harmonise
from tests.factories.core import UserFactory
from tests.factories.portfolio import MeasureFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def cases(nav, other_agency):
    proposal = ProposalFactory(organisation=nav, status="submitted")
    review = BenefitReview.objects.create(measure=MeasureFactory(owner=nav), due_date=datetime.date(2027, 1, 1))
    return proposal, review


def _both(cases, user):
    proposal, review = cases
    return harmonise.facilitator_problem(proposal, user), benefit_reviews.facilitator_problem(review, user)


@pytest.mark.parametrize(
    "role, active",
    [("portfolio_office", False), ("agency_staff", True), ("ministry_official", True), ("administrator", True)],
)
def test_who_cannot_facilitate_at_all_is_refused_alike(cases, other_agency, role, active):
    user = UserFactory(organisation=other_agency, role=role, is_active=active)
    expected = f"{user} is not an active member of the portfolio office."
    assert harmonise.facilitator_role_problem(user) == expected
    assert _both(cases, user) == (expected, expected)


def test_an_office_member_without_a_stake_may_facilitate_both(cases, portfolio_office):
    assert harmonise.facilitator_role_problem(portfolio_office) is None
    assert _both(cases, portfolio_office) == (None, None)


def test_each_process_adds_its_own_stake(cases, nav):
    own = UserFactory(organisation=nav, role="portfolio_office")  # works for the proposer, who owns the measure too
    assert harmonise.facilitator_role_problem(own) is None
    in_step_2, in_review = _both(cases, own)
    assert "the organisation that made the proposal" in in_step_2
    assert "works for the measure's owner" in in_review


def test_both_ask_the_one_role_rule(cases, portfolio_office, monkeypatch):
    monkeypatch.setattr(harmonise, "facilitator_role_problem", lambda user: "refused by the shared rule")
    assert _both(cases, portfolio_office) == ("refused by the shared rule", "refused by the shared rule")
