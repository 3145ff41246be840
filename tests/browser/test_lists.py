"""Lists in the browser: the result count first, the filters in a disclosure that the keyboard opens, whose state and
values live in the URL (reload and Back keep them), the count following the filter."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.test_keyboard import tab_to
from tests.factories.portfolio import ProposalFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1440, 390])
def test_proposal_filters_open_by_keyboard_and_live_in_the_url(live_server, page, browser_login, portfolio_office,
                                                               width):  # fmt: skip
    ProposalFactory(title="Mottatt forslag", status="submitted")
    ProposalFactory(title="Forslag i steg to", status="harmonising")
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(portfolio_office)
    page.goto(reverse("portfolio:proposal_list"))
    count = page.locator("#proposal-count")
    expect(count).to_have_text("2 forslag")
    summary = page.locator("main details summary")
    expect(page.get_by_label("Status")).to_be_hidden()  # folded: the filters are behind the disclosure
    tab_to(page, summary)
    page.keyboard.press("Enter")
    expect(page.get_by_label("Status")).to_be_visible()
    expect(page).to_have_url(re.compile(r"filters=open"))
    page.get_by_label("Status").focus()
    page.get_by_label("Status").select_option("harmonising")  # change from:select filters at once
    expect(count).to_have_text("1 forslag")
    expect(page.get_by_role("link", name="Forslag i steg to")).to_be_visible()
    expect(page).to_have_url(re.compile(r"status=harmonising"))
    page.reload()
    expect(page.locator("main details")).to_have_attribute("open", "")
    expect(count).to_have_text("1 forslag")
    expect(page.locator("main details summary")).to_contain_text("1 i bruk")


def test_board_filters_fold_and_count_first(live_server, page, browser_login, portfolio_office):
    ProposalFactory(status="submitted")
    browser_login(portfolio_office)
    page.goto(reverse("portfolio:board"))
    expect(page.locator("#board-count")).to_have_text("1 forslag på tavlen")
    tab_to(page, page.locator("main details.portal-filter-panel summary"))  # not a card's «Flytt» menu
    page.keyboard.press("Space")
    age = page.get_by_label("Minst antall dager i steget")
    expect(age).to_be_visible()
    age.fill("30")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#board-count")).to_have_text("0 forslag på tavlen")
    expect(page).to_have_url(re.compile(r"age=30"))


def test_a_filter_saved_as_a_view_comes_back_as_a_link(live_server, page, browser_login, agency_staff, nav):
    ProposalFactory(title="Innsendt", organisation=nav, status="submitted")
    ProposalFactory(title="Utkastet", organisation=nav, status="draft", created_by=agency_staff)
    browser_login(agency_staff)
    page.goto(reverse("portfolio:proposal_list") + "?status=draft")
    expect(page.locator("#proposal-count")).to_have_text("1 forslag")
    page.get_by_label("Lagre denne visningen som").fill("Mine utkast")
    page.get_by_label("Lagre denne visningen som").press("Enter")
    expect(page.get_by_role("heading", level=1, name="Forslag")).to_be_visible()  # back on the whole list page
    expect(page.locator("#messages")).to_contain_text("Visningen «Mine utkast» er lagret.")
    page.goto(reverse("portfolio:proposal_list"))
    expect(page.locator("#proposal-count")).to_have_text("2 forslag")
    page.get_by_role("link", name="Mine utkast").click()
    expect(page.locator("#proposal-count")).to_have_text("1 forslag")
    expect(page).to_have_url(re.compile(r"status=draft"))
    download = page.get_by_role("link", name="Last ned radene som CSV")
    expect(download).to_have_attribute("href", re.compile(r"status=draft&export=csv"))
