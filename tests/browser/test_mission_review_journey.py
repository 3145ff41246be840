"""The mission quality check in Chromium (issue 22): the office opens a mission, tries to save an empty review (the
error summary takes focus), judges the five criteria of Digdir's case with notes and the scope too broad, and the
mission page then says so at the top and shows the five judgements; an agency reads the same review but is not
offered the form."""

import os

import pytest
from playwright.sync_api import expect

from portfolio.models import MissionReview
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.factories.portfolio import MissionFactory

pytestmark = pytest.mark.browser

JUDGEMENTS = [
    ("Dristig og inspirerende", "Oppfylt", "Merknad om dristig og inspirerende", "Engasjerer familiene og fagfolk"),
    ("En tydelig retning", "Delvis oppfylt", "Merknad om tydelig retning", "Mangler et tidfestet delmål"),
    ("Ambisiøs, men realistisk", "Oppfylt", None, None),
    ("På tvers av fag, sektorer og aktører", "Oppfylt", None, None),
    ("Åpen for mange løsninger", "Ikke oppfylt", "Merknad om åpen for mange løsninger", "Styrt ovenfra"),
]


def _shot(page, name: str) -> None:
    folder = os.environ.get("PORTAL_SHOTS")  # set it to look at the pages (1440 and 390 px)
    if folder:
        for width in (1440, 390):
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)
        page.set_viewport_size({"width": 1440, "height": 900})


def test_the_office_reviews_a_mission_and_everyone_reads_it(page, browser_login, portfolio_office, agency_staff):
    mission = MissionFactory(title="Sammenhengende tjenester for familier med alvorlig syke barn")
    page.context.add_init_script(path=str(AXE))
    browser_login(portfolio_office)
    page.goto(mission.get_absolute_url())
    expect(page.get_by_text("Samfunnsoppdraget er ikke vurdert ennå.")).to_be_visible()
    page.get_by_role("link", name="Vurder samfunnsoppdraget").click()
    expect(page.locator("h1")).to_contain_text("Vurder samfunnsoppdraget")

    page.get_by_role("button", name="Lagre vurderingen").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Velg en vurdering for dette kriteriet.")
    expect(summary).to_contain_text("Velg om samfunnsoppdraget er for bredt, passe eller for smalt.")
    assert not MissionReview.objects.exists()
    _shot(page, "mission-review-errors")

    for criterion, judgement, note_label, note in JUDGEMENTS:
        page.get_by_role("group", name=criterion).get_by_label(judgement, exact=True).check()
        if note_label:
            page.get_by_label(note_label).fill(note)
    page.get_by_role("group", name="Omfang").get_by_label("For bred", exact=True).check()
    page.get_by_label("Oppsummering").fill("Avgrens oppdraget til én målgruppe først.")
    page.get_by_role("button", name="Lagre vurderingen").press("Enter")

    expect(page.locator("h1")).to_have_text(mission.title)
    alert = page.locator(".ds-alert[data-color=warning]")
    expect(alert).to_contain_text("Porteføljekontoret har vurdert dette samfunnsoppdraget som for bredt")
    table = page.get_by_role("table", name="De fem kriteriene i siste vurdering")
    expect(table.get_by_role("row", name="En tydelig retning")).to_contain_text("Delvis oppfylt")
    expect(table.get_by_role("row", name="Åpen for mange løsninger")).to_contain_text("Styrt ovenfra")
    violations = axe_violations(page)
    assert violations == [], describe(violations)
    _shot(page, "mission-page-reviewed")

    page.context.clear_cookies()
    browser_login(agency_staff)
    page.goto(mission.get_absolute_url())
    expect(page.locator(".ds-alert[data-color=warning]")).to_contain_text("for bredt")
    expect(page.get_by_role("table", name="De fem kriteriene i siste vurdering")).to_contain_text("Ikke oppfylt")
    expect(page.get_by_role("link", name="Vurder samfunnsoppdraget")).to_have_count(0)
