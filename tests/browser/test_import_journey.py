"""The import in Chromium: the office downloads nothing but uploads a workbook with good and bad rows, reads the dry
run (each row's outcome, every error with its row and column), imports the good rows, and sees the result page whole
with focus on its heading; the same file again changes nothing. A refused file answers with its message."""

import io

import pytest
from django.urls import reverse
from openpyxl import Workbook
from playwright.sync_api import expect

from portfolio.models import Proposal
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.factories.lifeevents import LifeEventFactory

pytestmark = pytest.mark.browser

HEADERS = ["external_id", "title", "need", "organisation", "life_events", "estimated_cost", "submit"]


def _workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    sheet.append(["x-1", "Felles varsel", "Foreldre får brev fra mange.", "NAV", "Få barn", 250000, "nei"])
    sheet.append(["x-2", "Innsyn i saken", "Foreldre ser ikke saken.", "NAV", "fa-barn", None, "nei"])
    sheet.append(["x-3", "Ukjent etat", "Behov.", "Finnes ikke AS", "fa-barn", "mye", "nei"])
    sheet.append(["x-4", "Formel", '=HYPERLINK("http://x")', "NAV", "Månelanding", None, "nei"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _axe_clean(page):
    violations = axe_violations(page)
    assert not violations, describe(violations)


@pytest.mark.parametrize("width", [1440, 390])
def test_office_dry_runs_and_imports_a_file_with_good_and_bad_rows(page, browser_login, portfolio_office, nav, width):
    page.set_viewport_size({"width": width, "height": 900})
    LifeEventFactory(slug="fa-barn", name_nb="Få barn")
    content = _workbook()
    page.context.add_init_script(path=str(AXE))
    browser_login(portfolio_office)
    page.goto(reverse("imports:import_home"))
    expect(page.get_by_role("heading", name="Import fra Excel eller CSV", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Mal for Forslag (.xlsx)")).to_be_visible()

    # A file with the wrong columns: the form again, with the message, nothing kept
    page.get_by_label("Forslag", exact=True).check()
    page.get_by_label("Fil", exact=True).set_input_files(
        {"name": "feil.csv", "mimeType": "text/csv", "buffer": b"id;navn\n1;x\n"}
    )
    page.get_by_role("button", name="Last opp og prøvekjør").click()
    expect(page.get_by_text("Ukjente kolonner: id, navn.").first).to_be_visible()
    _axe_clean(page)

    page.get_by_label("Forslag", exact=True).check()
    page.get_by_label("Fil", exact=True).set_input_files(
        {"name": "forslag.xlsx", "mimeType": "application/octet-stream", "buffer": content}
    )
    page.get_by_role("button", name="Last opp og prøvekjør").click()
    expect(page.get_by_role("heading", name="Import av forslag.xlsx", level=1)).to_be_visible()
    result = page.get_by_role("heading", name="Prøvekjøring: hva importen vil gjøre")
    expect(result).to_be_visible()
    table = page.get_by_role("table")
    expect(table).to_contain_text("Kolonne D (organisation): Ukjent organisasjon «Finnes ikke AS»")
    expect(table).to_contain_text("Kolonne F (estimated_cost): «mye» er ikke et helt tall.")
    expect(table).to_contain_text("Kolonne C (need): Cellen inneholder en formel.")
    expect(table).to_contain_text("Kolonne E (life_events): Ukjent livshendelse «Månelanding»")
    assert not Proposal.objects.exists()
    _axe_clean(page)

    page.get_by_role("button", name="Importer 2 rader").click()
    expect(page.get_by_role("heading", name="Resultatet av importen")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_be_focused()  # the whole page, focus on its heading
    expect(page.get_by_test_id("import-counts")).to_contain_text("Ny: 2")
    assert sorted(Proposal.objects.values_list("external_id", flat=True)) == ["x-1", "x-2"]

    # The same file again: nothing to create or change
    page.goto(reverse("imports:import_home"))
    page.get_by_label("Forslag", exact=True).check()
    page.get_by_label("Fil", exact=True).set_input_files(
        {"name": "forslag.xlsx", "mimeType": "application/octet-stream", "buffer": content}
    )
    page.get_by_role("button", name="Last opp og prøvekjør").click()
    expect(page.get_by_text("Den samme filen ble importert")).to_be_visible()
    expect(page.get_by_test_id("import-counts")).to_contain_text("Uendret: 2")
    expect(page.get_by_test_id("import-counts")).to_contain_text("Ny: 0")
