"""Blind review: nobody from the proposing organisation sees scores mid-review, a reviewer is told the truth once
everyone has submitted, and Submit with ticked but unsaved scores saves and submits them (or keeps every value)."""

import pytest
from django.urls import reverse

from core import access
from portfolio.models import ReviewAssignment, Score
from portfolio.services import scoring as services
from tests.factories.core import UserFactory
from tests.factories.portfolio import CriterionFactory, ProposalFactory


@pytest.fixture
def criteria(db):
    return [
        CriterionFactory(name="Brukernytte", axis="potential"),
        CriterionFactory(name="Kompleksitet", axis="complexity"),
    ]


@pytest.fixture
def proposal(nav):
    return ProposalFactory(organisation=nav, status="assessing", title="Felles søknad")


@pytest.fixture
def reviewers(proposal, portfolio_office, other_agency_staff, digdir):
    office_reviewer = UserFactory(role="portfolio_office", organisation=digdir)
    return [
        services.reviewer_assign(proposal=proposal, reviewer=office_reviewer, by=portfolio_office),
        services.reviewer_assign(proposal=proposal, reviewer=other_agency_staff, by=portfolio_office),
    ]


def _score_all(assignment, criteria, value=3):
    for criterion in criteria:
        services.score_save(assignment=assignment, criterion=criterion, value=value, version=0, by=assignment.reviewer)
    services.score_submit(assignment=assignment, by=assignment.reviewer)


def _fresh(proposal):
    return type(proposal).objects.prefetch_related("review_assignments").get(pk=proposal.pk)


def test_office_member_of_the_proposing_organisation_sees_no_scores_mid_review(proposal, criteria, reviewers, nav):
    insider = UserFactory(role="portfolio_office", organisation=nav)  # not a reviewer
    outsider = UserFactory(role="portfolio_office", organisation=reviewers[0].reviewer.organisation)
    _score_all(reviewers[0], criteria)
    assert not access.can(insider, "see_scores", _fresh(proposal))
    assert access.can(outsider, "see_scores", _fresh(proposal))
    _score_all(reviewers[1], criteria)
    assert access.can(insider, "see_scores", _fresh(proposal))  # after everyone has submitted


def test_a_reviewer_is_not_told_scores_are_hidden_after_everyone_submitted(client, proposal, criteria, reviewers):
    for assignment in reviewers:
        _score_all(assignment, criteria)
    client.force_login(reviewers[1].reviewer)  # an agency reviewer: the result is the office's
    page = client.get(reverse("portfolio:proposal_scoring", args=[proposal.pk])).content.decode()
    assert "skjult til alle vurdererne har sendt inn" not in page.lower()
    assert "Alle vurdererne har sendt inn" in page


def _choices(criteria, values):
    data = {}
    for criterion, value in zip(criteria, values, strict=True):
        if value is not None:
            data.update(
                {f"c{criterion.pk}-value": value, f"c{criterion.pk}-comment": "", f"c{criterion.pk}-version": 0}
            )
    return data


def test_submit_saves_the_ticked_scores_and_submits(client, proposal, criteria, reviewers):
    assignment = reviewers[0]
    client.force_login(assignment.reviewer)
    url = reverse("portfolio:score_submit", args=[proposal.pk])
    response = client.post(url, _choices(criteria, [4, 2]), headers={"HX-Request": "true"})
    assert response.status_code in (200, 302)
    assert ReviewAssignment.objects.get(pk=assignment.pk).submitted_at is not None
    assert sorted(Score.objects.filter(assignment=assignment).values_list("value", flat=True)) == [2, 4]


def test_submit_with_a_score_missing_refuses_and_keeps_every_value(client, proposal, criteria, reviewers):
    assignment = reviewers[0]
    client.force_login(assignment.reviewer)
    url = reverse("portfolio:score_submit", args=[proposal.pk])
    response = client.post(url, _choices(criteria, [4, None]))
    assert response.status_code == 422
    page = response.content.decode()
    assert "Kompleksitet" in page  # named as missing
    assert f'name="c{criteria[0].pk}-value" value="4"' in page.replace(" checked", "").replace("  ", " ")
    assert "checked" in page[page.index(f'id="score-{criteria[0].pk}"') :].split("</form>", 1)[0]
    assert not Score.objects.filter(assignment=assignment).exists()  # nothing half-saved
    assert ReviewAssignment.objects.get(pk=assignment.pk).submitted_at is None
