"""Moving cards on the office's board: each card's "Flytt" menu lists only the moves the policy allows now (the
workflow's moves to another column); the move the board makes itself (taking a submitted proposal into step 2) posts
through the triage service, the others link to their forms; a refused move answers 4xx and changes nothing."""

import pytest
from django.urls import reverse

from core.models import Notification
from portfolio.models import Proposal
from portfolio.queries.board_moves import moves_for
from tests.factories.portfolio import ProposalFactory

pytestmark = pytest.mark.django_db


def test_each_card_offers_only_the_moves_the_policy_allows_now(agency_staff, portfolio_office, nav):
    submitted = ProposalFactory(organisation=nav, status="submitted")
    harmonising = ProposalFactory(organisation=nav, status="harmonising")
    assessing = ProposalFactory(organisation=nav, status="assessing")
    decided = ProposalFactory(organisation=nav, status="decided")
    assert [(m["action"], m["post_to"]) for m in moves_for(portfolio_office, submitted)] == [("triage", "harmonising")]
    (qualify,) = moves_for(portfolio_office, harmonising)
    assert qualify["url"] == reverse("portfolio:proposal_detail", args=[harmonising.pk]) + "#qualify"
    assert set(qualify["to"]) == {"assessing"} and not qualify["post_to"]  # not-qualified and merged are off the board
    (decide,) = moves_for(portfolio_office, assessing)
    assert decide["url"] == reverse("decisions:proposal_decide", args=[assessing.pk]) and decide["to"] == ("deciding",)
    assert moves_for(portfolio_office, decided) == []  # the last column: nowhere to go on the board
    assert moves_for(agency_staff, submitted) == []  # the rule says who: only the office moves cards


def test_the_board_shows_the_move_menu_on_each_card(client, portfolio_office, nav):
    submitted = ProposalFactory(organisation=nav, status="submitted", title="Ett varsel for alle")
    ProposalFactory(organisation=nav, status="decided", title="Ferdig besluttet")
    client.force_login(portfolio_office)
    html = client.get(reverse("portfolio:board")).content.decode()
    card = html[html.index(f'id="card-{submitted.pk}"') :]
    card = card[: card.index("</details>")]
    assert 'draggable="true"' in card and "Flytt" in card
    assert f'action="{reverse("portfolio:board_move", args=[submitted.pk])}"' in card
    assert 'name="to" value="harmonising"' in card and "Ta inn i steg 2" in card
    assert 'data-board-column="submitted"' in html and 'data-board-column="decided"' in html
    decided_card = html[html.index("Ferdig besluttet") :]
    assert "data-board-moves" not in decided_card[: decided_card.index("</li>")]


def test_moving_a_card_into_step_2_goes_through_triage(client, portfolio_office, agency_staff, nav):
    proposal = ProposalFactory(organisation=nav, status="submitted", created_by=agency_staff, title="Ett varsel")
    client.force_login(portfolio_office)
    response = client.post(reverse("portfolio:board_move", args=[proposal.pk]), {"to": "harmonising"})
    assert response.status_code == 302 and response["Location"] == reverse("portfolio:board") + f"#card-{proposal.pk}"
    proposal.refresh_from_db()
    assert proposal.status == "harmonising" and proposal.facilitator == portfolio_office
    assert proposal.transitions.get(to_status="harmonising").by == portfolio_office
    page = client.get(response["Location"]).content.decode().replace("“", "«").replace("”", "»")
    assert "«Ett varsel» er flyttet til: 2 Harmonisere og kvalifisere." in page


def test_a_move_the_board_does_not_make_is_refused_with_a_message(client, portfolio_office, nav):
    proposal = ProposalFactory(organisation=nav, status="harmonising")
    client.force_login(portfolio_office)
    response = client.post(reverse("portfolio:board_move", args=[proposal.pk]), {"to": "assessing"})
    assert response.status_code == 422
    assert "Dette flyttet gjøres ikke på tavla" in response.content.decode()
    assert "<h1" in response.content.decode()  # the whole board, with its heading
    assert Proposal.objects.get(pk=proposal.pk).status == "harmonising"


def test_a_card_that_has_moved_meanwhile_answers_409(client, portfolio_office, nav):
    proposal = ProposalFactory(organisation=nav, status="assessing")
    client.force_login(portfolio_office)
    response = client.post(reverse("portfolio:board_move", args=[proposal.pk]), {"to": "harmonising"})
    assert response.status_code == 409
    assert Proposal.objects.get(pk=proposal.pk).status == "assessing"


def test_only_the_office_moves_cards(client, agency_staff, nav):
    proposal = ProposalFactory(organisation=nav, status="submitted", created_by=agency_staff)
    client.force_login(agency_staff)
    response = client.post(reverse("portfolio:board_move", args=[proposal.pk]), {"to": "harmonising"})
    assert response.status_code == 403
    assert Proposal.objects.get(pk=proposal.pk).status == "submitted"
    assert not Notification.objects.exists()
