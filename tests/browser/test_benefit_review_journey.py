"""Benefit reviews in Chromium (issue 23): the office sets the review interval; NAV, the owner of a running measure,
finds the overdue review on its start page, answers it with the facilitator (an empty answer first: the error
summary takes focus, nothing saved) and starts a change proposal from it, qualified as extending the measure. The
list, the review's page and the form with its errors are axe-clean at 1440, 390 and 320 px."""

import datetime

import pytest
from playwright.sync_api import expect

from portfolio.models import BenefitReview
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import BenefitFactory, MeasureFactory

pytestmark = pytest.mark.browser


def _axe_clean(page, where: str, load=None) -> None:
    """At each width the page as it loads there (`load`: how to get it again, by default a reload)."""
    for width in (1440, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        (load or page.reload)()
        violations = axe_violations(page)
        assert violations == [], f"axe found violations on {where} at {width} px:\n{describe(violations)}"
    page.set_viewport_size({"width": 1440, "height": 900})


def test_the_owner_answers_an_overdue_review_and_starts_a_change_proposal(
    page, browser_login, agency_staff, portfolio_office, ministry_official, nav
):
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation, name_nb="Alvorlig sykt barn")
    measure = MeasureFactory(
        owner=nav, title="Pleiepenger uten søknad", life_events=[life_event], start_date=datetime.date(2026, 1, 5)
    )
    BenefitFactory(measure=measure, indicator="Timer spart per familie", baseline=0, expected_value=10, owner=nav)
    page.context.add_init_script(path=str(AXE))

    # The office sets the interval: every six months, so the review of a measure started in January is overdue.
    browser_login(portfolio_office)
    page.goto("/portefolje/gevinstgjennomganger/")
    expect(page.get_by_role("heading", name="Gevinstgjennomganger", level=1)).to_be_visible()
    page.get_by_label("Gjennomgang hver (måneder)").fill("6")
    page.get_by_role("button", name="Lagre intervallet").click()
    expect(page.locator("#messages")).to_contain_text("Intervallet er lagret")
    expect(page.locator("main")).to_contain_text("Pleiepenger uten søknad")
    review = BenefitReview.objects.get(measure=measure)
    assert review.due_date == datetime.date(2026, 7, 5)
    _axe_clean(page, "the list of benefit reviews")

    # NAV, the owner, finds the overdue review on its start page.
    page.context.clear_cookies()
    browser_login(agency_staff)
    page.goto("/")
    task = page.get_by_test_id("tasks").get_by_role("link", name="1 gevinstgjennomgang på overtid")
    task.click()
    expect(page.get_by_role("heading", name="Gjennomganger på overtid")).to_be_visible()
    page.get_by_role("link", name="Pleiepenger uten søknad").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Gevinstgjennomgang: Pleiepenger uten søknad")
    expect(page.locator("main")).to_contain_text("Timer spart per familie")
    _axe_clean(page, "the review's page with its form")

    # An empty answer: the summary of errors takes focus and nothing is saved.
    def answer_nothing():
        page.get_by_role("button", name="Registrer gjennomgangen").click()
        summary = page.locator("[data-error-summary]")
        expect(summary).to_be_focused()
        expect(summary).to_contain_text("Er den forventede gevinsten der fortsatt?")

    _axe_clean(page, "the review's form with its errors", load=answer_nothing)
    review.refresh_from_db()
    assert review.is_open

    # The answers, with the facilitator from the office.
    page.get_by_label("Delvis").check()
    page.get_by_label("Har det dukket opp ny gevinst eller et nytt behov?").fill(
        "Familiene trenger også hjelp med reiseutgifter til sykehuset."
    )
    page.get_by_label("Endre retningen").check()
    page.get_by_label("Hvorfor").fill("Gevinsten er lavere enn planlagt, og behovet har flyttet seg.")
    page.get_by_label("Tilrettelegger").select_option(str(portfolio_office.pk))
    page.get_by_role("button", name="Registrer gjennomgangen").click()
    expect(page.locator("#messages")).to_contain_text("Gjennomgangen er besvart")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    review.refresh_from_db()
    assert not review.is_open and review.facilitator == portfolio_office and review.direction == "change"
    assert BenefitReview.objects.open().get(measure=measure).due_date > datetime.date.today()

    # The review starts a change proposal, prefilled and qualified as extending the measure.
    page.get_by_role("button", name="Start et endringsforslag").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Endring av tiltaket: Pleiepenger uten søknad")
    expect(page.locator("main")).to_contain_text("Utvider et eksisterende tiltak")
    review.refresh_from_db()
    proposal = review.proposal
    assert proposal.related_measure == measure and proposal.qualification == "extends"
    assert proposal.status == "draft" and proposal.organisation == nav
    assert "reiseutgifter" in proposal.need
