"""A rich proposal's page reads the same number of queries as a bare one's (issue 17: at most 10 a page): a proposal
from a call for proposals with its answers (one exempt, one a file, one left unanswered, one retired), attachments,
two proposals merged into it, a thread with an internal note, exemptions from public access, in step 2 (the office
gets the qualify and facilitator forms and the overlap hints). Pinned for each role that sees different parts: the
office, the agency staff who submitted it, a ministry official of its life event (who reads it redacted)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from portfolio.models import Proposal
from portfolio.models.public_access import answer_key
from portfolio.services import attachments, call_intake, merge, messages, transitions
from portfolio.services import public_access as public_access_services
from tests.factories.core import OrganisationFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import (
    PDF_BYTES,
    CallForProposalsFactory,
    MeasureFactory,
    MissionFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db

WITHHELD = "Unntatt offentlighet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _basis(part):
    return {"part": part, "legal_basis": "14", "reason": "Internt arbeidsdokument.",
            "review_date": timezone.localdate() + datetime.timedelta(days=365)}  # fmt: skip


def _pdf(name, extra=b""):
    return SimpleUploadedFile(name, PDF_BYTES + extra, content_type="application/pdf")


@pytest.fixture
def rich(nav, asd, agency_staff, portfolio_office, other_agency):
    event = LifeEventFactory(owner_ministry=asd)  # the ministry official's life event: they may read the proposal
    call = CallForProposalsFactory(title="Færre skjema", life_event=event)
    add = call_intake.call_question_add
    registers, number, plan, _unanswered, retired = (
        add(call=call, by=portfolio_office, data={"label": "Hvilke registre?", "kind": "text"}),
        add(call=call, by=portfolio_office, data={"label": "Antall brukere", "kind": "number", "sort_order": 2}),
        add(call=call, by=portfolio_office, data={"label": "Prosjektplan", "kind": "file", "sort_order": 3}),
        add(call=call, by=portfolio_office, data={"label": "Ubesvart spørsmål", "kind": "text", "sort_order": 4}),
        add(call=call, by=portfolio_office, data={"label": "Utgått spørsmål", "kind": "text", "sort_order": 5}),
    )
    call_intake.call_question_retire(question=retired, by=portfolio_office)
    proposal = ProposalFactory(title="Rikt forslag", organisation=nav, created_by=agency_staff, status="draft",
                               life_events=[event], call=call)  # fmt: skip
    proposal.missions.add(MissionFactory(title="Sammenhengende tjenester", life_events=[event]))
    proposal.partners.add(other_agency)
    answers = {registers.pk: "Folkeregisteret", number.pk: "42", plan.pk: _pdf("plan.pdf")}
    call_intake.call_answers_save(proposal=proposal, by=agency_staff, answers=answers)
    attachments.attachment_add(proposal=proposal, upload=_pdf("notat.pdf", b"1"), by=agency_staff)
    Proposal.objects.filter(pk=proposal.pk).update(status="submitted")  # answered as a draft, now submitted
    proposal.refresh_from_db()
    transitions.proposal_transition(proposal=proposal, to="harmonising", by=portfolio_office, reason="Tatt inn")
    for i in range(2):
        other = ProposalFactory(title=f"Likt forslag {i}", organisation=OrganisationFactory(), status="harmonising",
                                life_events=[event], need=proposal.need)  # fmt: skip
        merge.proposal_merge(proposal=other, into=proposal, by=portfolio_office, reason="Samme behov")
    proposal.refresh_from_db()
    question = messages.message_post(proposal=proposal, kind="question", body="Hvem er med?", by=portfolio_office)
    messages.message_post(proposal=proposal, kind="answer", body="Oss og Skatt.", by=agency_staff, parent=question)
    messages.message_post(proposal=proposal, kind="internal", body="Ring dem i morgen", by=portfolio_office)
    for part in ("need", answer_key(registers.pk)):
        public_access_services.exemption_add(record=proposal, data=_basis(part), by=agency_staff)
    return proposal


def _page(client, user, proposal, limit, django_assert_max_num_queries) -> str:
    client.force_login(user)
    client.get(proposal.get_absolute_url())  # the session's and the language's set-up are not the page's own
    with django_assert_max_num_queries(limit):
        response = client.get(proposal.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _rich_parts(body: str) -> None:
    """What every reader of the page gets: the merged proposals, the attachments, the answers (the unanswered
    question with a dash, not the retired one), the exemptions panel and the thread."""
    for text in ("Likt forslag 0", "Likt forslag 1", "notat.pdf", "Antall brukere</dt>", ">42<", "plan.pdf",
                 "Ubesvart spørsmål</dt><dd>—</dd>", "Svar: Hvilke registre?", "Hvem er med?",
                 "Oss og Skatt."):  # fmt: skip
        assert text in body, text
    assert "Utgått spørsmål" not in body


def test_the_office_page(client, rich, portfolio_office, django_assert_max_num_queries):
    # 10, the most of issue 17: the session, the user and their second factor; the proposal with the proposals
    # merged into it, its attachments, step changes and audit trail; its exemptions, its call's questions with its
    # answers, thread (the 6 the submitter's page reads, and the second factor); the facilitators to choose from; the
    # overlap hints' measures and proposals
    body = _page(client, portfolio_office, rich, 10, django_assert_max_num_queries)
    _rich_parts(body)
    assert "Folkeregisteret" in body and WITHHELD not in body.split('id="audit-heading"')[0]
    assert "Ring dem i morgen" in body  # the internal notes
    assert 'id="qualify"' in body and 'id="facilitator"' in body and 'data-testid="overlap"' in body


def test_the_submitters_page(client, rich, agency_staff, django_assert_max_num_queries):
    body = _page(client, agency_staff, rich, 6, django_assert_max_num_queries)
    _rich_parts(body)
    assert "Folkeregisteret" in body  # its own agency reads what is exempt
    assert "Ring dem i morgen" not in body and 'id="qualify"' not in body and 'data-testid="overlap"' not in body


def test_the_ministrys_page(client, rich, ministry_official, django_assert_max_num_queries):
    body = _page(client, ministry_official, rich, 6, django_assert_max_num_queries)
    _rich_parts(body)
    assert "Folkeregisteret" not in body and rich.need not in body.split("Likt forslag 0")[0]
    assert WITHHELD in body  # the exempt need and answer: their legal basis
    assert "Ring dem i morgen" not in body and 'id="qualify"' not in body


def test_the_titles_of_its_call_related_measure_and_merge_target(client, rich, portfolio_office):
    """The page prints the titles of its call, its related measure and the proposal it was merged into, read as
    columns with the proposal (not as objects): the call's title, a link to the measure and, on a merged proposal's
    page, a link to the public part of the proposal it was merged into, its title in the timeline and in the undo
    form."""
    measure = MeasureFactory(title="Tiltak & co")
    Proposal.objects.filter(pk=rich.pk).update(related_measure=measure)
    client.force_login(portfolio_office)
    body = client.get(rich.get_absolute_url()).content.decode()
    assert "<dd>Færre skjema</dd>" in body
    assert f'<a class="ds-link" href="{measure.get_absolute_url()}">Tiltak &amp; co</a>' in body
    merged = Proposal.objects.filter(merged_into=rich).order_by("pk").first()
    body = client.get(merged.get_absolute_url()).content.decode()
    public = reverse("portfolio:proposal_public", args=[rich.pk])
    assert f'<a class="ds-link" href="{public}">{escape(rich.title)}</a>' in body
    assert f"Slått sammen med: {escape(rich.title)}" in body and f"«{escape(rich.title)}»" in body
