"""Public access (offentleglova, issue 22). Every record is public by default; the office and the record's own agency
may exempt a field or an attachment with its legal basis, a reason and a review date (audited, lifted with a reason,
never deleted); exempt values are seen by the office and the record's agency only: every other reader (a reviewer
from another agency, a participating agency, the ministry of its life event, the API, the downloads, the search, the
public part) gets «Unntatt offentlighet (offl. § 13 …)» in their place. An access request is logged, answered, and
answered with a PDF that never contains an exempt value and prints the legal basis in its place."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader
from rest_framework.test import APIClient

from core.models import AuditEvent
from portfolio.models import AccessRequest, Exemption
from portfolio.models.public_access import add_working_days
from portfolio.services import public_access as services
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import AttachmentFactory, MeasureFactory, ProposalFactory, ReviewAssignmentFactory

SECRET = "Barnets diagnose Duchenne krever særskilt oppfølging"
PUBLIC_NEED = "Familier må fortelle det samme mange ganger"
PROVISION = "fvl. § 13 første ledd nr. 1"
CITATION = "offl. § 13 jf. fvl. § 13 første ledd nr. 1"


def _basis(**over):
    data = {
        "part": "need",
        "legal_basis": "13",
        "provision": PROVISION,
        "reason": "Helseopplysninger om et navngitt barn.",
        "review_date": timezone.localdate() + datetime.timedelta(days=365),
    }
    return {**data, **over}


@pytest.fixture
def life_event(asd):
    return LifeEventFactory(owner_ministry=asd)


@pytest.fixture
def proposal(nav, agency_staff, life_event, other_agency_staff):
    p = ProposalFactory(
        title="Sammenhengende tjenester for alvorlig syke barn", need=SECRET, organisation=nav,
        created_by=agency_staff, status="assessing", life_events=[life_event],
    )  # fmt: skip
    ReviewAssignmentFactory(proposal=p, reviewer=other_agency_staff)  # another agency reads it as a reviewer
    return p


@pytest.fixture
def measure(nav, other_agency, life_event):
    m = MeasureFactory(title="Felles barnekort", description=SECRET, owner=nav, life_events=[life_event])
    m.participants.add(other_agency)
    return m


@pytest.fixture
def exempt_proposal(proposal, agency_staff):
    services.exemption_add(record=proposal, data=_basis(), by=agency_staff)
    return proposal


# ---- the rules of an exemption --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"legal_basis": ""}, "legal_basis"),
        ({"legal_basis": "99"}, "legal_basis"),
        ({"reason": "  "}, "reason"),
        ({"provision": ""}, "provision"),  # § 13 needs the provision that gives the duty of confidentiality
        ({"review_date": None}, "review_date"),
        ({"review_date": datetime.date(2020, 1, 1)}, "review_date"),
        ({"part": "title"}, "part"),  # the title is the record's journal entry and stays public
    ],
)
def test_an_exemption_needs_a_legal_basis_a_reason_and_a_review_date(proposal, agency_staff, over, field):
    with pytest.raises(ValidationError) as e:
        services.exemption_add(record=proposal, data=_basis(**over), by=agency_staff)
    assert field in e.value.message_dict
    assert not Exemption.objects.exists() and not AuditEvent.objects.filter(action__startswith="portfolio.exemption")


def test_the_form_answers_422_with_the_message_and_saves_nothing(client, proposal, agency_staff):
    client.force_login(agency_staff)
    url = reverse("portfolio:proposal_exempt", args=[proposal.pk])
    data = {**_basis(reason="", legal_basis=""), "review_date": "2099-01-01"}
    response = client.post(url, data, HTTP_ACCEPT_LANGUAGE="nb")
    assert response.status_code == 422
    html = response.content.decode()
    assert "Skriv begrunnelsen for unntaket." in html and "Velg paragrafen i offentleglova" in html
    assert not Exemption.objects.exists()


def test_section_14_needs_no_provision(proposal, portfolio_office):
    exemption = services.exemption_add(
        record=proposal, data=_basis(part="solution", legal_basis="14", provision=""), by=portfolio_office
    )
    assert exemption.citation == "offl. § 14"


def test_who_may_exempt_the_submitter_and_the_office_not_others(
    proposal, measure, other_agency_staff, ministry_official, portfolio_office, agency_staff
):
    for user in (other_agency_staff, ministry_official):
        with pytest.raises(PermissionDenied):
            services.exemption_add(record=proposal, data=_basis(), by=user)
        with pytest.raises(PermissionDenied):
            services.exemption_add(record=measure, data=_basis(part="description"), by=user)
    services.exemption_add(record=proposal, data=_basis(), by=portfolio_office)
    services.exemption_add(record=measure, data=_basis(part="description"), by=agency_staff)  # NAV owns it
    assert Exemption.objects.active().count() == 2


def test_the_other_agencys_direct_post_is_refused_403(client, proposal, other_agency_staff):
    client.force_login(other_agency_staff)
    response = client.post(reverse("portfolio:proposal_exempt", args=[proposal.pk]), _basis())
    assert response.status_code == 403 and not Exemption.objects.exists()


def test_a_part_is_exempt_once_at_a_time(exempt_proposal, portfolio_office):
    with pytest.raises(ValidationError) as e:
        services.exemption_add(record=exempt_proposal, data=_basis(), by=portfolio_office)
    assert "part" in e.value.message_dict


def test_exemptions_and_lifting_are_audited_and_never_deleted(exempt_proposal, agency_staff):
    exemption = Exemption.objects.get()
    created = AuditEvent.objects.for_object(exemption).get(action="portfolio.exemption.created")
    assert created.actor == agency_staff and created.changes["legal_basis"] == CITATION
    assert SECRET not in str(created.changes)  # the audit trail says what was exempted, never the value
    with pytest.raises(ValidationError):
        services.exemption_lift(exemption=exemption, reason="", by=agency_staff)
    services.exemption_lift(exemption=exemption, reason="Barnet er nå voksent; samtykke gitt.", by=agency_staff)
    exemption.refresh_from_db()
    assert exemption.lifted_at and exemption.lifted_by == agency_staff
    assert AuditEvent.objects.for_object(exemption).filter(action="portfolio.exemption.lifted").exists()
    with pytest.raises(ValidationError):  # lifted once: not again
        services.exemption_lift(exemption=exemption, reason="igjen", by=agency_staff)


# ---- who sees what --------------------------------------------------------------------------------------------


def _page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_only_the_submitter_and_the_office_see_the_exempt_value_on_the_page(
    client, exempt_proposal, agency_staff, portfolio_office, other_agency_staff, ministry_official
):
    url = exempt_proposal.get_absolute_url()
    for user in (agency_staff, portfolio_office):
        assert SECRET in _page(client, user, url)
    for user in (other_agency_staff, ministry_official):  # a reviewer from another agency; the life event's ministry
        html = _page(client, user, url)
        assert SECRET not in html and CITATION in html
    scoring = _page(client, other_agency_staff, reverse("portfolio:proposal_scoring", args=[exempt_proposal.pk]))
    assert SECRET not in scoring and CITATION in scoring


def test_the_public_part_shows_the_legal_basis(client, exempt_proposal, other_agency, life_event):
    from tests.factories.core import UserFactory

    stranger = UserFactory(organisation=other_agency, role="agency_staff")  # not a reviewer: the public part only
    html = _page(client, stranger, reverse("portfolio:proposal_public", args=[exempt_proposal.pk]))
    assert SECRET not in html and CITATION in html


def test_a_measures_exempt_description_is_hidden_from_participants_and_the_ministry(
    client, measure, agency_staff, other_agency_staff, ministry_official, portfolio_office
):
    services.exemption_add(record=measure, data=_basis(part="description"), by=agency_staff)
    for user in (other_agency_staff, ministry_official):
        html = _page(client, user, measure.get_absolute_url())
        assert SECRET not in html and CITATION in html
    assert SECRET in _page(client, portfolio_office, measure.get_absolute_url())


def test_a_lifted_exemption_shows_the_value_again(client, exempt_proposal, agency_staff, ministry_official):
    services.exemption_lift(exemption=Exemption.objects.get(), reason="Ikke lenger taushetsbelagt.", by=agency_staff)
    assert SECRET in _page(client, ministry_official, exempt_proposal.get_absolute_url())


def test_downloads_never_carry_the_exempt_value(client, exempt_proposal, measure, agency_staff, ministry_official):
    services.exemption_add(record=measure, data=_basis(part="description"), by=agency_staff)
    client.force_login(ministry_official)
    for url in (reverse("portfolio:proposal_list"), reverse("portfolio:measure_list")):
        csv = b"".join(client.get(url, {"export": "csv"}).streaming_content).decode("utf-8-sig")
        assert SECRET not in csv and CITATION in csv
        book = load_workbook(io.BytesIO(client.get(url, {"export": "xlsx"}).content))
        cells = " ".join(str(c.value) for row in book.active.iter_rows() for c in row)
        assert SECRET not in cells and CITATION in cells


def _api(user, admin_user):
    from api.services import token_issue

    _token, raw = token_issue(user=user, name="test", by=admin_user)
    c = APIClient()
    c.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return c


def test_the_api_gives_the_legal_basis_to_others_and_the_value_to_the_submitter(
    exempt_proposal, measure, agency_staff, other_agency_staff, ministry_official, admin_user
):
    services.exemption_add(record=measure, data=_basis(part="description"), by=agency_staff)
    for user in (ministry_official, other_agency_staff):
        api = _api(user, admin_user)
        one = api.get(f"/api/v1/proposals/{exempt_proposal.pk}/").json()
        assert one["need"] == f"Unntatt offentlighet ({CITATION})"
        listed = api.get("/api/v1/proposals/").content.decode() + api.get("/api/v1/measures/").content.decode()
        assert SECRET not in listed and CITATION in listed
    assert _api(agency_staff, admin_user).get(f"/api/v1/proposals/{exempt_proposal.pk}/").json()["need"] == SECRET


def test_search_does_not_reveal_an_exempt_need(client, exempt_proposal, agency_staff, ministry_official):
    def found(user, q):
        client.force_login(user)
        return exempt_proposal.title in client.get(reverse("portfolio:proposal_list"), {"q": q}).content.decode()

    assert found(agency_staff, "Duchenne")  # the submitter finds it by its need
    assert not found(ministry_official, "Duchenne")  # a hit on the exempt need would tell what it says
    assert found(ministry_official, "alvorlig syke barn")  # by its title, as always


def test_an_exempt_attachment_is_named_by_its_legal_basis_and_refused_to_others(
    client, proposal, agency_staff, other_agency_staff
):
    attachment = AttachmentFactory(proposal=proposal, original_name="epikrise-Ola.pdf")
    services.exemption_add(record=proposal, data=_basis(part=f"attachment:{attachment.pk}"), by=agency_staff)
    html = _page(client, other_agency_staff, proposal.get_absolute_url())
    assert "epikrise-Ola" not in html and CITATION in html
    url = reverse("portfolio:attachment_download", args=[proposal.pk, attachment.pk])
    assert client.get(url).status_code == 403
    client.force_login(agency_staff)
    assert client.get(url).status_code == 200


# ---- access requests (innsyn) ---------------------------------------------------------------------------------


def _pdf_text(request: AccessRequest) -> str:
    request.document.open("rb")
    try:
        return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(request.document.read())).pages)
    finally:
        request.document.close()


def test_an_access_request_is_answered_with_a_redacted_pdf(exempt_proposal, portfolio_office):
    logged = services.access_request_create(
        record=exempt_proposal, data={"received_on": timezone.localdate(), "requester_email": "journalist@example.no"},
        by=portfolio_office,
    )  # fmt: skip
    with pytest.raises(ValidationError) as e:  # an exempt part: not granted in full
        services.access_request_answer(request=logged, data={"outcome": "granted"}, by=portfolio_office)
    assert "outcome" in e.value.message_dict
    answered = services.access_request_answer(request=logged, data={"outcome": "partly"}, by=portfolio_office)
    text = " ".join(_pdf_text(answered).split())
    assert "Duchenne" not in text and "diagnose" not in text
    assert "Unntatt offentlighet" in text and CITATION in text
    assert exempt_proposal.title in text
    assert answered.answered_on == timezone.localdate() and answered.withheld == [CITATION]
    assert AuditEvent.objects.for_object(answered).filter(action="portfolio.accessrequest.answered").exists()


def test_a_refusal_needs_its_legal_basis_and_an_answered_request_is_not_answered_again(proposal, portfolio_office):
    logged = services.access_request_create(record=proposal, data={"received_on": timezone.localdate()},
                                            by=portfolio_office)  # fmt: skip
    with pytest.raises(ValidationError) as e:
        services.access_request_answer(request=logged, data={"outcome": "refused"}, by=portfolio_office)
    assert "refusal_basis" in e.value.message_dict
    services.access_request_answer(request=logged, data={"outcome": "refused", "refusal_basis": "14"},
                                   by=portfolio_office)  # fmt: skip
    with pytest.raises(ValidationError):
        services.access_request_answer(request=logged, data={"outcome": "granted"}, by=portfolio_office)


def test_only_the_office_logs_and_answers_access_requests(client, proposal, agency_staff, ministry_official):
    for user in (agency_staff, ministry_official):
        with pytest.raises(PermissionDenied):
            services.access_request_create(record=proposal, data={"received_on": timezone.localdate()}, by=user)
        client.force_login(user)
        assert client.get(reverse("portfolio:access_request_list")).status_code == 403


def test_the_list_flags_requests_not_answered_within_five_working_days(client, proposal, portfolio_office):
    monday = datetime.date(2026, 11, 2)
    assert add_working_days(monday, 5) == datetime.date(2026, 11, 9)
    assert add_working_days(datetime.date(2026, 11, 6), 5) == datetime.date(2026, 11, 13)  # from a Friday
    old = services.access_request_create(record=proposal, data={"received_on": monday}, by=portfolio_office)
    fresh = services.access_request_create(record=proposal, data={"received_on": timezone.localdate()},
                                           by=portfolio_office)  # fmt: skip
    assert old.is_late() and not fresh.is_late()
    html = _page(client, portfolio_office, reverse("portfolio:access_request_list"))
    assert "2 innsynskrav" in html and "1 krav har ventet mer enn fem virkedager." in html
    assert html.count("For sent") == 1


def test_the_journal_goes_page_by_page_and_flags_every_late_request(client, proposal, portfolio_office, monkeypatch):
    """The journal's pages hold every request, and the warning counts every late one, not only those on the page
    (the start page's task counts them the same way)."""
    from portfolio.views import public_access as views

    monkeypatch.setattr(views, "REQUESTS_PER_PAGE", 2)
    for received in (datetime.date(2026, 11, 2), datetime.date(2026, 11, 3), timezone.localdate()):
        services.access_request_create(record=proposal, data={"received_on": received}, by=portfolio_office)
    first = _page(client, portfolio_office, reverse("portfolio:access_request_list"))
    assert "3 innsynskrav" in first and "2 krav har ventet mer enn fem virkedager." in first
    assert first.count('<th scope="row">') == 2 and "Side 1 av 2" in first and 'href="?page=2"' in first
    second = _page(client, portfolio_office, reverse("portfolio:access_request_list") + "?page=2")
    assert second.count('<th scope="row">') == 1 and second.count("For sent") == 1  # the oldest, on the last page
    assert "2 krav har ventet mer enn fem virkedager." in second


def test_the_office_answers_through_the_pages_and_downloads_the_document(client, exempt_proposal, portfolio_office):
    client.force_login(portfolio_office)
    response = client.post(reverse("portfolio:access_request_create"), {
        "kind": "proposal", "number": exempt_proposal.pk, "received_on": timezone.localdate().isoformat(),
    })  # fmt: skip
    assert response.status_code == 302
    logged = AccessRequest.objects.get()
    assert logged.proposal == exempt_proposal and logged.requester_name == ""  # anonymous
    response = client.post(logged.get_absolute_url(), {"outcome": "partly"})
    assert response.status_code == 302
    document = client.get(reverse("portfolio:access_request_document", args=[logged.pk]))
    assert document.status_code == 200 and document["Content-Type"] == "application/pdf"
    pdf = b"".join(document.streaming_content)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Duchenne" not in text and "offl. § 13" in text


# ---- the decision: the brief and the measure made from the proposal ------------------------------------------


def test_the_decision_brief_and_the_measure_made_from_the_proposal_keep_the_need_exempt(
    client, nav, agency_staff, portfolio_office, ministry_official, life_event
):
    from governance import decision_briefs
    from governance.decision_services import decision_record

    proposal = ProposalFactory(title="Felles kø for barnefamilier", need=SECRET, organisation=nav,
                               created_by=agency_staff, status="deciding", life_events=[life_event])  # fmt: skip
    services.exemption_add(record=proposal, data=_basis(), by=agency_staff)
    decision = decision_record(
        proposal=proposal, outcome="escalate", rationale="Krever tildelingsbrev.", by=portfolio_office,
        ministries=[ministry_official.organisation], acting_agency=nav, allocation_year=2027,
    )  # fmt: skip
    pdf = PdfReader(io.BytesIO(decision_briefs.render(decision)))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Duchenne" not in text and CITATION in text

    started = ProposalFactory(title="Barnekort", need=SECRET, organisation=nav, created_by=agency_staff,
                              status="deciding", life_events=[life_event])  # fmt: skip
    services.exemption_add(record=started, data=_basis(), by=agency_staff)
    decision_record(proposal=started, outcome="start_experiment", rationale="Godt forslag.", by=portfolio_office)
    measure = started.resulting_measures.get()
    carried = Exemption.objects.active().get(measure=measure)
    assert carried.field == "description" and carried.citation == CITATION
    html = _page(client, ministry_official, measure.get_absolute_url())
    assert SECRET not in html and CITATION in html


def test_the_office_sees_the_exemptions_due_for_review(client, proposal, measure, agency_staff, portfolio_office):
    soon = _basis(review_date=timezone.localdate() + datetime.timedelta(days=10))
    services.exemption_add(record=proposal, data=soon, by=agency_staff)
    services.exemption_add(record=measure, data=_basis(part="description"), by=agency_staff)  # in a year: not due
    html = _page(client, portfolio_office, reverse("portfolio:access_request_list"))
    section = html[html.index('data-testid="exemptions-due"') :]
    assert proposal.title in section and measure.title not in section and CITATION in section


def test_exemptions_and_requests_leave_history_rows_also_outside_the_services(exempt_proposal, portfolio_office):
    from history.models import AccessRequestEvent, ExemptionEvent

    exemption = Exemption.objects.get()
    Exemption.objects.filter(pk=exemption.pk).update(review_date=datetime.date(2031, 1, 1))  # a shell, not a service
    assert list(ExemptionEvent.objects.filter(pgh_obj_id=exemption.pk).values_list("pgh_label", flat=True)) == [
        "insert", "update",
    ]  # fmt: skip
    logged = services.access_request_create(
        record=exempt_proposal, data={"received_on": timezone.localdate(), "requester_name": "Kari"},
        by=portfolio_office,
    )  # fmt: skip
    event = AccessRequestEvent.objects.get(pgh_obj_id=logged.pk)
    assert not hasattr(event, "requester_name")  # the requester's name stays in the request's own row


def test_the_offices_start_page_counts_the_requests_to_answer_late_ones_first(client, proposal, portfolio_office):
    services.access_request_create(record=proposal, data={"received_on": datetime.date(2026, 11, 2)},
                                   by=portfolio_office)  # fmt: skip
    for _ in range(2):
        services.access_request_create(record=proposal, data={"received_on": timezone.localdate()},
                                       by=portfolio_office)  # fmt: skip
    html = _page(client, portfolio_office, reverse("home"))
    late, open_ = html.find("innsynskrav ikke besvart innen fem virkedager"), html.find("innsynskrav å besvare")
    assert 0 < late < open_
    assert reverse("portfolio:access_request_list") in html


def test_the_shelf_shows_an_exempt_reason_for_termination_by_its_legal_basis(
    client, measure, agency_staff, portfolio_office, ministry_official
):
    from portfolio.services.measures import measure_terminate

    measure_terminate(measure=measure, reason_code="other", reason=SECRET, by=portfolio_office)
    services.exemption_add(record=measure, data=_basis(part="termination_reason"), by=agency_staff)
    html = _page(client, ministry_official, reverse("portfolio:shelf"))
    assert measure.title in html and SECRET not in html and CITATION in html
    assert SECRET in _page(client, portfolio_office, reverse("portfolio:shelf"))
