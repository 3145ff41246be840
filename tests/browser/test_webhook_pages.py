"""Self-service webhooks in Chromium: NAV's agency staff subscribe a system, copy the secret shown once, pause and
delete the subscription; the pages are axe-clean at desktop and phone widths."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from api.models import WebhookSubscription
from tests.browser.test_a11y import AXE, axe_violations, describe

pytestmark = pytest.mark.browser


def _axe_clean(page):
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("width", [1440, 390])
def test_agency_staff_subscribe_pause_and_delete(page, browser_login, agency_staff, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_init_script(path=str(AXE))
    browser_login(agency_staff)
    page.goto(reverse("webhooks:webhook_list"))
    expect(page.get_by_role("heading", name="Webhooker", level=1)).to_be_visible()
    page.get_by_role("button", name="Opprett abonnementet").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    _axe_clean(page)

    page.get_by_label("Adressen til mottakersystemet").fill("https://nav.example/hook")
    page.get_by_label("Proposal submitted").or_(page.get_by_label("Forslag sendt inn")).first.check()
    page.get_by_role("button", name="Opprett abonnementet").click()
    subscription = WebhookSubscription.objects.get()
    expect(page.get_by_test_id("webhook-secret")).to_have_text(subscription.secret)
    _axe_clean(page)

    page.get_by_role("button", name="Sett på pause").click()
    expect(page.locator("#messages")).to_contain_text("Abonnementet er satt på pause.")
    expect(page.get_by_role("heading", level=1)).to_be_focused()
    subscription.refresh_from_db()
    assert not subscription.is_active
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Slett").click()
    expect(page.locator("#messages")).to_contain_text("Abonnementet er slettet.")
    assert not WebhookSubscription.objects.exists()
