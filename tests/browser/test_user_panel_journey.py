"""User panels in Chromium (issue 22): the office records a consultation of the bereaved relatives' panel linked to a
proposal (an empty save focuses the error summary, nothing saved), corrects its topic (the page comes back with its
heading focused and the outcome read out), and sees what the users said on the step-4 decision page; a member
withdraws consent and the contact details are gone from the panel's page (and from the database). The panel page
and the journey page with its gap are axe-clean."""

import datetime
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from governance.models import Consultation, PanelMember
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.factories import panels as f
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import ProposalFactory

pytestmark = pytest.mark.browser


def test_the_office_records_a_consultation_sees_it_where_it_decides_and_a_member_withdraws(
    page, browser_login, portfolio_office, nav
):
    event = LifeEventFactory(slug="dodsfall-og-arv", name_nb="Dødsfall og arv")
    panel = f.UserPanelFactory(life_event=event, coordinator=nav, name="Brukerpanel av etterlatte")
    member = f.PanelMemberFactory(panel=panel, name="Kari Etterlatt", email="kari@eksempel.invalid",
                                  phone="+47 000 11 222")  # fmt: skip
    proposal = ProposalFactory(organisation=nav, title="Digital skifteattest", status="deciding", life_events=[event])
    page.context.add_init_script(path=str(AXE))
    browser_login(portfolio_office)

    page.goto(panel.get_absolute_url())
    expect(page.locator("h1")).to_have_text("Brukerpanel av etterlatte")
    members = page.get_by_role("table", name="Medlemmer og samtykkene deres")
    expect(members.get_by_role("row", name=re.compile("Kari Etterlatt"))).to_contain_text("kari@eksempel.invalid")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.get_by_role("link", name="Registrer en konsultasjon").click()
    expect(page.locator("h1")).to_contain_text("Ny konsultasjon av «Brukerpanel av etterlatte»")
    page.get_by_role("button", name="Registrer konsultasjonen").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert not Consultation.objects.exists()

    page.get_by_label("Dato").fill(datetime.date.today().isoformat())
    page.get_by_label("Metode").select_option("workshop")
    page.get_by_label("Tema").fill("Skifteattest og oversikt over boet")
    page.get_by_label("Antall deltakere").fill("7")
    page.get_by_label("Hva brukerne sa").fill("Bankene ville ha skifteattesten i papir, og ventetiden stoppet alt.")
    page.locator("#id_proposals").click()  # the proposals' combobox (its label: «Forslag»)
    page.keyboard.type("skifte")
    page.get_by_role("option", name="Digital skifteattest").click()
    expect(page.locator("ds-suggestion data")).to_have_text(["Digital skifteattest"])
    page.get_by_role("button", name="Registrer konsultasjonen").click()
    expect(page.locator("h1")).to_have_text("Brukerpanel av etterlatte")
    expect(page.locator("#messages")).to_contain_text("Konsultasjonen ble registrert.")
    assert list(Consultation.objects.get().proposals.all()) == [proposal]

    # The office corrects the topic: the panel's page comes back whole, its heading focused and the outcome read out
    page.get_by_role("link", name="Endre konsultasjonen «Skifteattest og oversikt over boet»").click()
    expect(page.locator("h1")).to_have_text("Endre konsultasjonen «Skifteattest og oversikt over boet»")
    page.get_by_label("Tema").fill("Skifteattest, bank og oversikt over boet")
    page.get_by_role("button", name="Lagre konsultasjonen").click()
    expect(page.locator("h1")).to_have_text("Brukerpanel av etterlatte")
    expect(page.locator("h1")).to_be_focused()
    expect(page.locator("#messages")).to_contain_text("Konsultasjonen ble lagret.")
    corrected = Consultation.objects.get()
    assert corrected.topic == "Skifteattest, bank og oversikt over boet"
    assert list(corrected.proposals.all()) == [proposal]  # the link survived the correction

    page.goto(reverse("decisions:proposal_decide", args=[proposal.pk]))
    said = page.get_by_test_id("consultations")
    expect(said.get_by_role("heading", name="Hva brukerne sa")).to_be_visible()
    expect(said).to_contain_text("Bankene ville ha skifteattesten i papir")
    expect(said).to_contain_text("Brukerpanel av etterlatte")
    violations = axe_violations(page)
    assert violations == [], describe(violations)

    page.goto(panel.get_absolute_url())
    page.get_by_role("link", name="Trekk samtykke for Kari Etterlatt").click()
    expect(page.locator("h1")).to_have_text("Trekk samtykke")
    page.get_by_label("Jeg forstår at medlemmets e-postadresse og telefonnummer slettes for godt").check()
    page.get_by_role("button", name="Trekk samtykket og slett kontaktopplysningene").click()
    expect(page.locator("h1")).to_have_text("Brukerpanel av etterlatte")
    row = page.get_by_role("table", name="Medlemmer og samtykkene deres").get_by_role("row", name=re.compile("Kari"))
    expect(row).to_contain_text("Slettet")
    expect(row).to_contain_text("Trukket")
    expect(page.locator("main")).not_to_contain_text("kari@eksempel.invalid")
    expect(page.locator("main")).not_to_contain_text("+47 000 11 222")
    member = PanelMember.objects.get(pk=member.pk)
    assert member.email == "" and member.phone == "" and member.consent_withdrawn_on == datetime.date.today()
    _reflows_and_is_axe_clean(page)


def _reflows_and_is_axe_clean(page):
    for width in (1440, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()  # the page is laid out at this width (a wide table becomes a focusable scrolling region)
        violations = axe_violations(page)
        assert violations == [], describe(violations)
        sizes = "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        scroll, client = page.evaluate(sizes)
        assert scroll <= client, f"{page.url} scrolls sideways at {width} px ({scroll} > {client})"


def test_the_journey_page_lists_the_steps_and_tags_the_gap(page, browser_login, ministry_official, asd, nav):
    event = LifeEventFactory(owner_ministry=asd, name_nb="Dødsfall og arv")
    journey = f.UserJourneyFactory(life_event=event, title="Når noen i familien dør")
    first = f.JourneyStepFactory(journey=journey, position=1, title="Dødsfallet meldes", agency=nav)
    second = f.JourneyStepFactory(journey=journey, position=2, title="Skifte boet")
    proposal = ProposalFactory(organisation=nav, title="Dødsfallsmelding til bank", life_events=[event])
    f.PainPointFactory(step=first, description="Melder dødsfallet flere ganger.", proposals=[proposal])
    f.PainPointFactory(step=second, description="Forstår ikke valget mellom privat og offentlig skifte.")
    page.context.add_init_script(path=str(AXE))
    browser_login(ministry_official)
    page.goto(journey.get_absolute_url())
    steps = page.get_by_role("list", name="Stegene i brukerreisen").locator(":scope > li")
    expect(steps).to_have_count(2)
    expect(steps.nth(0)).to_contain_text("Steg 1: Dødsfallet meldes")
    expect(steps.nth(0)).to_contain_text("Dødsfallsmelding til bank")
    expect(steps.nth(1).locator(".ds-tag")).to_have_text("Hull: ingenting løser det")
    expect(page.get_by_test_id("gap-summary")).to_contain_text("1 hull")
    expect(page.get_by_role("link", name="Legg til et steg")).to_have_count(0)  # the ministry reads
    _reflows_and_is_axe_clean(page)
