"""Every action ends on a whole page: header, menu, heading and footer, a fresh title, focus on the new page's
heading and its message read out, at desktop and phone widths. The action's form is sent by htmx; the redirect
after it (HX-Location) fetches the next page whole."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import MeasureFactory
from tests.factories.reports import ReportingRoundFactory

pytestmark = pytest.mark.browser

WIDTHS = [1440, 390, 320]


def assert_whole_page_with_focus_on(page, heading: str, message: str):
    expect(page.get_by_role("heading", level=1, name=heading)).to_be_focused()
    expect(page.locator("header.portal-header")).to_have_count(1)
    expect(page.locator("footer")).to_have_count(1)
    expect(page.locator("main")).to_have_count(1)
    assert heading in page.title()
    expect(page.locator("#portal-status")).to_contain_text(message)
    menu_button = page.get_by_role("button", name="Meny")
    if page.viewport_size["width"] < 768:  # phones: the new page's menu is folded behind its button, which works
        expect(menu_button).to_have_attribute("aria-expanded", "false")
        expect(page.locator("#portal-menu")).to_be_hidden()
        menu_button.click()
        expect(page.locator("#portal-menu")).to_be_visible()
        page.keyboard.press("Escape")
        expect(menu_button).to_be_focused()
    else:
        expect(menu_button).to_be_hidden()


@pytest.mark.parametrize("width", WIDTHS)
def test_opening_a_reporting_round_ends_on_the_rounds_page(page, browser_login, portfolio_office, width):
    LifeEventFactory(name_nb="Få barn")
    page.set_viewport_size({"width": width, "height": 844})
    browser_login(portfolio_office)
    page.goto(reverse("reports:round_create"))
    page.get_by_label("Tittel").fill("Første runde 2027")
    page.get_by_label("Frist", exact=True).fill((datetime.date.today() + datetime.timedelta(days=20)).isoformat())
    page.get_by_role("button", name="Åpne runden").click()
    assert_whole_page_with_focus_on(page, "Første runde 2027", "Rapporteringsrunden ble åpnet.")


@pytest.mark.parametrize("width", WIDTHS)
def test_saving_a_status_report_ends_on_the_rounds_page(page, browser_login, nav, agency_staff, width):
    measure = MeasureFactory(owner=nav, title="Digital søknad om foreldrepenger")
    round = ReportingRoundFactory(title="Vårrunden")
    page.set_viewport_size({"width": width, "height": 844})
    browser_login(agency_staff)
    page.goto(reverse("reports:status_report_edit", args=[round.pk, measure.pk]))
    page.get_by_label("Grønn – i rute").check()
    page.get_by_role("button", name="Lagre utkast").click()
    assert_whole_page_with_focus_on(page, "Vårrunden", "Statusrapporten ble lagret som utkast.")
