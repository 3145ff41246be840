"""Steps 1–3 in Chromium, as the users do it: `agency` (NAV) registers a proposal, attaches a PDF and submits it;
`office` (Digdir) takes it into triage, sees the overlapping measure of another life event with the reason, becomes
its facilitator, qualifies it as a new candidate and invites two reviewers, who score it blind until both have
submitted."""

import pytest
from playwright.sync_api import expect

from tests.browser import journeys
from tests.factories.core import UserFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import CriterionFactory, MeasureFactory

pytestmark = pytest.mark.browser


def test_agency_registers_office_triages_and_two_reviewers_score_blind(
    page, browser_login, agency_staff, portfolio_office, other_agency, digdir
):
    LifeEventFactory(slug="alvorlig-sykt-barn", name_nb="Alvorlig sykt barn")
    other_event = LifeEventFactory(slug="dodsfall-og-arv", name_nb="Dødsfall og arv")
    measure = MeasureFactory(
        title="Felles varsling av pårørende",
        description="Ett varsel til pårørende i stedet for brev fra mange etater.",
        owner=other_agency,
        life_events=[other_event],
    )
    criteria = [
        CriterionFactory(name="Brukernytte", axis="potential", weight=3),
        CriterionFactory(name="Kompleksitet", axis="complexity", weight=1),
    ]

    # 1. Intake: the agency saves a draft, attaches a PDF and submits.
    browser_login(agency_staff)
    proposal = journeys.register_and_submit(
        page, title="Felles varsling til foreldre med alvorlig sykt barn", life_event_name="Alvorlig sykt barn"
    )
    assert proposal.organisation == agency_staff.organisation

    # 2. Harmonise and qualify: the office takes it into triage and sees the overlap across life events.
    page.context.clear_cookies()
    browser_login(portfolio_office)
    journeys.triage(page, proposal, facilitator=portfolio_office)
    overlap = page.get_by_test_id(f"overlap-measure-{measure.pk}")
    expect(overlap).to_contain_text("Felles varsling av pårørende")
    expect(overlap.locator("ul")).not_to_be_empty()  # the reason is shown (shared words)
    journeys.qualify_as_new_candidate(page, proposal)

    # 3. Assess: two reviewers are invited on the scoring page and score blind.
    first = UserFactory(username="reviewer1", first_name="Rita", last_name="Vurder", organisation=digdir,
                        role="portfolio_office")  # fmt: skip
    second = UserFactory(username="reviewer2", first_name="Rune", last_name="Vurder", organisation=other_agency,
                         role="agency_staff")  # fmt: skip
    journeys.assign_reviewers(page, proposal, [first, second])
    assert proposal.review_assignments.count() == 2

    page.context.clear_cookies()
    browser_login(first)
    journeys.score_and_submit(page, proposal, criteria, [5, 2])
    expect(page.get_by_test_id("scores-hidden")).to_be_visible()  # the second has not submitted
    expect(page.get_by_test_id("other-scores")).to_have_count(0)

    page.context.clear_cookies()
    browser_login(second)
    page.goto(f"/portefolje/forslag/{proposal.pk}/vurdering/")
    expect(page.get_by_test_id("other-scores")).to_have_count(0)  # the first's scores are hidden from the second
    journeys.score_and_submit(page, proposal, criteria, [4, 3])
    # An agency reviewer never sees the others' scores; the office reviewer sees both once both have submitted.
    expect(page.get_by_test_id("other-scores")).to_have_count(0)

    page.context.clear_cookies()
    browser_login(first)
    page.goto(f"/portefolje/forslag/{proposal.pk}/vurdering/")
    expect(page.get_by_test_id("other-scores")).to_contain_text(str(second))
    expect(page.get_by_test_id("result")).to_be_visible()
