"""Issue 19's findings that had no test of their own: a line break in a title once made submit, triage and the answer
to a question 500 after saving (the e-mail header); downloads, not only pages, must never be kept by a browser or a
proxy (`Cache-Control: no-store`)."""

import pytest
from django.core import mail
from django.urls import reverse

from portfolio.models import Proposal
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import AttachmentFactory, ProposalFactory

TITLE = "Bedre\r\nBcc: x@example.com"


@pytest.fixture
def hostile(agency_staff, asd):
    return ProposalFactory(
        organisation=agency_staff.organisation,
        created_by=agency_staff,
        status="draft",
        title=TITLE,
        expected_benefits="Mindre tid på søknader.",
        beneficiaries="Foreldre.",
        life_events=[LifeEventFactory(owner_ministry=asd)],
    )


@pytest.mark.django_db(transaction=True)
def test_a_title_with_a_line_break_is_submitted_triaged_and_answered_with_one_line_subjects(
    client, hostile, agency_staff, portfolio_office
):
    client.force_login(agency_staff)
    assert client.post(reverse("portfolio:proposal_submit", args=[hostile.pk])).status_code == 302
    assert Proposal.objects.get(pk=hostile.pk).status == "submitted"

    client.force_login(portfolio_office)
    assert client.post(reverse("portfolio:proposal_triage", args=[hostile.pk])).status_code == 302
    assert Proposal.objects.get(pk=hostile.pk).status == "harmonising"
    url = reverse("portfolio:message_post", args=[hostile.pk])
    assert client.post(url, {"kind": "question", "body": "Hvem er brukerne?"}).status_code == 302

    client.force_login(agency_staff)
    response = client.post(url, {"kind": "answer", "body": "Foreldre med små barn."})
    assert response.status_code == 302
    assert hostile.messages.filter(kind="answer").exists()
    assert mail.outbox, "the steps e-mail someone"
    for message in mail.outbox:  # each subject is one line: no header can be smuggled in
        assert "\n" not in message.subject and "\r" not in message.subject
        assert "x@example.com" not in message.bcc


@pytest.mark.django_db
def test_an_attachment_download_is_never_stored(client, agency_staff):
    attachment = AttachmentFactory(proposal=ProposalFactory(organisation=agency_staff.organisation,
                                                            created_by=agency_staff, status="draft"))  # fmt: skip
    client.force_login(agency_staff)
    response = client.get(reverse("portfolio:attachment_download", args=[attachment.proposal_id, attachment.pk]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["Content-Disposition"].startswith("attachment;")
