"""Issue 22 in Chromium: the office drafts the collaboration agreement of Alvorlig sykt barn (an empty party's roles
are refused with the error summary, nothing saved), sends it; the representatives of Helsedirektoratet and NAV each
confirm it for their organisation; the version is in force, its PDF is made by the worker and downloaded (a tagged
PDF whose text names the parties), its funding is in the life event's funding table. Axe-clean at 1440/390/320 px."""

import re
from io import BytesIO

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from governance.agreement_models import AgreementVersion
from governance.models import GovernanceBody
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.factories import core as cf
from tests.factories.lifeevents import LifeEventFactory

pytestmark = pytest.mark.browser
TITLE = "Samarbeidsavtale: Alvorlig sykt barn"


def _label(text: str) -> re.Pattern:
    """A field's label, with or without the «(valgfritt)» of an optional field."""
    return re.compile("^" + re.escape(text) + r"( \(valgfritt\))?$")


def _axe_at_widths(page, name: str, widths=(1440, 390, 320)) -> None:
    """Axe and no sideways scrolling at each width, the page loaded at that width (portal.js makes a wide table's
    region focusable when it scrolls)."""
    for width in widths:
        page.set_viewport_size({"width": width, "height": 900})
        if len(widths) > 1:
            page.reload()
        violations = axe_violations(page)
        assert not violations, f"{name} at {width} px: " + describe(violations)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{name} {width}"
    page.set_viewport_size({"width": 1440, "height": 900})


def test_the_office_drafts_two_parties_confirm_and_the_pdf_is_available(page, browser_login, portfolio_office):
    hod = cf.OrganisationFactory(name="Helse- og omsorgsdepartementet", short_name="HOD", kind="ministry")
    hdir = cf.OrganisationFactory(name="Helsedirektoratet", short_name="HDIR", kind="agency")
    nav = cf.OrganisationFactory(name="Arbeids- og velferdsetaten", short_name="NAV", kind="agency")
    hdir_rep = cf.UserFactory(username="hdir-rep", organisation=hdir, role="agency_staff")
    nav_rep = cf.UserFactory(username="nav-rep", organisation=nav, role="agency_staff")
    event = LifeEventFactory(slug="alvorlig-sykt-barn", name_nb="Alvorlig sykt barn", owner_ministry=hod)
    GovernanceBody.objects.create(name="Styringsgruppe for Alvorlig sykt barn", kind="steering_group")
    page.context.add_init_script(path=str(AXE))

    browser_login(portfolio_office)
    page.goto(event.get_absolute_url())
    page.get_by_role("button", name="Lag utkast til samarbeidsavtale").click()
    expect(page.get_by_role("heading", level=1, name="Rediger utkastet (versjon 1)")).to_be_visible()
    _axe_at_widths(page, "the draft form")
    page.get_by_label(_label("Part 1")).select_option(label="Helsedirektoratet")
    page.get_by_role("button", name="Lagre utkastet").click()  # a party without its roles
    expect(page.locator("[data-error-summary]")).to_be_visible()
    assert not AgreementVersion.objects.get().parties.exists()
    _axe_at_widths(page, "the draft with errors", widths=(1440,))  # a POST's answer: not reloaded

    page.get_by_label(_label("Roller og ansvar for part 1")).fill("Leder arbeidet og porteføljekontoret.")
    page.get_by_label(_label("Part 2")).select_option(label="Arbeids- og velferdsetaten")
    page.get_by_label(_label("Roller og ansvar for part 2")).fill("Pleiepenger og hjelpemidler.")
    page.get_by_label(_label("Styringsstruktur for neste fase")).fill("Styringsgruppe ledet av Helsedirektoratet.")
    page.get_by_label("Styringsgruppe for Alvorlig sykt barn").check()
    page.get_by_label(_label("Neste fase: varighet (måneder)")).fill("18")
    page.get_by_label(_label("Neste fase: kostnad (kr)")).fill("6000000")
    page.get_by_label(_label("Neste fase: personressurser (årsverk)")).fill("4,5")
    for row, (org, year, amount) in enumerate(
        [("Helsedirektoratet", "2027", "2000000"), ("Arbeids- og velferdsetaten", "2027", "1500000")], start=1
    ):
        page.get_by_label(_label(f"Finansieringsrad {row}: part")).select_option(label=org)
        page.get_by_label(_label(f"Finansieringsrad {row}: år")).fill(year)
        page.get_by_label(_label(f"Finansieringsrad {row}: beløp (kr)")).fill(amount)
    page.get_by_role("button", name="Lagre utkastet").click()
    expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
    expect(page.get_by_test_id("agreement-total")).to_contain_text("3 500 000")
    page.get_by_role("button", name="Send til partene for bekreftelse").click()
    expect(page.get_by_test_id("agreement-status")).to_have_text("Venter på bekreftelse")
    version = AgreementVersion.objects.get()
    _axe_at_widths(page, "the sent agreement")

    for rep in (hdir_rep, nav_rep):
        page.context.clear_cookies()
        browser_login(rep)
        page.goto(version.get_absolute_url())
        page.get_by_role("link", name="Bekreft eller avslå for virksomheten din").click()
        expect(page.get_by_role("heading", level=1, name="Svar for virksomheten din")).to_be_visible()
        if rep is hdir_rep:
            _axe_at_widths(page, "the answer form")
        page.get_by_label("Bekreftet").check()
        page.get_by_role("button", name="Registrer svaret").click()
        expect(page.get_by_role("heading", level=1, name=TITLE)).to_be_visible()
        expect(page.get_by_test_id(f"answer-{rep.organisation_id}")).to_contain_text("Bekreftet")

    expect(page.get_by_test_id("agreement-status")).to_have_text("Gjeldende")
    link = page.get_by_role("link", name="Last ned samarbeidsavtalen (PDF, versjon 1)")
    expect(link).to_be_visible()  # made by the worker (eager in tests) when the last party confirmed
    _axe_at_widths(page, "the agreement in force")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    reader = PdfReader(BytesIO(response.body()))
    text = "".join(p.extract_text() for p in reader.pages)
    assert TITLE in text and "Helsedirektoratet" in text and "Arbeids- og velferdsetaten" in text
    assert "Styringsgruppe for Alvorlig sykt barn" in text and "Bekreftet" in text
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # tagged

    page.goto(event.get_absolute_url())  # the commitments are the life event's funding; the body is its own
    funding = page.locator("#funding-heading").locator("..")
    expect(funding.get_by_role("row", name="2027 Helsedirektoratet")).to_contain_text("2 000 000")
    expect(page.locator("#bodies-heading").locator("..")).to_contain_text("Styringsgruppe for Alvorlig sykt barn")
