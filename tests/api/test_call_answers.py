"""The API carries a proposal's answers to its call's own questions (issue 22): read with the proposal (an answer
exempt from public access gives the reader of another organisation its legal basis, tested in
tests/portfolio/test_call_answer_exemptions.py), written on create and change through the intake services and
validated as the form validates them: only the call's questions, a choice among its choices, a number, a file as a
reference to an attachment of the proposal, the required questions before submitting. Bad input is a 400 naming the
question, nothing saved; the OpenAPI schema documents them."""

from __future__ import annotations

import pytest

from core.models import AuditEvent
from portfolio.models import CallAnswer, Proposal
from portfolio.services import call_intake
from tests.factories.portfolio import AttachmentFactory, CallForProposalsFactory


@pytest.fixture
def call(world):
    return CallForProposalsFactory(title="Færre skjema", life_event=world.life_event)


@pytest.fixture
def questions(call, portfolio_office):
    add = call_intake.call_question_add
    return {
        "text": add(call=call, by=portfolio_office, data={"label": "Hvilke registre?", "kind": "text",
                                                          "required": True}),
        "choice": add(call=call, by=portfolio_office, data={"label": "Klar til pilot?", "kind": "choice",
                                                            "choices": ["Ja", "Nei"]}),
        "number": add(call=call, by=portfolio_office, data={"label": "Antall brukere", "kind": "number"}),
        "file": add(call=call, by=portfolio_office, data={"label": "Prosjektplan", "kind": "file"}),
    }  # fmt: skip


def _new(world, call, answers, **extra):
    return {"title": "Gjenbruk av inntekt", "need": "Familier gjentar inntekten", "life_events": [world.life_event.pk],
            "call": call.pk, "call_answers": answers} | extra  # fmt: skip


def test_answers_are_created_with_the_proposal_read_back_and_audited(api, world, call, questions):
    answers = [
        {"question": questions["text"].pk, "value": "Matrikkelen"},
        {"question": questions["choice"].pk, "value": "Ja"},
        {"question": questions["number"].pk, "value": 1200},
    ]
    response = api("agency").post("/api/v1/proposals/", _new(world, call, answers), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    got = {a["question"]: a for a in body["call_answers"]}
    assert got[questions["text"].pk]["text"] == "Matrikkelen" and got[questions["text"].pk]["kind"] == "text"
    assert got[questions["choice"].pk]["text"] == "Ja"
    assert got[questions["number"].pk]["number"] == "1200.00" and got[questions["number"].pk]["withheld"] is None
    proposal = Proposal.objects.get(pk=body["id"])
    assert AuditEvent.objects.for_object(proposal).filter(action="portfolio.proposal.call_answered").exists()
    listed = api("agency").get("/api/v1/proposals/", {"call": call.pk}).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert any(len(p["call_answers"]) == 3 for p in rows)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ({"question": "choice", "value": "Kanskje"}, "Velg ett av valgene."),
        ({"question": "number", "value": "mange"}, "Skriv et tall."),
        ({"question": "number", "value": "1e20"}, "Skriv et tall."),
        ({"question": "text", "file": 1}, "Bare et filspørsmål besvares med en fil."),
        ({"question": "file", "value": "plan.pdf"}, "Svar på et filspørsmål med id-en til et vedlegg til forslaget."),
        ({"question": "file", "file": 999999}, "Forslaget har ikke et slikt vedlegg."),
        ({"question": 999999, "value": "x"}, "Utlysningen forslaget svarer på, stiller ikke dette spørsmålet."),
    ],
)
def test_bad_answers_are_400_naming_the_question_and_nothing_is_saved(api, world, call, questions, answer, message):
    key = answer["question"]
    question = questions[key].pk if isinstance(key, str) else key
    sent = {**answer, "question": question}
    response = api("agency").post("/api/v1/proposals/", _new(world, call, [sent], title="Avvist"), format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["call_answers"][str(question)]
    assert any(message in e for e in errors), errors
    assert not Proposal.objects.filter(title="Avvist").exists()


def test_a_question_answered_twice_or_without_a_call_is_refused(api, world, call, questions):
    twice = [{"question": questions["text"].pk, "value": "a"}, {"question": questions["text"].pk, "value": "b"}]
    response = api("agency").post("/api/v1/proposals/", _new(world, call, twice), format="json")
    assert response.status_code == 400
    assert response.json()["call_answers"][str(questions["text"].pk)] == ["Svar på hvert spørsmål bare én gang."]
    no_call = _new(world, call, [{"question": questions["text"].pk, "value": "a"}]) | {"call": None}
    assert api("agency").post("/api/v1/proposals/", no_call, format="json").status_code == 400


def test_submitting_needs_the_required_answers(api, world, call, questions):
    data = _new(world, call, [], expected_benefits="Tid spart", beneficiaries="Familier", solution="Hent den",
                submit=True)  # fmt: skip
    response = api("agency").post("/api/v1/proposals/", data, format="json")
    assert response.status_code == 400
    assert str(questions["text"].pk) in response.json()["call_answers"]
    data["call_answers"] = [{"question": questions["text"].pk, "value": "Matrikkelen"}]
    response = api("agency").post("/api/v1/proposals/", data, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "submitted"


def test_a_change_answers_a_file_question_by_an_attachment_and_removes_an_answer(api, world, call, questions):
    client = api("agency")
    created = client.post("/api/v1/proposals/", _new(world, call, [
        {"question": questions["text"].pk, "value": "Matrikkelen"},
        {"question": questions["number"].pk, "value": "12"},
    ]), format="json").json()  # fmt: skip
    proposal = Proposal.objects.get(pk=created["id"])
    attachment = AttachmentFactory(proposal=proposal, original_name="plan.pdf")
    foreign = AttachmentFactory(proposal=world.draft, original_name="annen.pdf")  # another proposal's
    url, etag = f"/api/v1/proposals/{proposal.pk}/", client.get(f"/api/v1/proposals/{proposal.pk}/")["ETag"]
    bad = client.patch(url, {"call_answers": [{"question": questions["file"].pk, "file": foreign.pk}]},
                       format="json", HTTP_IF_MATCH=etag)  # fmt: skip
    assert bad.status_code == 400
    response = client.patch(url, {"call_answers": [
        {"question": questions["file"].pk, "file": attachment.pk}, {"question": questions["number"].pk, "value": None},
    ]}, format="json", HTTP_IF_MATCH=etag)  # fmt: skip
    assert response.status_code == 200, response.content
    got = {a["question"]: a for a in response.json()["call_answers"]}
    assert got[questions["file"].pk]["file"] == attachment.pk and got[questions["file"].pk]["file_name"] == "plan.pdf"
    assert questions["number"].pk not in got and got[questions["text"].pk]["text"] == "Matrikkelen"  # kept
    assert CallAnswer.objects.filter(proposal=proposal).count() == 2


def test_the_schema_documents_the_answers(api, db):
    schema = api("agency").get("/api/v1/schema/?format=json").json()
    components = schema["components"]["schemas"]
    assert components["Proposal"]["properties"]["call_answers"]["items"]["$ref"].endswith("/CallAnswer")
    assert {"question", "text", "number", "file", "withheld"} <= set(components["CallAnswer"]["properties"])
    assert "call_answers" in components["ProposalCreateRequest"]["properties"]
    assert "call_answers" in components["PatchedProposalWriteRequest"]["properties"]
    write = components["CallAnswerWriteRequest"]["properties"]
    assert {"question", "value", "file"} <= set(write)


def test_the_list_reads_the_answers_of_a_page_at_once(api, world, call, questions, agency_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.portfolio import ProposalFactory

    def add(n):
        for i in range(n):
            p = ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, call=call,
                                status="draft", title=f"Forslag {i}")  # fmt: skip
            call_intake.call_answers_save(proposal=p, by=agency_staff, answers={
                questions["text"].pk: f"Svar {i}", questions["number"].pk: str(i),
            })  # fmt: skip

    client = api("agency")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/proposals/", {"call": call.pk}).status_code == 200
        return len(queries)

    add(1)
    count()  # (the first request of the token also notes its last use, api/services.py)
    few = count()
    add(4)
    assert count() == few  # the same queries for five proposals with answers as for one
