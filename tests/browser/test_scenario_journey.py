"""Budget scenarios in Chromium: the office sets up two budgets, compares the scenarios side by side and shares one
with a ministry (ASD), whose official then opens it from the menu and sees its selection, but cannot change it."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from governance.scenario_models import Scenario
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import (
    CriterionFactory,
    MeasureFactory,
    ProposalFactory,
    ReviewAssignmentFactory,
    ScoreFactory,
)

pytestmark = pytest.mark.browser


def _scored_proposal(title: str, cost: int, value: int, life_event):
    from django.utils import timezone

    criterion = CriterionFactory(name="Brukernytte", axis="potential", weight=2)
    proposal = ProposalFactory(title=title, status="assessing", estimated_cost=cost, life_events=[life_event])
    assignment = ReviewAssignmentFactory(proposal=proposal, submitted_at=timezone.now())
    ScoreFactory(assignment=assignment, criterion=criterion, value=value)
    return proposal


def _new_scenario(page, name: str, budget: str, must_stay: str) -> Scenario:
    page.goto(reverse("governance:scenario_list"))
    page.get_by_role("link", name="Nytt scenario").click()
    expect(page.get_by_role("heading", name="Nytt budsjettscenario")).to_be_visible()
    page.get_by_label("Navn").fill(name)
    page.get_by_label("Penger per år (kroner)").fill(budget)
    page.get_by_label("Tiltak som må bli med").select_option(label=must_stay)
    page.get_by_role("button", name="Lagre og løs").click()
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Utvalget")).to_be_visible()  # solved in the worker, polled in place
    return Scenario.objects.get(name=name)


def test_office_compares_two_budgets_and_shares_one_with_a_ministry(
    page, browser_login, portfolio_office, ministry_official, nav
):
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation, name_nb="Alvorlig sykt barn")
    MeasureFactory(title="Digital søknad om pleiepenger", owner=nav, budget=1_000_000, life_events=[life_event])
    _scored_proposal("Felles saksmappe", 1_500_000, 5, life_event)
    _scored_proposal("Varsel til foreldre", 800_000, 3, life_event)

    browser_login(portfolio_office)
    tight = _new_scenario(page, "Stramt 2027", "2027: 1 900 000", "Digital søknad om pleiepenger")
    expect(page.locator("#scenario-result")).to_contain_text("Varsel til foreldre")
    expect(page.locator("#scenario-result")).to_contain_text("Bevist optimalt")
    wide = _new_scenario(page, "Romslig 2027", "2027: 2 600 000", "Digital søknad om pleiepenger")
    expect(page.get_by_role("figure")).to_be_visible()  # the frontier chart, with its table after it
    expect(page.get_by_role("table", name="Budsjetttrinn")).to_be_visible()

    # Side by side.
    page.goto(reverse("governance:scenario_list"))
    page.get_by_label("Første scenario").select_option(label=tight.name)
    page.get_by_label("Andre scenario").select_option(label=wide.name)
    page.get_by_role("button", name="Sammenlign").click()
    expect(page.get_by_role("heading", name="Sammenlign to scenarioer")).to_be_visible()
    left = page.get_by_role("region", name=tight.name)
    right = page.get_by_role("region", name=wide.name)
    expect(left).to_contain_text("Varsel til foreldre")
    expect(right).to_contain_text("Felles saksmappe")
    expect(page.get_by_role("region", name="Valgt i begge")).to_contain_text("Digital søknad om pleiepenger")

    # Share the wide one with ASD, and recommend it.
    page.get_by_role("link", name=wide.name).click()
    page.get_by_label(ministry_official.organisation.name).check()
    page.get_by_role("button", name="Lagre deling").click()
    expect(page.locator("#messages").get_by_text("Hvem scenarioet er delt med, er lagret.")).to_be_visible()
    page.get_by_label("Anbefaling til styringsdialogen").fill("Finansier felles saksmappe i 2027.")
    page.get_by_role("button", name="Lagre anbefalingen").click()
    expect(page.get_by_role("heading", name="Kontorets anbefaling til styringsdialogen")).to_be_visible()

    # The ministry opens it from the menu; the other scenario is not there, and nothing can be changed.
    page.context.clear_cookies()
    browser_login(ministry_official)
    page.goto("/")
    page.get_by_role("link", name="Budsjettscenarioer").first.click()
    expect(page.get_by_role("link", name=tight.name)).to_have_count(0)
    page.get_by_role("link", name=wide.name).click()
    expect(page).to_have_url(re.compile(rf"/styring/scenarioer/{wide.pk}/$"))
    expect(page.get_by_role("heading", name="Utvalget")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Felles saksmappe")
    expect(page.locator("main")).to_contain_text("Finansier felles saksmappe i 2027.")
    expect(page.get_by_role("link", name="Endre scenarioet")).to_have_count(0)
    expect(page.get_by_role("button", name="Lagre deling")).to_have_count(0)
