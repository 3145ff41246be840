"""Intake per call in Chromium (issue 22): the office adds its own required question to a call (an empty add shows
the error summary, nothing saved); an agency answers it when it submits a proposal to the call (first without the
answer: refused, nothing saved); the office finds the proposal by searching the answer, and reads it on the
proposal's page. The call's questions page is axe-clean."""

import pytest
from playwright.sync_api import expect

from portfolio.models import CallAnswer, CallQuestion, Proposal
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import CallForProposalsFactory

pytestmark = pytest.mark.browser

QUESTION = "Hvilke registre vil dere hente opplysninger fra?"
ANSWER = "Matrikkelen og Folkeregisteret"


def test_office_asks_agency_answers_office_finds_it(page, browser_login, portfolio_office, agency_staff):
    life_event = LifeEventFactory(name_nb="Alvorlig sykt barn")
    call = CallForProposalsFactory(title="Færre skjema for familier", life_event=life_event)
    page.context.add_init_script(path=str(AXE))

    browser_login(portfolio_office)
    page.goto("/portefolje/utlysninger/")
    page.get_by_role("link", name="Spørsmål og kriterier for «Færre skjema for familier»").click()
    expect(page.locator("h1")).to_contain_text("Spørsmål og kriterier for «Færre skjema for familier»")
    page.get_by_role("button", name="Legg til spørsmålet").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert not CallQuestion.objects.exists()
    page.get_by_role("textbox", name="Spørsmål", exact=True).fill(QUESTION)
    page.get_by_role("group", name="Type svar").get_by_label("Tekst", exact=True).check()
    page.get_by_label("Påkrevd for å sende inn").check()
    page.get_by_role("button", name="Legg til spørsmålet").click()
    expect(page.locator("#messages")).to_contain_text("Spørsmålet ble lagt til utlysningen.")
    expect(page.get_by_role("table").first).to_contain_text(QUESTION)
    for width in (1440, 390, 320):  # the page at desktop and phone widths
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        assert violations == [], describe(violations)
    page.set_viewport_size({"width": 1440, "height": 900})
    question = CallQuestion.objects.get(call=call)
    assert question.required

    page.context.clear_cookies()
    browser_login(agency_staff)
    page.goto("/portefolje/utlysninger/")
    page.get_by_role("link", name="Send forslag til «Færre skjema for familier»").click()
    expect(page.get_by_role("heading", name="Spørsmål fra utlysningen")).to_be_visible()
    page.locator("#id_title").fill("Hent opplysningene én gang")
    page.locator("#id_need").fill("Foreldre fyller inn de samme opplysningene i mange skjema.")
    page.locator("#id_solution").fill("Hent opplysningene fra registrene med samtykke.")
    page.locator("#id_expected_benefits").fill("Færre skjema.")
    page.locator("#id_beneficiaries").fill("Foreldrene.")
    page.get_by_role("button", name="Send inn", exact=True).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Svar på dette spørsmålet fra utlysningen før du sender inn.")
    assert not Proposal.objects.exists()
    page.get_by_label(QUESTION).fill(ANSWER)
    page.get_by_role("button", name="Send inn", exact=True).click()
    expect(page.locator("h1")).to_have_text("Hent opplysningene én gang")
    proposal = Proposal.objects.get()
    assert proposal.status == "submitted" and CallAnswer.objects.get(proposal=proposal).text == ANSWER

    page.context.clear_cookies()
    browser_login(portfolio_office)
    page.goto("/portefolje/forslag/")
    page.get_by_label("Søk").fill("matrikkelen")
    page.get_by_label("Søk").press("Enter")
    link = page.get_by_role("link", name="Hent opplysningene én gang")
    expect(link).to_be_visible()
    link.click()
    expect(page.locator("h1")).to_have_text("Hent opplysningene én gang")
    expect(page.locator("dt").filter(has_text=QUESTION)).to_be_visible()
    expect(page.locator("dd").filter(has_text=ANSWER)).to_be_visible()
