"""The office keeps a mission's target and links a benefit to it in Chromium (issue 15): on the mission's page it
edits the target (an impossible date first: the error summary takes focus, nothing saved), then from the benefit's
page chooses the mission target the benefit serves; the mission page lists the benefit under its target and the
benefits map rolls the benefit's realised value up onto the target. The forms are axe-clean at 1440/390/320 px."""

import datetime

import pytest
from playwright.sync_api import expect

from core.models import AuditEvent
from portfolio.models import BenefitRealisation
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import BenefitFactory, MeasureFactory, MissionFactory, MissionTargetFactory

pytestmark = pytest.mark.browser


def _axe_clean_at_every_width(page) -> None:
    for width in (1440, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        violations = axe_violations(page)
        assert violations == [], f"{width} px: " + describe(violations)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_the_office_edits_a_target_and_links_a_benefit_whose_rollup_shows_on_the_map(
    page, browser_login, portfolio_office, agency_staff
):
    life_event = LifeEventFactory(name_nb="Miste og finne jobb")
    mission = MissionFactory(title="Raskere tilbake i jobb", life_events=[life_event])
    target = MissionTargetFactory(mission=mission, indicator="Uker til ny jobb", unit="uker", baseline=14,
                                  baseline_date=datetime.date(2024, 1, 1), target_value=10,
                                  target_date=datetime.date(2030, 1, 1))  # fmt: skip
    measure = MeasureFactory(owner=agency_staff.organisation, title="Jobbsøkerassistent", life_events=[life_event])
    benefit = BenefitFactory(measure=measure, indicator="Kortere ledighet", unit="uker", baseline=14, expected_value=10)
    BenefitRealisation.objects.create(benefit=benefit, date=datetime.date(2026, 6, 30), value=12)  # half the way
    page.context.add_init_script(path=str(AXE))
    browser_login(portfolio_office)

    page.goto(mission.get_absolute_url())
    expect(page.get_by_text("Ingen gevinster bidrar til målet ennå.")).to_be_visible()
    page.get_by_role("link", name="Endre målet «Uker til ny jobb»").click()
    expect(page.locator("h1")).to_have_text("Endre målet «Uker til ny jobb»")
    page.get_by_label("Måldato").fill("2023-06-01")  # before the baseline
    page.get_by_role("button", name="Lagre målet").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("etter")
    _axe_clean_at_every_width(page)
    page.get_by_label("Måldato").fill("2029-12-31")
    page.get_by_label("Målverdi").fill("8")
    page.get_by_role("button", name="Lagre målet").press("Enter")
    expect(page.locator("h1")).to_have_text(mission.title)
    expect(page.locator("h1")).to_be_focused()
    expect(page.locator("#messages")).to_contain_text("Målet er lagret.")
    target.refresh_from_db()
    assert (target.target_value, target.target_date) == (8, datetime.date(2029, 12, 31))

    page.goto(benefit.get_absolute_url())
    expect(page.get_by_text("Den bidrar ikke til noe mål i et samfunnsoppdrag ennå.")).to_be_visible()
    page.get_by_role("link", name="Velg målene i samfunnsoppdrag som den bidrar til").click()
    expect(page.locator("h1")).to_contain_text("Kortere ledighet")
    _axe_clean_at_every_width(page)
    page.get_by_label("Raskere tilbake i jobb: Uker til ny jobb").check()
    page.get_by_role("button", name="Lagre målene").click()
    expect(page.locator("h1")).to_have_text("Kortere ledighet")
    expect(page.locator("#messages")).to_contain_text("Gevinstens mål i samfunnsoppdrag er lagret.")
    expect(page.get_by_role("link", name="Raskere tilbake i jobb")).to_be_visible()
    assert list(benefit.targets.all()) == [target]
    assert AuditEvent.objects.filter(action="portfolio.benefit.changed", object_id=str(benefit.pk)).exists()

    page.goto(mission.get_absolute_url())
    expect(page.get_by_role("link", name="Kortere ledighet")).to_be_visible()
    page.goto("/styring/gevinstkart/")
    rollup = page.get_by_test_id("rollup").first
    expect(rollup).to_contain_text("Samlet for gevinstene som bidrar: 50 % av veien")
    expect(page.get_by_test_id("targets")).to_contain_text("Kortere ledighet")
