"""Public access (offentleglova, issue 22) in Chromium: NAV exempts the need of its proposal under § 13 (an empty
save first: the error summary takes focus, nothing saved) and its answer to one of the call's own questions,
Skatteetaten, which reviews the proposal, sees the legal basis in place of both, and the office logs an access
request for the proposal, answers it partly granted and downloads the PDF that was sent: neither the exempt need nor
the exempt answer is in its text, their legal basis is."""

import io

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from portfolio.models import AccessRequest, CallAnswer, CallQuestion, Exemption
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import CallForProposalsFactory, ProposalFactory, ReviewAssignmentFactory

pytestmark = pytest.mark.browser

SECRET = "Barnets diagnose Duchenne krever særskilt oppfølging hjemme"
CITATION = "offl. § 13 jf. fvl. § 13 første ledd nr. 1"
ANSWER = "Vi henter opplysningene fra Kvasirregisteret"


def _axe_clean(page) -> None:
    violations = axe_violations(page)
    assert violations == [], describe(violations)


def test_an_agency_exempts_a_field_another_cannot_see_it_and_the_office_answers_an_access_request(
    page, browser_login, agency_staff, other_agency_staff, portfolio_office, asd
):
    life_event = LifeEventFactory(owner_ministry=asd)
    call = CallForProposalsFactory(title="Færre skjema", life_event=life_event)
    question = CallQuestion.objects.create(call=call, label="Hvilke registre bruker dere?", kind="text")
    proposal = ProposalFactory(
        title="Sammenhengende tjenester for familier med alvorlig syke barn", need=SECRET,
        organisation=agency_staff.organisation, created_by=agency_staff, status="assessing",
        life_events=[life_event], call=call,
    )  # fmt: skip
    CallAnswer.objects.create(proposal=proposal, question=question, text=ANSWER)
    ReviewAssignmentFactory(proposal=proposal, reviewer=other_agency_staff, assigned_by=portfolio_office)
    page.context.add_init_script(path=str(AXE))

    # NAV exempts the need under § 13
    browser_login(agency_staff)
    page.goto(proposal.get_absolute_url())
    section = page.get_by_role("region", name="Offentlighet")
    expect(section).to_contain_text("Ingen del av saken er unntatt offentlighet.")
    section.get_by_role("link", name="Unnta en del fra offentlighet").click()
    expect(page.locator("h1")).to_contain_text("fra offentlighet")
    page.get_by_role("button", name="Unnta delen").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Velg paragrafen i offentleglova som unntaket bygger på.")
    assert not Exemption.objects.exists()
    _axe_clean(page)

    page.get_by_label("Del av saken").select_option(label="behovet, sett fra brukerens side")
    page.get_by_label("Hjemmel (offentleglova)").select_option(label="§ 13 Opplysninger som er underlagt taushetsplikt")
    page.get_by_label("Bestemmelse som gir taushetsplikt").fill("fvl. § 13 første ledd nr. 1")
    page.get_by_label("Begrunnelse").fill("Helseopplysninger om et navngitt barn.")
    page.get_by_label("Dato for ny vurdering").fill("2030-12-01")
    page.get_by_role("button", name="Unnta delen").press("Enter")

    expect(page.locator("h1")).to_have_text(proposal.title)
    expect(page.locator("h1")).to_be_focused()
    table = page.get_by_role("table", name="Unntak fra offentlighet")
    expect(table).to_contain_text(CITATION)
    expect(table).to_contain_text("Helseopplysninger om et navngitt barn.")  # the reason: for NAV and the office
    expect(page.get_by_text(SECRET)).to_be_visible()  # NAV still reads its own need
    _axe_clean(page)

    # … and its answer to the call's question, as a part like the fields
    page.get_by_role("region", name="Offentlighet").get_by_role("link", name="Unnta en del fra offentlighet").click()
    page.get_by_label("Del av saken").select_option(label="Svar: Hvilke registre bruker dere?")
    page.get_by_label("Hjemmel (offentleglova)").select_option(label="§ 13 Opplysninger som er underlagt taushetsplikt")
    page.get_by_label("Bestemmelse som gir taushetsplikt").fill("fvl. § 13 første ledd nr. 1")
    page.get_by_label("Begrunnelse").fill("Viser hvilke registre barnet er i.")
    page.get_by_label("Dato for ny vurdering").fill("2030-12-01")
    page.get_by_role("button", name="Unnta delen").click()
    expect(page.locator("h1")).to_be_focused()
    expect(table).to_contain_text("Svar: Hvilke registre bruker dere?")
    expect(page.get_by_text(ANSWER)).to_be_visible()  # NAV still reads its own answer
    assert Exemption.objects.active().count() == 2

    # Skatteetaten reviews the proposal: it reads the legal basis, not the need
    page.context.clear_cookies()
    browser_login(other_agency_staff)
    page.goto(proposal.get_absolute_url())
    expect(page.get_by_text(f"Unntatt offentlighet ({CITATION})").first).to_be_visible()
    assert SECRET not in page.content() and "navngitt barn" not in page.content()
    assert ANSWER not in page.content() and "Kvasir" not in page.content()  # the exempt answer: its legal basis only
    answer = page.locator("dt", has_text="Hvilke registre bruker dere?").locator("xpath=following-sibling::dd[1]")
    expect(answer).to_have_text(f"Unntatt offentlighet ({CITATION})")
    expect(page.get_by_role("link", name="Unnta en del fra offentlighet")).to_have_count(0)

    # The office logs an access request and answers it with the redacted PDF
    page.context.clear_cookies()
    browser_login(portfolio_office)
    page.goto("/")
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Innsynskrav").click()
    expect(page.locator("h1")).to_have_text("Innsynskrav")
    page.get_by_role("link", name="Registrer et innsynskrav").click()
    page.get_by_role("group", name="Type sak").get_by_label("Forslag", exact=True).check()
    page.get_by_label("Nummeret på forslaget eller tiltaket").fill(str(proposal.pk))
    page.get_by_label("E-post til den som ber om innsyn").fill("journalist@example.no")
    page.get_by_role("button", name="Registrer kravet").click()

    expect(page.locator("h1")).to_contain_text("Innsynskrav nr.")
    logged = AccessRequest.objects.get()
    expect(page.locator("h1")).to_have_text(f"Innsynskrav nr. {logged.pk}")
    page.get_by_role("group", name="Svar").get_by_label("Delvis innvilget", exact=True).check()
    page.get_by_role("button", name="Registrer svaret").click()
    expect(page.get_by_role("region", name="Svaret")).to_contain_text("Delvis innvilget")
    _axe_clean(page)

    for width in (390, 320):  # the answer's page reflows on a phone, axe-clean
        page.set_viewport_size({"width": width, "height": 800})
        assert page.evaluate("() => document.documentElement.scrollWidth <= document.documentElement.clientWidth")
        _axe_clean(page)
    page.set_viewport_size({"width": 1440, "height": 900})

    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned dokumentet som ble sendt (PDF)").click()
    pdf = PdfReader(io.BytesIO(open(download.value.path(), "rb").read()))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Duchenne" not in text and "diagnose" not in text and "Kvasir" not in text
    assert f"Unntatt offentlighet ({CITATION})" in text and proposal.title in text

    page.get_by_role("link", name="Innsynskrav").first.click()
    row = page.get_by_role("row", name=str(logged.pk))
    expect(row).to_contain_text("Delvis innvilget")
