"""No template decides from a status string or a role what a user may do: for every status of a proposal (and of a
measure) and every persona, the actions its page offers are exactly the policy's answers (`core.access.can`), and
the menu's links are the policy's class-level answers."""

import pytest
from django.urls import reverse

from core import access
from portfolio.choices import MeasureStatus, ProposalStatus
from portfolio.models import Measure, Proposal
from portfolio.services import measures
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import MeasureFactory, ProposalFactory

# What the page offers for each action: the URL its link or form leads to.
OFFERS = {
    "change": "portfolio:proposal_edit",
    "attach": "portfolio:attachment_upload",
    "submit": "portfolio:proposal_submit",
    "withdraw": "portfolio:proposal_withdraw",
    "triage": "portfolio:proposal_triage",
    "assign_facilitator": "portfolio:facilitator_assign",
    "qualify": "portfolio:proposal_qualify",
    "unmerge": "portfolio:proposal_unmerge",
    "decide": "decisions:proposal_decide",
    "see_scoring": "portfolio:proposal_scoring",
}
PERSONAS = ("agency_staff", "other_agency_staff", "portfolio_office", "ministry_official", "admin_user")


def _proposal(status: str, organisation, ministry) -> Proposal:
    life_event = LifeEventFactory(owner_ministry=ministry)
    extra = {}
    if status == ProposalStatus.MERGED:
        extra["merged_into"] = ProposalFactory(organisation=organisation, status="harmonising")
    return ProposalFactory(organisation=organisation, status=status, life_events=[life_event], **extra)


@pytest.mark.parametrize("status", ProposalStatus.values)
def test_the_proposal_page_offers_what_the_policy_allows(request, client, status, agency_staff, ministry_official):
    proposal = _proposal(status, agency_staff.organisation, ministry_official.organisation)
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        client.force_login(user)
        response = client.get(reverse("portfolio:proposal_detail", args=[proposal.pk]))
        if not Proposal.objects.visible_to(user).filter(pk=proposal.pk).exists():
            assert response.status_code == 404, (status, persona)
            continue
        assert response.status_code == 200, (status, persona)
        body = response.content.decode()
        offered = {action for action, name in OFFERS.items() if reverse(name, args=[proposal.pk]) in body}
        allowed = {action for action in OFFERS if access.can(user, action, proposal)}
        assert offered == allowed, f"{status} as {persona}: offered {sorted(offered)}, allowed {sorted(allowed)}"


def test_the_policy_follows_the_workflow_not_the_role_alone(portfolio_office, agency_staff):
    """ "Decide" is the office *and* a decidable proposal; the owner's staff edit and submit only drafts."""
    decidable = {s for s in ProposalStatus.values if access.can(portfolio_office, "decide", Proposal(status=s))}
    assert decidable == {"assessing", "deciding"}
    own = agency_staff.organisation_id
    editable = {
        s for s in ProposalStatus.values if access.can(agency_staff, "change", Proposal(status=s, organisation_id=own))
    }
    assert editable == {"draft"}
    assert access.can(portfolio_office, "decide", Proposal) and not access.can(agency_staff, "decide", Proposal)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_menu_shows_what_the_policy_allows(request, client, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    menu = body.split('class="portal-nav"', 1)[1].split("</nav>", 1)[0]
    expected = {
        "portfolio:board": access.can(user, "board", Proposal),
        "portfolio:proposal_create": access.can(user, "create", Proposal),
        "portfolio:review_queue": access.can(user, "score", Proposal),
    }
    shown = {name: f'href="{reverse(name)}"' in menu for name in expected}
    assert shown == expected
    if access.can(user, "board", Proposal):  # an administrator too: the menu and the board agree
        assert client.get(reverse("portfolio:board")).status_code == 200


# What a measure's page offers for each action (its forms and links), for every status of the measure × persona.
MEASURE_OFFERS = {
    "move": "portfolio:measure_move",
    "terminate": "portfolio:measure_terminate",
    "revive": "portfolio:measure_revive",
    "learn": "portfolio:learning_add",
}


@pytest.mark.parametrize("status", MeasureStatus.values)
def test_the_measure_page_offers_what_the_policy_allows(request, client, status, agency_staff, ministry_official):
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    measure = MeasureFactory(owner=agency_staff.organisation, status=status, life_events=[life_event])
    for persona in PERSONAS:
        user = request.getfixturevalue(persona)
        client.force_login(user)
        response = client.get(measure.get_absolute_url())
        if not Measure.objects.visible_to(user).filter(pk=measure.pk).exists():
            assert response.status_code == 404, (status, persona)
            continue
        assert response.status_code == 200, (status, persona)
        body = response.content.decode()
        offered = {action for action, name in MEASURE_OFFERS.items() if reverse(name, args=[measure.pk]) in body}
        allowed = {action for action in MEASURE_OFFERS if access.can(user, action, measure)}
        if not any(measures.allowed_targets(measure, field) for field in measures.MOVABLE_FIELDS):
            allowed.discard("move")  # nowhere to move to: no form (the ladder's table, not the template, says so)
        assert offered == allowed, f"{status} as {persona}: offered {sorted(offered)}, allowed {sorted(allowed)}"
