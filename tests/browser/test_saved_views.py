"""Saving and deleting a saved view is a plain POST and its redirect back to the list (no htmx): the list comes back
whole with focus on its heading and the outcome read out, as after the other actions, at 1440, 390 and 320 px."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from core.models import SavedView
from tests.browser.test_keyboard import tab_to
from tests.browser.test_whole_pages import assert_whole_page_with_focus_on

pytestmark = pytest.mark.browser

WIDTHS = [1440, 390, 320]


@pytest.mark.parametrize("width", WIDTHS)
def test_saving_and_deleting_a_view_end_on_the_list_with_focus_on_its_heading(page, browser_login, agency_staff, width):
    page.set_viewport_size({"width": width, "height": 844})
    browser_login(agency_staff)
    page.goto(reverse("portfolio:measure_list") + "?status=active")
    field = page.get_by_label("Lagre denne visningen som")
    tab_to(page, field)
    page.keyboard.type("Mine aktive")
    page.keyboard.press("Enter")
    assert_whole_page_with_focus_on(page, "Tiltak", "Visningen «Mine aktive» er lagret.")
    assert SavedView.objects.get(user=agency_staff).query == "status=active"
    delete = page.get_by_role("button", name="Slett Mine aktive")
    tab_to(page, delete)
    page.keyboard.press("Enter")
    assert_whole_page_with_focus_on(page, "Tiltak", "Visningen «Mine aktive» er slettet.")
    expect(page.get_by_role("link", name="Mine aktive")).to_have_count(0)
    assert not SavedView.objects.exists()
