"""An office user sets up the authenticator app in the browser (the secret read off the page, the code computed as
the app does), keeps the backup codes, and signs in again with a fresh code; the pages pass axe at 1440 and 390 px."""

import base64
import re
import time

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from core.models import AuditEvent
from tests.browser.test_a11y import AXE, axe_violations, describe

pytestmark = pytest.mark.browser


def app_code(secret: str, *, ahead: int = 0) -> str:
    """What the authenticator app shows for the typed-in secret (`ahead` steps later)."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    totp = TOTP(key)
    totp.time = time.time() + 30 * ahead
    return f"{totp.token():06d}"


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"axe on {where}:\n{describe(violations)}"
    scroll, width = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert scroll <= width, f"{where} scrolls sideways"


@pytest.mark.parametrize("width", [1440, 390])
def test_office_sets_up_the_app_and_signs_in_with_its_code(page, portfolio_office, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_init_script(path=str(AXE))
    page.goto("/portefolje/forslag/", timeout=30_000)  # asked for a page: login, set-up, then that page
    page.get_by_label("Brukernavn").fill(portfolio_office.username)
    page.get_by_label("Passord").fill("correct-horse-battery")
    page.get_by_role("button", name="Logg inn").click()

    expect(page.get_by_role("heading", name="Sett opp innlogging med app")).to_be_visible()
    expect(page.get_by_role("img", name="QR-kode for autentiseringsappen")).to_be_visible()
    assert_accessible(page, f"the set-up page at {width} px")
    code_field = page.get_by_label("Kode fra appen")
    assert code_field.get_attribute("autocomplete") == "one-time-code"
    assert code_field.get_attribute("inputmode") == "numeric"

    code_field.fill("12")  # a typo first: the error is shown, summarised, linked and tied to the field
    page.get_by_role("button", name="Slå på").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_code")
    expect(page.get_by_label("Kode fra appen")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page, f"the set-up page with an error at {width} px")

    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "")
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    used = app_code(secret)
    page.get_by_label("Kode fra appen").fill(used)
    page.get_by_role("button", name="Slå på").click()

    expect(page.get_by_role("heading", name="Reservekodene dine")).to_be_visible()
    codes = page.get_by_test_id("backup-codes").locator("li").all_inner_texts()
    assert len(codes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in codes)
    assert_accessible(page, f"the backup codes at {width} px")
    page.get_by_role("link", name="Jeg har tatt vare på kodene – fortsett").click()
    page.wait_for_url("**/portefolje/forslag/")
    assert AuditEvent.objects.filter(action="core.user.second_factor_enrolled", actor=portfolio_office).exists()

    menu = page.get_by_role("button", name="Meny")
    if menu.is_visible():  # at 390 px the menu is folded behind its button
        menu.click()
    page.get_by_role("button", name="Logg ut").click()
    page.wait_for_url("**/login/**")
    page.get_by_label("Brukernavn").fill(portfolio_office.username)
    page.get_by_label("Passord").fill("correct-horse-battery")
    page.get_by_role("button", name="Logg inn").click()
    expect(page.get_by_role("heading", name="Kode fra appen")).to_be_visible()
    assert_accessible(page, f"the code step at {width} px")
    page.get_by_label("Kode fra appen").fill(used)  # the code used to set up: refused
    page.get_by_role("button", name="Fortsett").click()
    expect(page.locator("[data-error-summary]")).to_contain_text("Koden er feil, eller den er brukt allerede")
    time.sleep(1.2)  # the device's wait after a wrong code
    page.get_by_label("Kode fra appen").fill(app_code(secret, ahead=1))  # the app's next code
    page.get_by_role("button", name="Fortsett").click()
    page.wait_for_url(lambda url: "/login/" not in url)
    expect(page.get_by_role("link", name="Innlogging med app")).to_be_visible()  # its page, in the footer
