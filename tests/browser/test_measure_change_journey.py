"""Dynamic benefit management in Chromium (issue 23): Skatteetaten proposes a change to a NAV measure, the office
qualifies it as extending the measure and decides to change it, NAV as the owner confirms on its start page, the
decision makes version 2 of the measure's benefit plan, and the life event's report shows both versions and the
reason. The new pages are axe-clean at 1440, 390 and 320 px."""

import pytest
from playwright.sync_api import expect

from governance.models import MeasureChange
from tests.browser import journeys
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import BenefitFactory, MeasureFactory
from tests.factories.reports import ReportingRoundFactory

pytestmark = pytest.mark.browser


def _axe_clean(page, where: str) -> None:
    for width in (1440, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()  # the page as it loads at that width (wide tables become scrollable regions on load)
        violations = axe_violations(page)
        assert violations == [], f"axe found violations on {where} at {width} px:\n{describe(violations)}"
    page.set_viewport_size({"width": 1440, "height": 900})


def test_a_change_proposed_by_another_agency_becomes_version_2_of_a_nav_measures_plan(
    page, browser_login, agency_staff, other_agency_staff, portfolio_office, ministry_official, nav
):
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation, name_nb="Alvorlig sykt barn")
    measure = MeasureFactory(owner=nav, title="Pleiepenger uten søknad", life_events=[life_event])
    BenefitFactory(measure=measure, indicator="Timer spart per familie", baseline=0, expected_value=10, owner=nav)
    round_ = ReportingRoundFactory(life_event=life_event, opened_by=portfolio_office)
    page.context.add_init_script(path=str(AXE))

    # Step 1: Skatteetaten proposes the change.
    browser_login(other_agency_staff)
    proposal = journeys.register_and_submit(
        page, title="Inntekt hentes automatisk til pleiepenger", life_event_name="Alvorlig sykt barn"
    )

    # Step 2: the office qualifies it as extending NAV's measure.
    page.context.clear_cookies()
    browser_login(portfolio_office)
    journeys.triage(page, proposal, facilitator=portfolio_office)
    page.locator("#qualify input[value=extends]").check()
    page.locator("#qualify #id_related_measure").fill(str(measure.pk))
    page.locator("#qualify #id_reason").fill("Utvider tiltaket med inntektsopplysninger.")
    page.locator("#qualify button[type=submit]").click()
    page.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.qualification == "extends" and proposal.related_measure == measure

    # Step 4: the office decides to change the measure, with a new benefit.
    page.goto(f"/portefolje/forslag/{proposal.pk}/beslutning/")
    page.get_by_role("link", name="Vedta å endre tiltaket forslaget utvider eller utfyller").click()
    expect(page.locator("h1")).to_contain_text("Pleiepenger uten søknad")
    _axe_clean(page, "the decision to change a measure")
    page.get_by_label("Begrunnelse").fill("Skatteetatens data gjør søknaden unødvendig for flere.")
    page.get_by_label("Indikator for ny gevinst 1").fill("Andel vedtak uten søknad")
    page.get_by_label("Hvem får ny gevinst 1").select_option(str(nav.pk))
    page.get_by_label("Mål for ny gevinst 1").fill("80")
    page.get_by_role("button", name="Legg til en ny gevinst til").click()  # a second new benefit, the first kept
    expect(page.get_by_label("Indikator for ny gevinst 2")).to_be_visible()
    expect(page.get_by_label("Indikator for ny gevinst 1")).to_have_value("Andel vedtak uten søknad")
    page.get_by_label("Indikator for ny gevinst 2").fill("Færre henvendelser om inntekt")
    page.get_by_label("Hvem får ny gevinst 2").select_option(str(nav.pk))
    page.get_by_role("button", name="Vedta å endre tiltaket").click()
    page.wait_for_url("**/tiltaksendringer/*/")
    change = MeasureChange.objects.get(proposal=proposal)
    expect(page.locator("main")).to_contain_text("Venter på eierens bekreftelse")

    # NAV, the owner, finds it on its start page and confirms.
    page.context.clear_cookies()
    browser_login(agency_staff)
    page.goto("/")
    page.get_by_role("link", name="Pleiepenger uten søknad").first.click()
    page.wait_for_url(f"**/tiltaksendringer/{change.pk}/")
    _axe_clean(page, "the change's page with the owner's answer")
    page.get_by_label("Vi bekrefter endringen").check()
    page.get_by_role("button", name="Send svaret").click()
    expect(page.locator("#messages")).to_contain_text("ny versjon")
    change.refresh_from_db()
    assert change.plan_version.number == 2 and change.plan_version.proposal == proposal

    # The measure's page shows the plan's history and compares the versions.
    page.goto(measure.get_absolute_url())
    plan = page.locator("section[aria-labelledby=plan-heading]")
    expect(plan).to_contain_text("Versjon 2")
    expect(plan).to_contain_text("Inntekt hentes automatisk til pleiepenger")
    _axe_clean(page, "the measure's page with its plan")
    plan.get_by_role("link", name="Sammenlign versjon 2 med den forrige").click()
    expect(page.locator("main")).to_contain_text("Andel vedtak uten søknad")
    expect(page.locator("main")).to_contain_text("Færre henvendelser om inntekt")
    _axe_clean(page, "the plan's compare page")

    # The office's next report of the life event shows both versions and the reason.
    page.context.clear_cookies()
    browser_login(portfolio_office)
    page.goto(f"/rapporter/runder/{round_.pk}/rapport/?life_event={life_event.pk}")
    main = page.locator("main")
    expect(main).to_contain_text("Gevinstplaner som er endret")
    expect(main).to_contain_text("Tiltakets gevinster da planen ble startet.")
    expect(main).to_contain_text("Skatteetatens data gjør søknaden unødvendig for flere.")
