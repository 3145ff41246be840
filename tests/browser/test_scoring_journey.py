"""Step 3 in Chromium: two reviewers score the same proposal blind; neither sees the other's scores until both
have submitted. Scores are saved in place (htmx) and announced in the live region."""

import pytest
from playwright.sync_api import expect

from portfolio.services import scoring as services
from tests.browser.journeys import score_and_submit
from tests.factories.core import UserFactory
from tests.factories.portfolio import CriterionFactory, ProposalFactory

pytestmark = pytest.mark.browser


def test_two_reviewers_score_blind_until_both_have_submitted(page, browser_login, nav, digdir, portfolio_office):
    criteria = [
        CriterionFactory(name="Brukernytte", axis="potential", weight=3, descriptor_5="Løser et stort behov"),
        CriterionFactory(name="Kompleksitet", axis="complexity", weight=1, descriptor_1="Enkel, én aktør"),
    ]
    proposal = ProposalFactory(organisation=nav, status="assessing", title="Felles søknad om støtte")
    first = UserFactory(username="reviewer1", organisation=digdir, role="portfolio_office")
    second = UserFactory(username="reviewer2", organisation=digdir, role="portfolio_office")
    for reviewer in (first, second):
        services.reviewer_assign(proposal=proposal, reviewer=reviewer, by=portfolio_office)

    browser_login(first)
    score_and_submit(page, proposal, criteria, [5, 1])
    # Submitted, but the second reviewer has not: still blind.
    expect(page.get_by_test_id("scores-hidden")).to_be_visible()
    expect(page.get_by_test_id("other-scores")).to_have_count(0)

    page.context.clear_cookies()
    browser_login(second)
    page.goto(f"/portefolje/forslag/{proposal.pk}/vurdering/")
    expect(page.get_by_test_id("other-scores")).to_have_count(0)  # the first's scores are hidden from the second
    score_and_submit(page, proposal, criteria, [2, 1])
    expect(page.get_by_test_id("other-scores")).to_be_visible()
    expect(page.get_by_test_id("other-scores")).to_contain_text(str(first))

    page.context.clear_cookies()
    browser_login(first)
    page.goto(f"/portefolje/forslag/{proposal.pk}/vurdering/")
    others = page.get_by_test_id("other-scores")
    expect(others).to_contain_text(str(second))
    expect(page.get_by_test_id("result")).to_be_visible()
