"""Public access to the answers to a call's own questions (issue 22). Each answer (text, choice, number, file) can be
exempted like a built-in field, keyed by its question ("call_q<id>"), by the submitting agency or the office, with
its legal basis, reason and review date (audited, lifted with a reason). The one redaction (portfolio/redaction.py)
hides it from every other organisation: on the proposal page (and the file's download), in the CSV/Excel exports,
in the API, in the search, in the decision brief and in the access-request PDF, each with the legal basis in its
place."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from core.models import AuditEvent
from portfolio.models import CallAnswer, Exemption, Proposal
from portfolio.models.public_access import answer_key
from portfolio.services import call_intake
from portfolio.services import public_access as services
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import PDF_BYTES, CallForProposalsFactory, ProposalFactory, ReviewAssignmentFactory

TEXT = "Vi henter diagnosen fra Kvasirregisteret"
CHOICE = "Bare i Trøndelag"
NUMBER = "4711.25"
FILE = "epikrise-Kari.pdf"
PROVISION = "fvl. § 13 første ledd nr. 1"
CITATION = "offl. § 13 jf. fvl. § 13 første ledd nr. 1"
WITHHELD = f"Unntatt offentlighet ({CITATION})"


def _basis(part, **over):
    data = {
        "part": part,
        "legal_basis": "13",
        "provision": PROVISION,
        "reason": "Helseopplysninger om et navngitt barn.",
        "review_date": timezone.localdate() + datetime.timedelta(days=365),
    }
    return {**data, **over}


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def life_event(asd):
    return LifeEventFactory(owner_ministry=asd)


@pytest.fixture
def call(life_event):
    return CallForProposalsFactory(title="Færre skjema", life_event=life_event)


@pytest.fixture
def questions(call, portfolio_office):
    add = call_intake.call_question_add
    return {
        "text": add(call=call, by=portfolio_office, data={"label": "Hvilke registre bruker dere?", "kind": "text"}),
        "choice": add(call=call, by=portfolio_office, data={
            "label": "Hvor er løsningen i bruk?", "kind": "choice", "choices": ["Hele landet", CHOICE],
            "sort_order": 2,
        }),
        "number": add(call=call, by=portfolio_office, data={"label": "Antall brukere", "kind": "number",
                                                            "sort_order": 3}),
        "file": add(call=call, by=portfolio_office, data={"label": "Prosjektplan", "kind": "file", "sort_order": 4}),
    }  # fmt: skip


@pytest.fixture
def proposal(nav, agency_staff, other_agency_staff, life_event, call, questions):
    p = ProposalFactory(
        title="Sammenhengende tjenester for alvorlig syke barn", need="Familier må fortelle det samme mange ganger",
        organisation=nav, created_by=agency_staff, status="draft", life_events=[life_event], call=call,
    )  # fmt: skip
    upload = SimpleUploadedFile(FILE, PDF_BYTES, content_type="application/pdf")
    call_intake.call_answers_save(proposal=p, by=agency_staff, answers={
        questions["text"].pk: TEXT, questions["choice"].pk: CHOICE, questions["number"].pk: NUMBER,
        questions["file"].pk: upload,
    })  # fmt: skip
    Proposal.objects.filter(pk=p.pk).update(status="assessing")  # answered as a draft, now in step 2
    p.refresh_from_db()
    ReviewAssignmentFactory(proposal=p, reviewer=other_agency_staff)  # another agency reads it as a reviewer
    return p


@pytest.fixture
def exempt(proposal, questions, agency_staff):
    """Every answer exempted by the submitting agency under § 13."""
    for question in questions.values():
        services.exemption_add(record=proposal, data=_basis(answer_key(question.pk)), by=agency_staff)
    return proposal


def _page(client, user, url, params=None):
    client.force_login(user)
    response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode()


def _hidden(text: str) -> bool:
    return all(value not in text for value in (TEXT, CHOICE, "4711", FILE))


# ---- exempting an answer --------------------------------------------------------------------------------------


def test_each_answer_is_a_part_that_can_be_exempted_keyed_by_its_question(proposal, questions):
    parts = dict(services.exemptable_parts(proposal))
    for question in questions.values():
        assert parts[f"call_q{question.pk}"] == f"Svar: {question.label}"
    assert "need" in parts  # beside the built-in fields


def test_the_agency_and_the_office_exempt_an_answer_others_may_not(
    proposal, questions, agency_staff, portfolio_office, other_agency_staff, ministry_official
):
    for user in (other_agency_staff, ministry_official):
        with pytest.raises(PermissionDenied):
            services.exemption_add(record=proposal, data=_basis(answer_key(questions["text"].pk)), by=user)
    by_agency = services.exemption_add(record=proposal, data=_basis(answer_key(questions["text"].pk)),
                                       by=agency_staff)  # fmt: skip
    by_office = services.exemption_add(record=proposal, data=_basis(answer_key(questions["number"].pk)),
                                       by=portfolio_office)  # fmt: skip
    assert by_agency.field == f"call_q{questions['text'].pk}" and by_agency.question_id == questions["text"].pk
    assert by_office.part_label == "Svar: Antall brukere"


def test_an_unanswered_or_foreign_question_cannot_be_exempted_nor_one_twice(
    proposal, questions, agency_staff, portfolio_office, call
):
    unanswered = call_intake.call_question_add(call=call, by=portfolio_office, data={"label": "Mer?", "kind": "text"})
    other_call = CallForProposalsFactory(life_event=call.life_event)
    foreign = call_intake.call_question_add(call=other_call, by=portfolio_office, data={"label": "X", "kind": "text"})
    for question in (unanswered, foreign):
        with pytest.raises(ValidationError) as e:
            services.exemption_add(record=proposal, data=_basis(answer_key(question.pk)), by=agency_staff)
        assert "part" in e.value.message_dict
    services.exemption_add(record=proposal, data=_basis(answer_key(questions["text"].pk)), by=agency_staff)
    with pytest.raises(ValidationError) as e:
        services.exemption_add(record=proposal, data=_basis(answer_key(questions["text"].pk)), by=portfolio_office)
    assert "part" in e.value.message_dict
    with pytest.raises(ValidationError) as e:  # a legal basis and a reason, as for every exemption
        services.exemption_add(record=proposal, data=_basis(answer_key(questions["number"].pk), provision=""),
                               by=agency_staff)  # fmt: skip
    assert "provision" in e.value.message_dict


def test_exempting_and_lifting_an_answer_is_audited(proposal, questions, agency_staff):
    exemption = services.exemption_add(record=proposal, data=_basis(answer_key(questions["text"].pk)),
                                       by=agency_staff)  # fmt: skip
    created = AuditEvent.objects.for_object(exemption).get(action="portfolio.exemption.created")
    assert created.changes["part"] == "Svar: Hvilke registre bruker dere?"
    assert created.changes["legal_basis"] == CITATION
    services.exemption_lift(exemption=exemption, reason="Ikke lenger taushetsbelagt.", by=agency_staff)
    assert AuditEvent.objects.for_object(exemption).filter(action="portfolio.exemption.lifted").exists()
    assert Exemption.objects.filter(pk=exemption.pk, lifted_at__isnull=False).exists()  # lifted, never deleted


def test_the_exempt_form_offers_the_answers_and_exempts_one(client, proposal, questions, agency_staff):
    url = reverse("portfolio:proposal_exempt", args=[proposal.pk])
    html = _page(client, agency_staff, url)
    assert f'value="call_q{questions["choice"].pk}"' in html and "Svar: Hvor er løsningen i bruk?" in html
    data = {**_basis(answer_key(questions["choice"].pk)), "review_date": "2099-01-01"}
    assert client.post(url, data).status_code == 302
    assert Exemption.objects.active().get().field == answer_key(questions["choice"].pk)


# ---- who sees what --------------------------------------------------------------------------------------------


def test_the_page_shows_exempt_answers_only_to_the_agency_and_the_office(
    client, exempt, agency_staff, portfolio_office, other_agency_staff, ministry_official
):
    url = exempt.get_absolute_url()
    for user in (agency_staff, portfolio_office):
        html = _page(client, user, url)
        assert TEXT in html and CHOICE in html and "4711.25" in html and FILE in html
    for user in (other_agency_staff, ministry_official):  # a reviewer of another agency; the life event's ministry
        html = _page(client, user, url)
        assert _hidden(html), user  # nor in the attachments, nor in the audit trail of the answers
        assert html.count(WITHHELD) >= 4
        assert "Svar: Hvilke registre bruker dere?" in html  # the exemptions' list names the question


def test_the_file_of_an_exempt_answer_is_refused_to_others(client, exempt, agency_staff, other_agency_staff):
    attachment = CallAnswer.objects.get(proposal=exempt, attachment__isnull=False).attachment
    url = reverse("portfolio:attachment_download", args=[exempt.pk, attachment.pk])
    client.force_login(other_agency_staff)
    assert client.get(url).status_code == 403
    client.force_login(agency_staff)
    assert client.get(url).status_code == 200


def test_a_lifted_answer_exemption_shows_the_answer_again(client, exempt, questions, agency_staff, ministry_official):
    lifted = Exemption.objects.active().get(field=answer_key(questions["text"].pk))
    services.exemption_lift(exemption=lifted, reason="Offentlig kjent.", by=agency_staff)
    html = _page(client, ministry_official, exempt.get_absolute_url())
    assert TEXT in html and CHOICE not in html


def test_downloads_never_carry_an_exempt_answer(client, exempt, agency_staff, ministry_official):
    url = reverse("portfolio:proposal_list")
    client.force_login(ministry_official)
    csv = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode("utf-8-sig")
    assert _hidden(csv) and WITHHELD in csv
    assert "Svar: Antall brukere: " + CITATION in csv  # the column of exempt parts names the question
    assert "Vedlegg: " + CITATION not in csv  # (the file answer's attachment is hidden with it, not listed apart)
    book = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
    cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row)
    assert _hidden(cells) and WITHHELD in cells
    client.force_login(agency_staff)
    own = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode("utf-8-sig")
    assert TEXT in own and CHOICE in own and FILE in own


def _api(user, admin_user):
    from api.services import token_issue

    _token, raw = token_issue(user=user, name="test", by=admin_user)
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return c


def test_the_api_gives_others_the_legal_basis_of_an_exempt_answer(
    exempt, questions, agency_staff, other_agency_staff, ministry_official, admin_user
):
    for user in (ministry_official, other_agency_staff):
        api = _api(user, admin_user)
        one = api.get(f"/api/v1/proposals/{exempt.pk}/")
        answers = {a["question"]: a for a in one.json()["call_answers"]}
        assert answers[questions["text"].pk] == {
            "question": questions["text"].pk, "label": "Hvilke registre bruker dere?", "kind": "text", "text": "",
            "number": None, "file": None, "file_name": None, "withheld": WITHHELD,
        }  # fmt: skip
        assert answers[questions["file"].pk]["file"] is None and answers[questions["file"].pk]["withheld"] == WITHHELD
        listed = api.get("/api/v1/proposals/").content.decode()
        assert _hidden(one.content.decode()) and _hidden(listed) and CITATION in listed
    own = {a["question"]: a for a in _api(agency_staff, admin_user).get(f"/api/v1/proposals/{exempt.pk}/").json()[
        "call_answers"]}  # fmt: skip
    assert own[questions["text"].pk]["text"] == TEXT and own[questions["text"].pk]["withheld"] is None
    assert own[questions["number"].pk]["number"] == "4711.25" and own[questions["file"].pk]["file_name"] == FILE


def test_search_by_an_exempt_answer_does_not_find_the_proposal_for_others(
    client, proposal, questions, agency_staff, portfolio_office, ministry_official, other_agency_staff
):
    def found(user):
        html = _page(client, user, reverse("portfolio:proposal_list"), {"q": "Kvasirregisteret"})
        return proposal.title in html

    assert found(ministry_official)  # not exempt: found by its answer, as before
    exemption = services.exemption_add(record=proposal, data=_basis(answer_key(questions["text"].pk)),
                                       by=agency_staff)  # fmt: skip
    assert found(agency_staff) and found(portfolio_office)
    assert not found(ministry_official) and not found(other_agency_staff)  # a hit would tell what it says
    services.exemption_lift(exemption=exemption, reason="Offentlig kjent.", by=agency_staff)
    assert found(ministry_official)


def _pdf_text(data: bytes) -> str:
    return " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())


def test_the_access_request_pdf_prints_the_legal_basis_never_the_answer(exempt, questions, portfolio_office):
    logged = services.access_request_create(record=exempt, data={"received_on": timezone.localdate()},
                                            by=portfolio_office)  # fmt: skip
    with pytest.raises(ValidationError):  # an exempt answer: not granted in full
        services.access_request_answer(request=logged, data={"outcome": "granted"}, by=portfolio_office)
    answered = services.access_request_answer(request=logged, data={"outcome": "partly"}, by=portfolio_office)
    with answered.document.open("rb") as f:
        text = _pdf_text(f.read())
    assert _hidden(text) and "Kvasir" not in text and "Kari" not in text
    assert "Hvilke registre bruker dere?" in text and "Unntatt offentlighet" in text and CITATION in text
    assert answered.withheld == [CITATION]


def test_the_access_request_pdf_carries_an_answer_that_is_not_exempt(proposal, questions, agency_staff,
                                                                    portfolio_office):  # fmt: skip
    services.exemption_add(record=proposal, data=_basis(answer_key(questions["number"].pk)), by=agency_staff)
    logged = services.access_request_create(record=proposal, data={"received_on": timezone.localdate()},
                                            by=portfolio_office)  # fmt: skip
    answered = services.access_request_answer(request=logged, data={"outcome": "partly"}, by=portfolio_office)
    with answered.document.open("rb") as f:
        text = _pdf_text(f.read())
    assert TEXT in text and "4711" not in text and CITATION in text


def test_the_decision_brief_prints_the_legal_basis_of_an_exempt_answer(
    exempt, questions, agency_staff, portfolio_office, ministry_official, nav
):
    from governance import decision_briefs
    from governance.decision_services import decision_record

    exempt.status = "deciding"
    exempt.save(update_fields=["status"])
    lifted = Exemption.objects.active().get(field=answer_key(questions["choice"].pk))
    services.exemption_lift(exemption=lifted, reason="Offentlig kjent.", by=agency_staff)
    decision = decision_record(
        proposal=exempt, outcome="escalate", rationale="Krever tildelingsbrev.", by=portfolio_office,
        ministries=[ministry_official.organisation], acting_agency=nav, allocation_year=2027,
    )  # fmt: skip
    text = _pdf_text(decision_briefs.render(decision))
    assert "Kvasir" not in text and "4711" not in text and CITATION in text
    assert CHOICE in text  # the answer no longer exempt is printed


def test_the_office_sees_an_answer_exemption_due_for_review_named_by_its_question(
    client, proposal, questions, agency_staff, portfolio_office, django_assert_max_num_queries
):
    from portfolio.queries.public_access import exemptions_due

    soon = timezone.localdate() + datetime.timedelta(days=10)
    for question in questions.values():
        services.exemption_add(record=proposal, data=_basis(answer_key(question.pk), review_date=soon),
                               by=agency_staff)  # fmt: skip
    with django_assert_max_num_queries(3):  # the exemptions, and the labels of their questions once
        labels = [e.part_label for e in exemptions_due(portfolio_office)]
    assert "Svar: Antall brukere" in labels and len(labels) == 4
    html = _page(client, portfolio_office, reverse("portfolio:access_request_list"))
    assert "Svar: Hvilke registre bruker dere?" in html
