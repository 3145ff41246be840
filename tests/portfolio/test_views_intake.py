"""Step 1 pages as each persona: the intake form (create, edit, conflict, submit, withdraw), attachments (upload,
download, remove) and calls for proposals. What the user sees, what is saved, the status codes."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from portfolio.models import Attachment, CallForProposals, Proposal
from portfolio.services import intake
from tests.factories.core import UserFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import PDF_BYTES, AttachmentFactory, CallForProposalsFactory, ProposalFactory

HX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "region"}  # htmx names the id of the region it replaces


def url(name, *args):
    return reverse(f"portfolio:{name}", args=args)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def life_event(asd):
    return LifeEventFactory(owner_ministry=asd, name_nb="Miste og finne jobb")


@pytest.fixture
def agency(client, agency_staff):
    client.force_login(agency_staff)
    return client


@pytest.fixture
def office(client, portfolio_office):
    client.force_login(portfolio_office)
    return client


def form_data(life_event, action="save", **extra) -> dict:
    values = {
        "title": "Én søknad for jobbsøkere",
        "need": "Jobbsøkere må fortelle det samme til NAV og kommunen.",
        "solution": "Del opplysningene med samtykke.",
        "expected_benefits": "Mindre dobbeltarbeid.",
        "beneficiaries": "Jobbsøkere.",
        "life_events": [life_event.pk],
        "estimated_cost": "",
        "action": action,
    }
    return {**values, **extra}


@pytest.fixture
def draft(nav, agency_staff, life_event):
    return ProposalFactory(
        organisation=nav,
        created_by=agency_staff,
        status="draft",
        life_events=[life_event],
        expected_benefits="Mindre dobbeltarbeid.",
        beneficiaries="Jobbsøkere.",
        title="Utkastet",
    )


# ---- the intake form ------------------------------------------------------------------------------------------


def test_the_empty_form_for_agency_staff(agency, life_event):
    response = agency.get(url("proposal_create"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="organisation"' not in html and 'name="channel"' not in html  # their own organisation, submitted
    assert re.search(r'<input[^>]*name="title"[^>]*required', html)
    assert re.search(r'<textarea[^>]*name="need"[^>]*required', html)
    buttons = re.findall(r'<button type="submit"[^>]*name="action" value="(\w+)"', html)
    assert buttons == ["save", "submit"]  # the last button submits
    assert 'id="overlap-hints"' in html and 'aria-live="polite"' in html
    assert 'for="id_title"' in html and "Miste og finne jobb" in html


def test_the_office_chooses_the_organisation_and_channel(office):
    html = office.get(url("proposal_create")).content.decode()
    assert 'name="organisation"' in html and 'value="sought_out"' in html and 'value="received"' in html
    assert 'value="submitted"' not in html


def test_ministries_may_not_register(client, ministry_official):
    client.force_login(ministry_official)
    assert client.get(url("proposal_create")).status_code == 403


def test_save_a_draft(agency, nav, life_event):
    response = agency.post(url("proposal_create"), form_data(life_event))
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response["Location"] == url("proposal_detail", proposal.pk)
    assert (proposal.status, proposal.organisation) == ("draft", nav)
    page = agency.get(response["Location"])
    assert re.search(r'role="status"[^>]*>\s*<p class="ds-paragraph">[^<]+', page.content.decode())


def test_submit_at_once_tells_the_office(
    agency, portfolio_office, life_event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = agency.post(url("proposal_create"), form_data(life_event, action="submit"))
    assert response.status_code == 302
    assert Proposal.objects.get().status == "submitted"
    assert [m.to for m in mailoutbox] == [[portfolio_office.email]]


def test_an_empty_post_is_refused_clearly_and_saves_nothing(agency):
    response = agency.post(url("proposal_create"), {"action": "save"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "data-error-summary" in html and 'href="#id_title"' in html and 'href="#id_life_events"' in html
    assert 'aria-invalid="true"' in html
    assert not Proposal.objects.exists()


def test_submitting_asks_for_what_a_submission_needs(agency, life_event):
    response = agency.post(
        url("proposal_create"), form_data(life_event, action="submit", solution="", beneficiaries="")
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert 'href="#id_solution"' in html and 'href="#id_beneficiaries"' in html
    assert "Jobbsøkere må fortelle det samme" in html  # what was typed is kept
    assert not Proposal.objects.exists()


def test_an_htmx_post_gets_the_form_region_only(agency):
    response = agency.post(url("proposal_create"), {"action": "save"}, **HX)
    html = response.content.decode()
    assert response.status_code == 422 and "<html" not in html and 'id="proposal-form"' in html


def test_an_htmx_success_is_a_client_side_redirect(agency, life_event):
    response = agency.post(url("proposal_create"), form_data(life_event), **HX)
    assert response.status_code == 200 and "HX-Location" in response


def test_the_partners_never_include_the_own_organisation(agency, nav, other_agency, life_event):
    html = agency.get(url("proposal_create")).content.decode()
    assert f'<option value="{other_agency.pk}">' in html and f'<option value="{nav.pk}">' not in html
    response = agency.post(url("proposal_create"), form_data(life_event, partners=[nav.pk]))
    assert response.status_code == 422 and not Proposal.objects.exists()


def test_a_call_in_the_address_preselects_its_life_event(agency, life_event):
    call = CallForProposalsFactory(life_event=life_event, title="Færre skjema")
    html = agency.get(url("proposal_create") + f"?call={call.pk}").content.decode()
    assert "Færre skjema" in html
    assert re.search(rf'<option value="{call.pk}" selected>', html)
    assert re.search(rf'value="{life_event.pk}"[^>]*checked', html)


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999", "\x00"])
def test_a_bad_or_closed_call_in_the_address_is_ignored(agency, life_event, value):
    closed = CallForProposalsFactory(life_event=life_event, closed_at=timezone.now())
    for raw in (value, str(closed.pk)):
        response = agency.get(url("proposal_create"), {"call": raw})
        assert response.status_code in (200, 400) and "You answer the call" not in response.content.decode()


def test_open_calls_are_offered_on_the_intake_form(agency, life_event):
    call = CallForProposalsFactory(life_event=life_event, title="Færre skjema")
    html = agency.get(url("proposal_create")).content.decode()
    assert f"?call={call.pk}" in html


# ---- editing --------------------------------------------------------------------------------------------------


def test_edit_a_draft(agency, draft, life_event):
    html = agency.get(url("proposal_edit", draft.pk)).content.decode()
    assert 'name="version" value="1"' in html and "Utkastet" in html
    response = agency.post(url("proposal_edit", draft.pk), form_data(life_event, title="Bedre tittel", version=1))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Bedre tittel", 2)


def test_a_stale_save_shows_the_other_persons_change_and_keeps_mine(agency, draft, nav, life_event):
    colleague = UserFactory(username="kari", organisation=nav, first_name="Kari", last_name="Nordmann")
    intake.proposal_update(
        proposal=draft, data={"need": "Kari sin tekst om behovet", "life_events": [life_event]}, version=1, by=colleague
    )
    response = agency.post(url("proposal_edit", draft.pk), form_data(life_event, title="Min tittel", version=1))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Kari Nordmann" in html and "Kari sin tekst om behovet" in html  # their change
    assert 'value="Min tittel"' in html  # my input is kept
    assert 'name="version" value="2"' in html  # saving again replaces theirs, knowingly
    assert "data-error-summary" in html
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Utkastet", 2)
    again = agency.post(url("proposal_edit", draft.pk), form_data(life_event, title="Min tittel", version=2))
    assert again.status_code == 302


def test_edit_and_submit_from_the_form(agency, draft, life_event):
    response = agency.post(url("proposal_edit", draft.pk), form_data(life_event, action="submit", version=1))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_a_submitted_proposal_offers_only_save_to_the_office(office, draft, life_event):
    Proposal.objects.filter(pk=draft.pk).update(status="submitted")
    html = office.get(url("proposal_edit", draft.pk)).content.decode()
    assert re.findall(r'name="action" value="(\w+)"', html) == ["save"]


def test_who_may_edit(client, draft, other_agency_staff, ministry_official, agency_staff):
    client.force_login(other_agency_staff)
    assert client.get(url("proposal_edit", draft.pk)).status_code == 404
    client.force_login(ministry_official)
    assert client.get(url("proposal_edit", draft.pk)).status_code == 404  # drafts are not theirs to see
    Proposal.objects.filter(pk=draft.pk).update(status="submitted")
    client.force_login(agency_staff)
    assert client.get(url("proposal_edit", draft.pk)).status_code == 403


# ---- submit and withdraw --------------------------------------------------------------------------------------


def test_submit_a_draft(agency, draft):
    response = agency.post(url("proposal_submit", draft.pk))
    assert response.status_code == 302 and response["Location"] == url("proposal_detail", draft.pk)
    draft.refresh_from_db()
    assert draft.status == "submitted"


def test_submitting_an_incomplete_draft_shows_what_is_missing(agency, draft):
    Proposal.objects.filter(pk=draft.pk).update(beneficiaries="")
    response = agency.post(url("proposal_submit", draft.pk))
    html = response.content.decode()
    assert response.status_code == 422 and 'href="#id_beneficiaries"' in html and 'id="proposal-form"' in html
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_submit_and_withdraw_are_post_only(agency, draft):
    assert agency.get(url("proposal_submit", draft.pk)).status_code == 405
    assert agency.get(url("proposal_withdraw", draft.pk)).status_code == 405


def test_withdraw_needs_a_reason(agency, draft):
    response = agency.post(url("proposal_withdraw", draft.pk), {"reason": ""})
    assert response.status_code == 422 and "data-error-summary" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    response = agency.post(url("proposal_withdraw", draft.pk), {"reason": "Dekkes av et annet tiltak."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == "withdrawn" and Proposal.objects.filter(pk=draft.pk).exists()


def test_withdrawing_a_decided_proposal_says_why_not(office, nav):
    proposal = ProposalFactory(organisation=nav, status="decided")
    response = office.post(url("proposal_withdraw", proposal.pk), {"reason": "For sent"})
    assert response.status_code == 409 and "kan ikke gjøres nå" in response.content.decode()


# ---- attachments ----------------------------------------------------------------------------------------------


def test_upload_and_download_an_attachment(agency, draft, media):
    pdf = SimpleUploadedFile("Notat om behovet.pdf", PDF_BYTES, content_type="text/html")
    response = agency.post(url("attachment_upload", draft.pk), {"file": pdf})
    attachment = Attachment.objects.get()
    assert response.status_code == 302 and response["Location"] == url("proposal_detail", draft.pk) + "#attachments"
    assert attachment.content_type == "application/pdf"
    download = agency.get(url("attachment_download", draft.pk, attachment.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;") and "Notat" in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"


def test_upload_goes_back_to_a_same_site_page_only(agency, draft):
    edit = url("proposal_edit", draft.pk)
    pdf = SimpleUploadedFile("a.pdf", PDF_BYTES)
    assert agency.post(url("attachment_upload", draft.pk), {"file": pdf, "next": edit})["Location"] == edit
    png = SimpleUploadedFile("b.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40)
    response = agency.post(url("attachment_upload", draft.pk), {"file": png, "next": "https://evil.example/"})
    assert response["Location"].startswith(url("proposal_detail", draft.pk))


def test_a_bad_upload_is_refused_with_a_message_and_nothing_saved(agency, draft, media):
    html_file = SimpleUploadedFile("notat.pdf", b"<html><script>alert(1)</script></html>")
    response = agency.post(url("attachment_upload", draft.pk), {"file": html_file})
    html = response.content.decode()
    assert response.status_code == 422 and "kan ikke legges ved" in html and "<script>alert(1)" not in html
    assert not Attachment.objects.exists() and not [p for p in Path(media).rglob("*") if p.is_file()]


def test_a_far_too_large_upload_is_refused_before_it_is_read(agency, draft, settings):
    settings.ATTACHMENT_MAX_BYTES = 1000
    big = SimpleUploadedFile("stor.pdf", PDF_BYTES + b"0" * 100_000)
    response = agency.post(url("attachment_upload", draft.pk), {"file": big})
    assert response.status_code == 413 and "Grensen er" in response.content.decode()
    assert not Attachment.objects.exists()


def test_upload_still_checks_csrf(client, agency_staff, draft):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(agency_staff)
    response = csrf_client.post(url("attachment_upload", draft.pk), {"file": SimpleUploadedFile("a.pdf", PDF_BYTES)})
    assert response.status_code == 403 and not Attachment.objects.exists()


def test_a_bad_htmx_upload_gets_the_attachments_region(agency, draft):
    response = agency.post(url("attachment_upload", draft.pk), {"file": SimpleUploadedFile("tom.pdf", b"")}, **HX)
    html = response.content.decode()
    assert response.status_code == 422 and "<html" not in html and 'id="attachments"' in html


def test_downloads_follow_the_proposal_s_visibility(client, draft, other_agency_staff, ministry_official):
    attachment = AttachmentFactory(proposal=draft)
    for user in (other_agency_staff, ministry_official):
        client.force_login(user)
        assert client.get(url("attachment_download", draft.pk, attachment.pk)).status_code == 404
    other = ProposalFactory()
    client.force_login(draft.created_by)
    assert client.get(url("attachment_download", other.pk, attachment.pk)).status_code == 404  # not its proposal


def test_a_missing_file_is_a_404_not_a_500(agency, draft):
    attachment = AttachmentFactory(proposal=draft)
    attachment.file.storage.delete(attachment.file.name)
    assert agency.get(url("attachment_download", draft.pk, attachment.pk)).status_code == 404


def test_remove_an_attachment_softly(agency, client, draft, portfolio_office):
    attachment = AttachmentFactory(proposal=draft)
    page = agency.get(url("proposal_edit", draft.pk)).content.decode()
    assert "notat.pdf" in page and f'id="id_remove_{attachment.pk}_reason"' in page
    response = agency.post(url("attachment_remove", draft.pk, attachment.pk), {"reason": ""})
    assert response.status_code == 422
    response = agency.post(url("attachment_remove", draft.pk, attachment.pk), {"reason": "Feil versjon"})
    assert response.status_code == 302
    attachment.refresh_from_db()
    assert attachment.removed_at is not None
    assert (
        url("attachment_download", draft.pk, attachment.pk)
        not in agency.get(url("proposal_edit", draft.pk)).content.decode()
    )
    assert agency.get(url("attachment_download", draft.pk, attachment.pk)).status_code == 404
    client.force_login(portfolio_office)  # the office can still read the case record
    assert client.get(url("attachment_download", draft.pk, attachment.pk)).status_code == 200


# ---- calls for proposals --------------------------------------------------------------------------------------


def test_the_call_list_puts_open_calls_first(agency, life_event):
    closed = CallForProposalsFactory(life_event=life_event, title="Lukket utlysning", closed_at=timezone.now())
    open_call = CallForProposalsFactory(life_event=life_event, title="Åpen utlysning")
    html = agency.get(url("call_list")).content.decode()
    assert html.index("Åpen utlysning") < html.index("Lukket utlysning")
    assert f"?call={open_call.pk}" in html and f"?call={closed.pk}" not in html
    assert url("call_create") not in html and url("call_close", open_call.pk) not in html


def test_the_office_opens_a_call(office, life_event):
    assert url("call_create") in office.get(url("call_list")).content.decode()
    today = timezone.localdate()
    data = {"title": "Færre skjema", "question": "Hvor?", "life_event": life_event.pk}
    data.update(opens_at=today.isoformat(), deadline=(today.replace(year=today.year + 1)).isoformat())
    response = office.post(url("call_create"), data)
    assert response.status_code == 302 and CallForProposals.objects.get().title == "Færre skjema"


def test_a_call_with_its_deadline_before_it_opens_is_a_clear_422(office, life_event):
    data = {
        "title": "X",
        "question": "Y",
        "life_event": life_event.pk,
        "opens_at": "2030-02-01",
        "deadline": "2030-01-01",
    }
    response = office.post(url("call_create"), data)
    assert response.status_code == 422 and 'href="#id_deadline"' in response.content.decode()
    assert not CallForProposals.objects.exists()


def test_edit_and_close_a_call(office, life_event):
    call = CallForProposalsFactory(life_event=life_event)
    data = {"title": "Nytt navn", "question": call.question, "life_event": life_event.pk}
    data.update(opens_at=call.opens_at.isoformat(), deadline=call.deadline.isoformat())
    assert office.post(url("call_edit", call.pk), data).status_code == 302
    assert office.post(url("call_close", call.pk)).status_code == 302
    call.refresh_from_db()
    assert call.title == "Nytt navn" and call.closed_at is not None
    again = office.post(url("call_close", call.pk))
    assert again.status_code == 422 and "allerede stengt" in again.content.decode()


# ---- query counts ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 15])
def test_pages_use_a_constant_number_of_queries(office, draft, life_event, size, django_assert_max_num_queries):
    for _ in range(size):
        CallForProposalsFactory(life_event=life_event)
        AttachmentFactory(proposal=draft, sha256=f"{_:064d}")
        LifeEventFactory()
    draft.call = CallForProposalsFactory(life_event=life_event)  # a draft that answers a call
    draft.save(update_fields=["call"])
    office.get(url("call_list"))  # the session's and the language's set-up are not the pages' own
    with django_assert_max_num_queries(10):
        assert office.get(url("call_list")).status_code == 200
    with django_assert_max_num_queries(10):
        assert office.get(url("proposal_create")).status_code == 200
    # 13: the session, the user and their second factor; the proposal with its organisation and call, the call's
    # questions, its life events, missions and partners (read once: the form's initial values and its base read the
    # same), whether there are missions at all, its attachments; the options of its life events, calls and partners
    with django_assert_max_num_queries(13):
        assert office.get(url("proposal_edit", draft.pk)).status_code == 200
