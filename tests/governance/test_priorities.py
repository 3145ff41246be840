"""The priorities page: candidates ranked by the weighted rubric value, with how sure (the reviewers' spread); the
office sees every row, agency staff the ranks of their own running measures and no proposal's scores."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from governance.priority_queries import priority_list
from tests.factories.portfolio import (
    CriterionFactory,
    MeasureFactory,
    ProposalFactory,
    ReviewAssignmentFactory,
    ScoreFactory,
)


def _review(proposal, *values):
    criterion = CriterionFactory(name="Brukernytte", axis="potential", weight=2)
    for value in values:
        assignment = ReviewAssignmentFactory(proposal=proposal, submitted_at=timezone.now())
        ScoreFactory(assignment=assignment, criterion=criterion, value=value)
    return proposal


def _portfolio(nav, other_agency):
    top = _review(ProposalFactory(title="Felles saksmappe", status="assessing"), 5, 5)
    origin = _review(ProposalFactory(title="Opprinnelig forslag", status="decided"), 4, 2)
    ours = MeasureFactory(title="NAVs pilot", owner=nav, origin_proposal=origin)
    theirs = MeasureFactory(title="Skatteetatens pilot", owner=other_agency)
    return top, ours, theirs


def test_the_office_sees_every_candidate_ranked_with_how_sure(client, portfolio_office, nav, other_agency):
    top, ours, theirs = _portfolio(nav, other_agency)
    rows, ranked, _weighting = priority_list(portfolio_office)
    assert ranked == 3
    assert [(r.rank, r.title, r.certainty) for r in rows] == [
        (1, "Felles saksmappe", "agree"),
        (2, "NAVs pilot", "disagree"),
        (3, "Skatteetatens pilot", "none"),
    ]
    assert rows[1].potential == 3.0 and rows[1].spread == 2
    client.force_login(portfolio_office)
    page = client.get(reverse("governance:priority_list")).content.decode()
    assert "Usikkert: 2 vurderere er uenige med opptil 2 poeng" in page
    assert "2 vurderere er enige" in page and "Ikke vurdert: rangert sist" in page


def test_agency_staff_see_their_own_measures_rank_and_no_proposal(client, agency_staff, nav, other_agency):
    _portfolio(nav, other_agency)
    rows, ranked, _weighting = priority_list(agency_staff)
    assert ranked == 3 and [(r.rank, r.title) for r in rows] == [(2, "NAVs pilot")]
    client.force_login(agency_staff)
    page = client.get(reverse("governance:priority_list")).content.decode()
    assert "NAVs pilot" in page and "Felles saksmappe" not in page and "Skatteetatens pilot" not in page


def test_the_page_reads_a_fixed_number_of_queries(
    client, portfolio_office, nav, other_agency, django_assert_max_num_queries
):
    _portfolio(nav, other_agency)
    for i in range(5):
        _review(ProposalFactory(title=f"Forslag {i}", status="deciding"), 3)
    client.force_login(portfolio_office)
    client.get(reverse("governance:priority_list"))  # the session's and the language's set-up are not the page's own
    with django_assert_max_num_queries(10):  # 7, and the session, the user and their second factor
        assert client.get(reverse("governance:priority_list")).status_code == 200
