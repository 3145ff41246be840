"""Intake per call (issue 22): the office adds its own questions (text, choice, number, file) and rubric criteria to
a call; a proposal under the call answers them in its intake form (a required one before it is submitted; nothing
saved when refused); the proposal page shows the answers, the list export has them as columns, the list's search
finds a proposal by a text answer, and the call's criteria are scored and count in the weighted result. Answered
questions are never changed; every change is audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import AuditEvent
from portfolio.models import Attachment, CallAnswer, CallQuestion, Criterion, Proposal
from portfolio.queries.scoring import results_for, scoring_page
from portfolio.services import call_intake, intake, scoring
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import (
    PDF_BYTES,
    CallForProposalsFactory,
    CriterionFactory,
    ProposalFactory,
    ReviewAssignmentFactory,
)


def url(name, *args):
    return reverse(f"portfolio:{name}", args=args)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def call(asd):
    return CallForProposalsFactory(title="Færre skjema", life_event=LifeEventFactory(owner_ministry=asd))


@pytest.fixture
def questions(call, portfolio_office):
    add = call_intake.call_question_add
    return {
        "data": add(call=call, by=portfolio_office, data={
            "label": "Hvilke registre bruker dere?", "kind": "text", "required": True,
            "help_text": "Navn på registrene.",
        }),
        "ready": add(call=call, by=portfolio_office, data={
            "label": "Er løsningen klar til pilot?", "kind": "choice", "choices": ["Ja", "Nei"], "sort_order": 2,
        }),
        "users": add(call=call, by=portfolio_office, data={
            "label": "Antall brukere", "kind": "number", "sort_order": 3,
        }),
        "plan": add(call=call, by=portfolio_office, data={"label": "Prosjektplan", "kind": "file", "sort_order": 4}),
    }  # fmt: skip


def _form(call, action="save", **extra) -> dict:
    return {
        "title": "Gjenbruk av inntektsopplysninger",
        "need": "Familier fyller inn inntekten sin i mange skjema.",
        "solution": "Hent inntekten fra a-ordningen.",
        "expected_benefits": "Færre skjema.",
        "beneficiaries": "Familier.",
        "life_events": [call.life_event_id],
        "call": call.pk,
        "estimated_cost": "",
        "action": action,
        **extra,
    }


# ---- the office defines them ------------------------------------------------------------------------------------


def test_the_office_adds_questions_and_a_criterion_on_the_calls_page(client, portfolio_office, call):
    client.force_login(portfolio_office)
    page = client.get(url("call_questions", call.pk)).content.decode()
    assert "Legg til et spørsmål" in page and "Legg til et kriterium" in page
    response = client.post(url("call_question_add", call.pk), {
        "label": "Hvilke registre bruker dere?", "kind": "choice", "choices": "Folkeregisteret\nA-ordningen\n",
        "required": "on", "sort_order": 1,
    })  # fmt: skip
    assert response.status_code == 302
    question = CallQuestion.objects.get(call=call)
    assert question.choices == ["Folkeregisteret", "A-ordningen"] and question.required
    response = client.post(url("call_criterion_add", call.pk), {
        "name": "Gjenbruk av data", "description": "Bruker forslaget data som alt finnes?", "weight": 3,
        "axis": "potential",
    })  # fmt: skip
    assert response.status_code == 302
    criterion = Criterion.objects.get(call=call)
    assert criterion.weight == 3 and criterion.is_active
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"portfolio.call.question_added", "portfolio.criterion.created"} <= actions
    page = client.get(url("call_questions", call.pk)).content.decode()
    assert "Hvilke registre bruker dere?" in page and "Gjenbruk av data" in page
    # The standard rubric's page does not list a call's own criterion.
    assert "Gjenbruk av data" not in client.get(url("rubric")).content.decode()


def test_a_choice_question_needs_two_choices_and_nothing_is_saved(client, portfolio_office, call):
    client.force_login(portfolio_office)
    response = client.post(url("call_question_add", call.pk), {"label": "Klar?", "kind": "choice", "choices": "Ja"})
    assert response.status_code == 422
    assert "Gi minst to valg" in response.content.decode()
    assert not CallQuestion.objects.exists()


def test_only_the_office_adds_questions_and_not_to_a_closed_call(client, agency_staff, portfolio_office, call):
    client.force_login(agency_staff)
    assert client.post(url("call_question_add", call.pk), {"label": "X", "kind": "text"}).status_code == 403
    assert client.get(url("call_questions", call.pk)).status_code == 200  # reads them, like the call
    intake.call_close(call=call, by=portfolio_office)
    client.force_login(portfolio_office)
    assert client.post(url("call_question_add", call.pk), {"label": "X", "kind": "text"}).status_code == 409
    assert not CallQuestion.objects.exists()


def test_an_answered_question_is_never_changed_but_can_be_retired(client, portfolio_office, agency_staff, call,
                                                                  questions):  # fmt: skip
    question = questions["users"]
    client.force_login(portfolio_office)
    assert client.get(url("call_question_edit", call.pk, question.pk)).status_code == 200
    proposal = ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, call=call)
    call_intake.call_answers_save(proposal=proposal, answers={question.pk: "12"}, by=agency_staff)
    assert client.get(url("call_question_edit", call.pk, question.pk)).status_code == 409
    with pytest.raises(ValidationError, match="kan ikke lenger endres"):
        call_intake.call_question_update(question=question, data={"label": "Nytt"}, by=portfolio_office)
    assert client.post(url("call_question_retire", call.pk, question.pk)).status_code == 302
    question.refresh_from_db()
    assert not question.is_active and question.label == "Antall brukere"
    assert CallAnswer.objects.get(question=question).number == 12  # the answer stays


# ---- a proposal answers them -----------------------------------------------------------------------------------------


def test_the_intake_form_asks_the_calls_questions(client, agency_staff, call, questions):
    client.force_login(agency_staff)
    page = client.get(url("proposal_create") + f"?call={call.pk}").content.decode()
    assert "Spørsmål fra utlysningen" in page and 'enctype="multipart/form-data"' in page
    for label in ("Hvilke registre bruker dere?", "Er løsningen klar til pilot?", "Antall brukere", "Prosjektplan"):
        assert label in page
    assert "Påkrevd for å sende inn." in page


def test_a_required_answer_missing_stops_the_submission_and_saves_nothing(client, agency_staff, call, questions):
    client.force_login(agency_staff)
    response = client.post(url("proposal_create") + f"?call={call.pk}", _form(call, action="submit"))
    assert response.status_code == 422
    assert "Svar på dette spørsmålet fra utlysningen før du sender inn." in response.content.decode()
    assert not Proposal.objects.exists() and not CallAnswer.objects.exists()
    bad = _form(call, **{questions["users"].field_name: "mange", questions["ready"].field_name: "Kanskje"})
    response = client.post(url("proposal_create"), bad)
    assert response.status_code == 422 and not Proposal.objects.exists()


def test_answers_are_saved_shown_and_audited(client, agency_staff, portfolio_office, call, questions):
    client.force_login(agency_staff)
    data = _form(call, action="submit", **{
        questions["data"].field_name: "Folkeregisteret og a-ordningen",
        questions["ready"].field_name: "Ja",
        questions["users"].field_name: "1200",
        questions["plan"].field_name: SimpleUploadedFile("plan.pdf", PDF_BYTES, content_type="application/pdf"),
    })  # fmt: skip
    response = client.post(url("proposal_create"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    proposal = Proposal.objects.get()
    assert proposal.status == "submitted"
    answers = {a.question_id: a for a in CallAnswer.objects.filter(proposal=proposal)}
    assert answers[questions["data"].pk].text == "Folkeregisteret og a-ordningen"
    assert answers[questions["users"].pk].number == 1200
    plan = answers[questions["plan"].pk].attachment
    assert plan == Attachment.objects.get(proposal=proposal) and plan.original_name == "plan.pdf"
    event = AuditEvent.objects.get(action="portfolio.proposal.call_answered", object_id=str(proposal.pk))
    assert event.changes["Er løsningen klar til pilot?"] == [None, "Ja"]
    client.force_login(portfolio_office)
    page = client.get(proposal.get_absolute_url()).content.decode()
    for text in ("Hvilke registre bruker dere?", "Folkeregisteret og a-ordningen", "Er løsningen klar til pilot?",
                 "Antall brukere", "1200", "plan.pdf"):  # fmt: skip
        assert text in page, text


def test_a_submitted_proposal_cannot_lose_a_required_answer(agency_staff, call, questions):
    proposal = ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, call=call,
                               status="draft", expected_benefits="x", beneficiaries="y",
                               life_events=[call.life_event])  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        intake.proposal_submit(proposal=proposal, by=agency_staff)
    assert questions["data"].field_name in refused.value.message_dict
    call_intake.call_answers_save(proposal=proposal, answers={questions["data"].pk: "Matrikkelen"}, by=agency_staff)
    intake.proposal_submit(proposal=proposal, by=agency_staff)
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_the_list_exports_the_answers_and_searches_them(client, portfolio_office, agency_staff, call, questions):
    found = ProposalFactory(title="Forslag A", call=call, status="submitted")
    other = ProposalFactory(title="Forslag B", status="submitted")
    call_intake.call_answers_save(
        proposal=found,
        by=portfolio_office,
        answers={questions["data"].pk: "Vi bruker matrikkelen", questions["users"].pk: "7"},
    )
    client.force_login(portfolio_office)
    export = client.get(url("proposal_list") + "?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    assert "Færre skjema: Hvilke registre bruker dere?" in header and "Færre skjema: Antall brukere" in header
    by_title = {r[1]: r for r in rows[1:]}
    assert by_title["Forslag A"][header.index("Færre skjema: Hvilke registre bruker dere?")] == "Vi bruker matrikkelen"
    assert by_title["Forslag A"][header.index("Færre skjema: Antall brukere")] == "7"
    assert by_title["Forslag B"][header.index("Færre skjema: Antall brukere")] == ""
    page = client.get(url("proposal_list"), {"q": "matrikkel"}).content.decode()
    assert "Forslag A" in page and other.title not in page
    board = client.get(url("board") + "?export=csv")  # the board's export has them too
    board_rows = list(csv.reader(io.StringIO(b"".join(board.streaming_content).decode("utf-8-sig")), delimiter=";"))
    column = board_rows[0].index("Færre skjema: Hvilke registre bruker dere?")
    assert {r[1]: r[column] for r in board_rows[1:]}["Forslag A"] == "Vi bruker matrikkelen"


# ---- the call's criteria in scoring ---------------------------------------------------------------------------------


def test_the_calls_criteria_are_scored_and_count_in_the_weighted_result(portfolio_office, agency_staff, call):
    standard = CriterionFactory(name="Brukernytte", axis="potential", weight=1)
    extra = call_intake.call_criterion_add(
        call=call, by=portfolio_office, data={"name": "Gjenbruk", "weight": 3, "axis": "potential"}
    )
    elsewhere = ProposalFactory(status="assessing")
    proposal = ProposalFactory(status="assessing", call=call)
    assignment = ReviewAssignmentFactory(proposal=proposal, reviewer=portfolio_office)
    page = scoring_page(proposal, portfolio_office)
    assert {c.name for c in page.criteria} == {"Brukernytte", "Gjenbruk"}
    assert "Gjenbruk" not in {c.name for c in scoring_page(elsewhere, portfolio_office).criteria}
    with pytest.raises(ValidationError, match="Gjenbruk"):  # every criterion of its rubric before it is submitted
        scoring.score_submit(
            assignment=assignment, by=portfolio_office, scores=[(standard, {"value": 2, "comment": "", "version": 0})]
        )
    scoring.score_submit(assignment=assignment, by=portfolio_office, scores=[
        (standard, {"value": 2, "comment": "", "version": 0}), (extra, {"value": 5, "comment": "", "version": 0}),
    ])  # fmt: skip
    assert results_for([proposal.pk])[proposal.pk].potential == (1 * 2 + 3 * 5) / 4
    other = ReviewAssignmentFactory(proposal=elsewhere, reviewer=portfolio_office, submitted_at=None)
    with pytest.raises(ValidationError, match="en annen utlysning"):
        scoring.score_save(assignment=other, criterion=extra, value=3, version=0, by=portfolio_office)


# ---- query counts ---------------------------------------------------------------------------------------------------


def test_the_pages_read_the_same_queries_whatever_the_number_of_questions(client, portfolio_office, call):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    proposal = ProposalFactory(call=call, status="submitted")
    client.force_login(portfolio_office)
    urls = [url("call_questions", call.pk), proposal.get_absolute_url(), url("proposal_list") + "?q=matrikkelen"]
    counts = []
    for n in (2, 8):
        for i in range(len(CallQuestion.objects.filter(call=call)), n):
            question = call_intake.call_question_add(call=call, by=portfolio_office,
                                                     data={"label": f"Spørsmål {i}", "kind": "text"})  # fmt: skip
            call_intake.call_answers_save(proposal=proposal, answers={question.pk: f"Svar {i} om matrikkelen"},
                                          by=portfolio_office)  # fmt: skip
        sizes = []
        for address in urls:
            client.get(address)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(address).status_code == 200
            sizes.append(len(queries))
        counts.append(sizes)
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 12, counts  # the call's page: session, user, the call, its questions, its criteria …
