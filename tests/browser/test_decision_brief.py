"""The decision brief in Chromium: a ministry named in an escalated decision opens the decision's page while the
worker is still making the brief (the state says so), the page updates itself when the brief is ready and the
download link appears; the page is axe-clean at desktop and phone widths in both states."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core import documents
from governance import decision_briefs
from governance.decision_services import decision_record
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import ProposalFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1440, 390, 320])
def test_a_named_ministry_sees_the_brief_being_made_then_downloads_it(
    page, browser_login, portfolio_office, ministry_official, nav, agency_staff, width, monkeypatch
):
    monkeypatch.setattr(documents, "_queue", lambda label, pk: None)  # the worker has not taken it yet
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    proposal = ProposalFactory(
        status="deciding", organisation=nav, created_by=agency_staff, life_events=[life_event], title="Felles kø"
    )
    decision = decision_record(
        proposal=proposal,
        outcome="escalate",
        rationale="Krever tildelingsbrev.",
        ministries=[ministry_official.organisation],
        acting_agency=nav,
        allocation_year=2027,
        by=portfolio_office,
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_init_script(path=str(AXE))
    browser_login(ministry_official)
    page.goto(reverse("decisions:decision_detail", args=[decision.pk]))
    expect(page.get_by_test_id("brief-state")).to_have_text("I kø")
    expect(page.get_by_text("Notatet lages av rapporttjenesten.")).to_be_visible()
    expect(page.get_by_role("link", name="Last ned beslutningsnotatet (PDF, versjon 1)")).to_have_count(0)
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.screenshot(path=f"test-results/decision-brief-queued-{width}.png", full_page=True)

    decision_briefs.brief_generate(decision.briefs.get())  # the worker
    link = page.get_by_role("link", name="Last ned beslutningsnotatet (PDF, versjon 1)")
    expect(link).to_be_visible()  # the page polled its state
    expect(page.get_by_test_id("brief-state")).to_have_text("Ferdig")
    violations = axe_violations(page)
    assert not violations, describe(violations)
    page.screenshot(path=f"test-results/decision-brief-ready-{width}.png", full_page=True)
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
