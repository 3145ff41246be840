"""Moving cards on the office's board in Chromium, by keyboard (each card's "Flytt" menu) and by pointer (dragging a
card to another column), through the same rule and service: the move ends on the whole board with focus on the
moved card and the outcome read out; a column the card may not go to refuses the drop and says so."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portfolio.models import Proposal
from tests.browser.test_keyboard import tab_to
from tests.factories.portfolio import ProposalFactory

pytestmark = pytest.mark.browser

WIDTHS = [1440, 390, 320]
HEADING = "Porteføljekontorets tavle"
MOVED = "«Ett varsel for alle» er flyttet til: 2 Harmonisere og kvalifisere."


def assert_board_with_focus_on_the_moved_card(page, proposal):
    """The whole board, the outcome read out, and focus on the moved card in its new column."""
    card = page.locator(f'[data-board-column="harmonising"] #card-{proposal.pk}')
    expect(card).to_be_focused()
    expect(page.get_by_role("heading", level=1, name=HEADING)).to_be_visible()
    expect(page.locator("header.portal-header")).to_have_count(1)
    expect(page.locator("footer")).to_have_count(1)
    assert HEADING in page.title()
    expect(page.locator("#portal-status")).to_contain_text(MOVED)


@pytest.mark.parametrize("width", WIDTHS)
def test_by_keyboard_the_move_menu_takes_a_card_into_step_2(page, browser_login, portfolio_office, nav, width):
    proposal = ProposalFactory(organisation=nav, status="submitted", title="Ett varsel for alle")
    page.set_viewport_size({"width": width, "height": 844})
    browser_login(portfolio_office)
    page.goto(reverse("portfolio:board"))
    menu = page.locator(f"#card-{proposal.pk} summary")
    tab_to(page, menu)
    page.keyboard.press("Enter")  # opens the menu
    move = page.get_by_role("button", name="Ta inn i steg 2: harmonisere og kvalifisere")
    tab_to(page, move)
    page.keyboard.press("Enter")
    assert_board_with_focus_on_the_moved_card(page, proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == "harmonising"


def test_by_pointer_a_card_is_dragged_to_the_next_column(page, browser_login, portfolio_office, nav):
    proposal = ProposalFactory(organisation=nav, status="submitted", title="Ett varsel for alle")
    page.set_viewport_size({"width": 1440, "height": 900})
    browser_login(portfolio_office)
    page.goto(reverse("portfolio:board"))
    card = page.locator(f"#card-{proposal.pk}")
    card.drag_to(page.locator('[data-board-column="decided"]'))  # not a move the card can make
    expect(page.locator("#portal-alert")).to_contain_text("Dette kortet kan ikke flyttes til den kolonnen nå.")
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"
    card.drag_to(page.locator('[data-board-column="harmonising"]'))
    assert_board_with_focus_on_the_moved_card(page, proposal)
    assert Proposal.objects.get(pk=proposal.pk).status == "harmonising"


def test_by_pointer_a_move_that_needs_its_form_opens_the_form(page, browser_login, portfolio_office, nav):
    proposal = ProposalFactory(organisation=nav, status="assessing", title="Ett varsel for alle")
    page.set_viewport_size({"width": 1440, "height": 900})
    browser_login(portfolio_office)
    page.goto(reverse("portfolio:board"))
    page.locator(f"#card-{proposal.pk}").drag_to(page.locator('[data-board-column="deciding"]'))
    page.wait_for_url(f"**{reverse('decisions:proposal_decide', args=[proposal.pk])}")
    assert Proposal.objects.get(pk=proposal.pk).status == "assessing"  # nothing is decided without the form
