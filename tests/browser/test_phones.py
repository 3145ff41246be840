"""Phones: the menu folds behind a button that works by keyboard, and wide tables scroll in their own focusable,
named region instead of pushing the page sideways."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories.portfolio import ProposalFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [390, 320])
def test_menu_button_opens_and_closes_the_menu_by_keyboard(page, browser_login, portfolio_office, width):
    page.set_viewport_size({"width": width, "height": 844})
    browser_login(portfolio_office)
    menu = page.get_by_role("navigation", name="Hovedmeny")
    button = page.get_by_role("button", name="Meny")
    expect(menu).to_be_hidden()
    expect(button).to_have_attribute("aria-expanded", "false")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu.get_by_role("link", name="Tavle")).to_be_visible()
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    expect(menu).to_be_hidden()
    expect(button).to_be_focused()


def test_desktop_shows_the_menu_without_a_button(page, browser_login, portfolio_office):
    page.set_viewport_size({"width": 1440, "height": 900})
    browser_login(portfolio_office)
    expect(page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Tavle")).to_be_visible()
    expect(page.get_by_role("button", name="Meny")).to_be_hidden()


def test_a_wide_table_scrolls_in_a_focusable_region_at_320_px(page, browser_login, portfolio_office):
    for n in range(3):
        ProposalFactory(title=f"Forslag med en lang tittel om tjenester for familier nummer {n}", status="deferred")
    page.set_viewport_size({"width": 320, "height": 844})
    browser_login(portfolio_office)
    page.goto(reverse("portfolio:shelf"))
    region = page.get_by_role("region", name="Forslag på hyllen, nyeste først")
    expect(region).to_have_attribute("tabindex", "0")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # the browser scrolls after the key press (smoothly, on a loaded machine some frames later): wait for it
    page.wait_for_function("el => el.scrollLeft > 0", arg=region.element_handle())
    assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
