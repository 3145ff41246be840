"""The portal runs in a real browser: login through the form, the home page and its language."""

import pytest

pytestmark = pytest.mark.browser


def test_login_in_chromium_shows_the_home_page_in_bokmal(browser_login, agency_staff):
    page = browser_login(agency_staff)
    assert page.locator("html").get_attribute("lang") == "nb"
    assert page.get_by_role("heading", level=1).is_visible()
