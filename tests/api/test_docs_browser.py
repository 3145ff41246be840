"""The API docs (Swagger UI from drf-spectacular-sidecar) run in a real browser under the portal's CSP."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_swagger_ui_shows_the_api_under_the_csp(page, browser_login, agency_staff):
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    browser_login(agency_staff)
    page.goto("/api/v1/docs/")
    expect(page.get_by_role("heading", name="Livshendelsesportalen API")).to_be_visible()
    expect(page.get_by_text("/api/v1/proposals/").first).to_be_visible()
    assert violations == []
