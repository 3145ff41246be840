"""Strategic drivers in Chromium: the office defines two drivers, weighs them by pairwise comparison, scores a
proposal against them and sees it climb the priorities; then opens the roadmap from the menu, filters it, finds the
same proposal in the table (the phone view: at 390 px the timeline gives way to the table) and downloads it."""

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from governance.driver_models import DriverWeighting
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import (
    CriterionFactory,
    MeasureFactory,
    ProposalFactory,
    ReviewAssignmentFactory,
    ScoreFactory,
)

pytestmark = pytest.mark.browser


def _assessed(title: str, value: int, life_event):
    criterion = CriterionFactory(name=f"Brukernytte {title}", axis="potential", weight=1)
    proposal = ProposalFactory(title=title, status="assessing", life_events=[life_event], submitted_at=timezone.now())
    ScoreFactory(assignment=ReviewAssignmentFactory(proposal=proposal, submitted_at=timezone.now()),
                 criterion=criterion, value=value)  # fmt: skip
    return proposal


def _new_driver(page, name: str) -> None:
    page.get_by_role("link", name="Ny driver").click()
    expect(page.get_by_role("heading", name="Ny strategisk driver", level=1)).to_be_visible()
    page.get_by_label("Navn").fill(name)
    page.get_by_role("button", name="Lagre driveren").click()
    expect(page.get_by_role("heading", name="Strategiske drivere", level=1)).to_be_visible()


@pytest.mark.parametrize("width", [1440, 390])
def test_drivers_change_the_ranking_and_the_roadmap_shows_the_plan(page, browser_login, portfolio_office, nav, width):
    page.set_viewport_size({"width": width, "height": 900})
    job = LifeEventFactory(slug="miste-og-finne-jobb", name_nb="Miste og finne jobb")
    other = LifeEventFactory(slug="starte-bedrift", name_nb="Starte og drive en bedrift")
    MeasureFactory(title="Jobbmatch", owner=nav, life_events=[job], kind="experiment",
                   start_date=timezone.localdate().replace(month=1, day=1))  # fmt: skip
    MeasureFactory(title="Samlet innkreving", owner=nav, life_events=[other])
    _assessed("Felles saksmappe", 5, job)
    _assessed("Digital dialog", 3, job)

    browser_login(portfolio_office)
    page.goto(reverse("governance:priority_list"))
    expect(page.locator("tbody tr").first).to_contain_text("Felles saksmappe")  # the rubric alone

    page.get_by_role("link", name="Strategiske drivere").click()
    _new_driver(page, "Misjonsbidrag")
    _new_driver(page, "Hast")
    page.get_by_role("link", name="Vekt ved parvis sammenligning").click()
    expect(page.get_by_role("heading", name="Vekt driverne ved parvis sammenligning")).to_be_visible()
    page.get_by_label("Vurderingsskjemaets andel av prioritetsverdien (%)").fill("20")
    page.get_by_label("«Hast» mot «Misjonsbidrag»").select_option(label="Misjonsbidrag er mye viktigere")
    page.get_by_role("button", name="Lagre som ny versjon").click()
    expect(page.locator("#messages").get_by_text("Versjon 1 av vektene er lagret.")).to_be_visible()
    expect(page.get_by_role("cell", name="83,3 %")).to_be_visible()  # the principal eigenvector of (5, 1/5)
    assert DriverWeighting.objects.get().method == "pairwise"

    page.goto(reverse("governance:priority_list"))
    page.get_by_role("link", name="Gi poeng til Digital dialog mot driverne").click()
    page.get_by_label("Misjonsbidrag").select_option("5")
    page.get_by_label("Hast").select_option("4")
    page.get_by_role("button", name="Lagre poengene").click()
    expect(page.locator("#messages").get_by_text("Poengene mot driverne er lagret.")).to_be_visible()
    first = page.locator("tbody tr").first
    expect(first).to_contain_text("Digital dialog")  # 0.2 × 3 + 0.8 × 4.83 beats 0.2 × 5
    expect(first).to_contain_text("Misjonsbidrag 5, Hast 4")

    page.goto(reverse("governance:roadmap"))
    expect(page.get_by_role("heading", name="Veikart", level=1)).to_be_visible()
    timeline = page.get_by_role("img", name="Veikart")
    if width >= 1000:
        expect(timeline).to_be_visible()
    else:
        expect(timeline).to_be_hidden()  # the table is the phone view
    page.get_by_label("Livshendelse").select_option(label="Miste og finne jobb")
    page.get_by_role("button", name="Vis").press("Enter")  # by keyboard
    table = page.get_by_role("table", name="Miste og finne jobb")
    expect(table.get_by_role("link", name="Digital dialog")).to_be_visible()
    expect(table.get_by_role("link", name="Jobbmatch")).to_be_visible()
    expect(page.get_by_role("link", name="Samlet innkreving")).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="Last ned veikartet (CSV)").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert "Jobbmatch" in text and "Samlet innkreving" not in text
