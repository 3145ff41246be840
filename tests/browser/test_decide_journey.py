"""Steps 1–5 in Chromium, one proposal all the way: `agency` (NAV) registers and submits it; `office` (Digdir)
triages and qualifies it, assigns itself as reviewer and scores it, decides on the board to start it as an
experiment, and adds a learning entry to the new measure that starts a new proposal; `ministry` (ASD, owner of the
life event) sees it all read-only."""

import pytest
from playwright.sync_api import expect

from portfolio.models import LearningEntry, Measure
from tests.browser import journeys
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import CriterionFactory

pytestmark = pytest.mark.browser


def test_from_intake_to_a_learning_entry_that_starts_a_new_proposal(
    page, browser_login, agency_staff, portfolio_office, ministry_official
):
    LifeEventFactory(owner_ministry=ministry_official.organisation, name_nb="Alvorlig sykt barn")
    criteria = [CriterionFactory(name="Brukernytte", axis="potential", weight=3)]

    # Step 1: the agency registers and submits the proposal.
    browser_login(agency_staff)
    proposal = journeys.register_and_submit(
        page, title="Felles varsel ved alvorlig sykt barn", life_event_name="Alvorlig sykt barn"
    )

    # Steps 2 and 3: the office triages, qualifies, assigns itself as reviewer and scores.
    page.context.clear_cookies()
    browser_login(portfolio_office)
    journeys.triage(page, proposal, facilitator=portfolio_office)
    journeys.qualify_as_new_candidate(page, proposal)
    journeys.assign_reviewers(page, proposal, [portfolio_office])
    journeys.score_and_submit(page, proposal, criteria, [5])
    expect(page.get_by_test_id("result")).to_be_visible()

    # Step 4: the office finds the proposal on the board and decides.
    page.goto("/portefolje/tavle/")
    card = page.get_by_test_id(f"card-{proposal.pk}")
    expect(card).to_contain_text(proposal.title)
    card.locator("a[href$='/beslutning/']:not([data-move-to])").click()  # the card's title link, not «Flytt»
    page.locator("#id_outcome_0").check()  # start as an experiment
    page.locator("#id_rationale").fill("Stort potensial, lav kompleksitet.")
    page.locator("#decide-form button[type=submit]").click()
    page.wait_for_url("**/tiltak/*/")
    measure = Measure.objects.get(origin_proposal=proposal)
    expect(page.locator("h1")).to_have_text(proposal.title)

    # Step 5: a learning entry on the new measure, then a new proposal from it (back to step 1).
    page.locator("a[href$='/laering/']").click()
    page.locator("#id_hypothesis").fill("Familier vil få ett varsel.")
    page.locator("#id_learned").fill("De vil, men kommunene må med.")
    page.locator("#id_next_step").fill("Prøv med tre kommuner.")
    page.locator("#learning-form button[type=submit]").click()
    page.wait_for_url(f"**/tiltak/{measure.pk}/")
    entry = LearningEntry.objects.get(measure=measure)
    expect(page.get_by_test_id(f"learning-{entry.pk}")).to_contain_text("Familier vil få ett varsel.")
    page.locator(f"[data-testid=learning-{entry.pk}] form button[type=submit]").click()
    # The new proposal is registered through intake as a draft: completed on its form and submitted (step 1).
    page.wait_for_url("**/forslag/*/endre/")
    entry.refresh_from_db()
    new = entry.spawned_proposal
    assert new is not None and new.status == "draft"
    page.locator("#id_expected_benefits").fill("Færre familier faller mellom to stoler.")
    page.locator("#id_beneficiaries").fill("Familier med barn.")
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_url(f"**/forslag/{new.pk}/")
    new.refresh_from_db()
    assert new.status == "submitted"
    page.goto(f"/portefolje/tiltak/{measure.pk}/")
    expect(page.get_by_test_id(f"learning-{entry.pk}").locator("form")).to_have_count(0)

    # The ministry reads it all, and can change nothing.
    page.context.clear_cookies()
    browser_login(ministry_official)
    page.goto(f"/portefolje/tiltak/{measure.pk}/")
    expect(page.get_by_test_id(f"learning-{entry.pk}")).to_contain_text("De vil, men kommunene må med.")
    expect(page.locator("form[method=post][action*='/tiltak/']")).to_have_count(0)
    expect(page.locator("a[href$='/laering/']")).to_have_count(0)
    page.goto(f"/portefolje/forslag/{proposal.pk}/tidslinje/")
    expect(page.locator("#proposal-timeline")).to_contain_text("Stort potensial, lav kompleksitet.")
    assert page.goto("/portefolje/tavle/").status == 403
