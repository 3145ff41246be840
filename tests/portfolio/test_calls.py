"""Calls for proposals decide what happens to a draft submitted after their deadline (refused with the reason, or
accepted and marked late for the office); two people editing the same call do not overwrite each other."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from core.models import AuditEvent
from portfolio.services import intake
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import CallForProposalsFactory, ProposalFactory


def _draft_for(call, agency_staff):
    return ProposalFactory(
        organisation=agency_staff.organisation,
        created_by=agency_staff,
        status="draft",
        call=call,
        expected_benefits="Mindre dobbeltarbeid.",
        beneficiaries="Foreldre.",
    )


def _past_call(**extra):
    today = timezone.localdate()
    return CallForProposalsFactory(
        opens_at=today - datetime.timedelta(days=30), deadline=today - datetime.timedelta(days=1), **extra
    )


def test_a_call_refusing_late_proposals_says_why_and_keeps_the_draft(agency_staff):
    draft = _draft_for(_past_call(late_submissions="refuse"), agency_staff)
    with pytest.raises(ValidationError) as exc:
        intake.proposal_submit(proposal=draft, by=agency_staff)
    assert "call" in exc.value.message_dict
    assert "tar ikke imot forslag etter fristen" in exc.value.message_dict["call"][0]
    draft.refresh_from_db()
    assert draft.status == "draft" and not draft.submitted_late


def test_a_call_accepting_late_proposals_marks_them_for_the_office(client, agency_staff, portfolio_office):
    draft = _draft_for(_past_call(late_submissions="accept_marked"), agency_staff)
    intake.proposal_submit(proposal=draft, by=agency_staff)
    draft.refresh_from_db()
    assert draft.status == "submitted" and draft.submitted_late
    assert AuditEvent.objects.filter(action="portfolio.proposal.submitted_late", object_id=str(draft.pk)).exists()
    client.force_login(portfolio_office)
    board = client.get(reverse("portfolio:board")).content.decode()
    card = board[board.index(f'data-testid="card-{draft.pk}"') :]
    assert "Sendt inn etter fristen" in card[: card.index("</li>")]
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-testid="submitted-late"' in page


def test_on_time_is_not_late_and_a_closed_call_refuses(agency_staff):
    on_time = _draft_for(CallForProposalsFactory(late_submissions="refuse"), agency_staff)
    intake.proposal_submit(proposal=on_time, by=agency_staff)
    on_time.refresh_from_db()
    assert on_time.status == "submitted" and not on_time.submitted_late
    closed = _draft_for(
        CallForProposalsFactory(late_submissions="accept_marked", closed_at=timezone.now()), agency_staff
    )
    with pytest.raises(ValidationError) as exc:
        intake.proposal_submit(proposal=closed, by=agency_staff)
    assert "call" in exc.value.message_dict


def test_a_stale_call_edit_is_refused_and_changes_nothing(portfolio_office):
    call = CallForProposalsFactory(life_event=LifeEventFactory())
    data = {"title": "Ny tittel", "late_submissions": "accept_marked"}
    intake.call_update(call=call, data={"title": "Kollegaens tittel"}, by=portfolio_office, version=1)
    call.refresh_from_db()
    assert call.version == 2
    with pytest.raises(ValidationError) as exc:
        intake.call_update(call=call, data=data, by=portfolio_office, version=1)
    assert exc.value.code == "conflict"
    call.refresh_from_db()
    assert (call.title, call.late_submissions) == ("Kollegaens tittel", "refuse")


def test_the_call_form_carries_its_version(client, portfolio_office):
    call = CallForProposalsFactory(life_event=LifeEventFactory())
    client.force_login(portfolio_office)
    url = reverse("portfolio:call_edit", args=[call.pk])
    assert 'name="version"' in client.get(url).content.decode()
    intake.call_update(call=call, data={"title": "Endret av en annen"}, by=portfolio_office, version=1)
    form = {
        "title": "Mitt forslag",
        "question": call.question,
        "life_event": call.life_event_id,
        "opens_at": call.opens_at.isoformat(),
        "deadline": call.deadline.isoformat(),
        "late_submissions": "refuse",
        "version": 1,
    }
    response = client.post(url, form)
    assert response.status_code == 422
    call.refresh_from_db()
    assert call.title == "Endret av en annen"
