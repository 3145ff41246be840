"""Editing a reporting round in Chromium (issue 16): two office users have the same round open; the first moves the
deadline, the second's save over it shows the round as saved now and keeps the second's values, and saving again
applies them. The edit page, with and without the conflict, is axe-clean at desktop and phone widths."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from core.models import AuditEvent
from reports import services
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.factories.core import UserFactory
from tests.factories.reports import ReportingRoundFactory

pytestmark = pytest.mark.browser


def axe_clean(page):
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("width", [1440, 390])
def test_a_second_save_over_a_moved_deadline_shows_both_and_keeps_the_users_values(
    page, browser_login, portfolio_office, digdir, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_init_script(path=str(AXE))
    ola = UserFactory(
        username="ola", first_name="Ola", last_name="Kontor", organisation=digdir, role="portfolio_office"
    )
    today = timezone.localdate()
    round = ReportingRoundFactory(title="Andre runde 2027", deadline=today + datetime.timedelta(days=14))

    def in_days(n: int) -> str:
        return (today + datetime.timedelta(days=n)).isoformat()

    # The office member opens the round's edit page from the round's page, and leaves it open.
    browser_login(portfolio_office)
    page.goto(round.get_absolute_url())
    page.get_by_role("link", name="Endre runden").click()
    expect(page.get_by_role("heading", name="Endre runden «Andre runde 2027»", level=1)).to_be_visible()
    axe_clean(page)

    # Meanwhile a colleague, on his own computer, moves the deadline a week.
    services.round_update(round=round, data={"deadline": today + datetime.timedelta(days=21)}, version=1, by=ola)

    # Her save is refused: the box shows the round as saved now, the form keeps her values.
    page.get_by_label("Frist", exact=True).fill(in_days(30))
    page.get_by_label("Tittel", exact=True).fill("Andre runde 2027 (forlenget)")
    page.get_by_role("button", name="Lagre runden").click()
    conflict = page.get_by_test_id("round-conflict")
    expect(conflict).to_contain_text("Noen andre lagret denne runden mens du endret den.")
    expect(conflict).to_contain_text((today + datetime.timedelta(days=21)).strftime("%d.%m.%Y"))
    expect(page.get_by_label("Frist", exact=True)).to_have_value(in_days(30))
    expect(page.get_by_label("Tittel", exact=True)).to_have_value("Andre runde 2027 (forlenget)")
    axe_clean(page)

    # Saving again applies her values over the saved ones.
    page.get_by_role("button", name="Lagre runden").click()
    expect(page.locator("#messages")).to_contain_text("Rapporteringsrunden ble lagret.")
    expect(page.get_by_role("heading", name="Andre runde 2027 (forlenget)", level=1)).to_be_visible()
    round.refresh_from_db()
    assert round.deadline == today + datetime.timedelta(days=30) and round.version == 3
    trail = AuditEvent.objects.for_object(round).filter(action="reports.round.changed").order_by("pk")
    assert [event.actor for event in trail] == [ola, portfolio_office]  # both changes are in the trail
