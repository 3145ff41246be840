"""Step 1, intake, through its services: register (draft or submit), edit with optimistic locking, submit,
withdraw, attachments (type by content, size, soft removal, no stray files) and calls for proposals."""

import datetime
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import AuditEvent
from portfolio.models import Attachment, CallForProposals, Proposal, Transition
from portfolio.services import intake
from tests.factories.core import OrganisationFactory, UserFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import (
    PDF_BYTES,
    AttachmentFactory,
    CallForProposalsFactory,
    MissionFactory,
    ProposalFactory,
)

PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 60
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 60


def office_zip(kind: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        if kind == "odt":
            archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
            archive.writestr("content.xml", "<office:document-content/>")
        elif kind == "plain":
            archive.writestr("readme.txt", "not an office document")
        else:
            archive.writestr("[Content_Types].xml", "<Types/>")
            archive.writestr({"docx": "word", "xlsx": "xl", "pptx": "ppt"}[kind] + "/document.xml", "<x/>")
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media) -> list[Path]:
    return [p for p in Path(media).rglob("*") if p.is_file()]


@pytest.fixture
def life_event(asd):
    return LifeEventFactory(owner_ministry=asd)


@pytest.fixture
def office_team(digdir, portfolio_office):
    """Who is told of a submission: active office members with an e-mail address."""
    UserFactory(username="office-b", organisation=digdir, role="portfolio_office", email="b@digdir.example")
    UserFactory(username="office-gone", organisation=digdir, role="portfolio_office", is_active=False)
    UserFactory(username="office-nomail", organisation=digdir, role="portfolio_office", email="")
    return portfolio_office


def data(life_event, **extra) -> dict:
    values = {
        "title": "Én søknad for jobbsøkere",
        "need": "Jobbsøkere må fortelle det samme til NAV og kommunen.",
        "solution": "Del opplysningene med samtykke.",
        "expected_benefits": "Mindre dobbeltarbeid.",
        "beneficiaries": "Jobbsøkere og saksbehandlere.",
        "life_events": [life_event],
        "missions": [],
        "partners": [],
        "estimated_cost": None,
        "call": None,
    }
    return {**values, **extra}


@pytest.fixture
def draft(nav, agency_staff, life_event):
    return intake.proposal_create(data=data(life_event), by=agency_staff)


# ---- registering ----------------------------------------------------------------------------------------------


def test_agency_staff_register_a_draft_for_their_own_organisation(agency_staff, nav, other_agency, life_event):
    proposal = intake.proposal_create(data=data(life_event, organisation=other_agency), by=agency_staff)
    assert (proposal.status, proposal.organisation, proposal.channel) == ("draft", nav, "submitted")
    assert proposal.created_by == agency_staff and list(proposal.life_events.all()) == [life_event]
    event = AuditEvent.objects.for_object(proposal).get()
    assert event.action == "portfolio.proposal.created" and event.actor == agency_staff
    assert event.changes["title"] == "Én søknad for jobbsøkere"
    assert not Transition.objects.filter(proposal=proposal).exists()


def test_the_office_registers_on_behalf_of_an_organisation_with_the_channel(portfolio_office, nav, life_event):
    proposal = intake.proposal_create(data=data(life_event, organisation=nav, channel="received"), by=portfolio_office)
    assert (proposal.organisation, proposal.channel, proposal.created_by) == (nav, "received", portfolio_office)


def test_the_office_must_choose_the_organisation_and_a_channel_of_its_own(portfolio_office, nav, life_event):
    with pytest.raises(ValidationError) as e:
        intake.proposal_create(data=data(life_event), by=portfolio_office)
    assert "organisation" in e.value.message_dict
    with pytest.raises(ValidationError) as e:
        intake.proposal_create(data=data(life_event, organisation=nav, channel="submitted"), by=portfolio_office)
    assert "channel" in e.value.message_dict
    assert not Proposal.objects.exists()


def test_ministries_and_staff_without_an_organisation_cannot_register(ministry_official, life_event):
    with pytest.raises(PermissionDenied):
        intake.proposal_create(data=data(life_event), by=ministry_official)
    with pytest.raises(PermissionDenied):
        intake.proposal_create(data=data(life_event), by=UserFactory(role="agency_staff", organisation=None))
    assert not Proposal.objects.exists()


def test_content_rules_partners_life_events_and_the_model_fields(agency_staff, nav, life_event):
    with pytest.raises(ValidationError) as e:
        intake.proposal_create(data=data(life_event, partners=[nav], life_events=[], title=""), by=agency_staff)
    assert {"partners", "life_events", "title"} <= set(e.value.message_dict)
    with pytest.raises(ValidationError) as e:
        intake.proposal_create(data=data(life_event, estimated_cost=-5), by=agency_staff)
    assert "estimated_cost" in e.value.message_dict
    assert not Proposal.objects.exists() and not AuditEvent.objects.exists()


def test_a_draft_may_lack_what_a_submission_needs(agency_staff, life_event):
    proposal = intake.proposal_create(
        data=data(life_event, solution="", expected_benefits="", beneficiaries=""), by=agency_staff
    )
    assert proposal.status == "draft"
    assert set(intake.submit_problems(intake.proposal_values(proposal))) == {
        "solution",
        "expected_benefits",
        "beneficiaries",
    }


def test_register_and_submit_at_once_tells_the_office(
    agency_staff, office_team, life_event, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        proposal = intake.proposal_create(data=data(life_event), by=agency_staff, submit=True)
    assert proposal.status == "submitted" and proposal.submitted_at is not None
    step = Transition.objects.get(proposal=proposal)
    assert (step.from_status, step.to_status, step.by) == ("draft", "submitted", agency_staff)
    assert sorted(m.to[0] for m in mailoutbox) == ["b@digdir.example", "office@example.org"]
    assert all(len(m.to) == 1 for m in mailoutbox)  # one message each: no one sees the others' addresses
    assert "Én søknad for jobbsøkere" in mailoutbox[0].subject
    assert f"/forslag/{proposal.pk}/" in mailoutbox[0].body


def test_an_incomplete_submission_saves_nothing(agency_staff, office_team, life_event, mailoutbox):
    with pytest.raises(ValidationError) as e:
        intake.proposal_create(data=data(life_event, beneficiaries=""), by=agency_staff, submit=True)
    assert set(e.value.message_dict) == {"beneficiaries"}
    assert not Proposal.objects.exists() and not AuditEvent.objects.exists() and mailoutbox == []


def test_a_proposal_can_answer_an_open_call_but_not_a_closed_one(agency_staff, life_event):
    open_call = CallForProposalsFactory(life_event=life_event)
    closed = CallForProposalsFactory(life_event=life_event, closed_at=timezone.now())
    past = CallForProposalsFactory(
        life_event=life_event, opens_at=datetime.date(2020, 1, 1), deadline=datetime.date(2020, 2, 1)
    )
    assert intake.proposal_create(data=data(life_event, call=open_call), by=agency_staff).call == open_call
    for call in (closed, past):
        with pytest.raises(ValidationError) as e:
            intake.proposal_create(data=data(life_event, call=call), by=agency_staff)
        assert "call" in e.value.message_dict
    assert list(CallForProposals.objects.open()) == [open_call]
    assert [c.is_open for c in (open_call, closed, past)] == [True, False, False]


# ---- editing with optimistic locking --------------------------------------------------------------------------


def test_an_edit_bumps_the_version_and_records_before_and_after(draft, agency_staff, life_event):
    other_event = LifeEventFactory()
    updated = intake.proposal_update(
        proposal=draft,
        data=data(life_event, title="Ny tittel", life_events=[life_event, other_event]),
        version=1,
        by=agency_staff,
    )
    assert (updated.title, updated.version) == ("Ny tittel", 2)
    event = AuditEvent.objects.for_object(draft).filter(action="portfolio.proposal.changed").get()
    assert event.changes["title"] == ["Én søknad for jobbsøkere", "Ny tittel"]
    assert event.changes["version"] == [1, 2]
    assert len(event.changes["life_events"][1]) == 2


def test_a_save_that_changes_nothing_changes_nothing(draft, agency_staff, life_event):
    intake.proposal_update(proposal=draft, data=data(life_event), version=1, by=agency_staff)
    draft.refresh_from_db()
    assert draft.version == 1
    assert not AuditEvent.objects.filter(action="portfolio.proposal.changed").exists()


def test_a_stale_save_is_refused_with_the_other_persons_change(draft, agency_staff, nav, life_event):
    colleague = UserFactory(username="kollega", organisation=nav, role="agency_staff", first_name="Kari")
    intake.proposal_update(proposal=draft, data=data(life_event, need="Kollegaens tekst"), version=1, by=colleague)
    with pytest.raises(intake.Conflict) as e:
        intake.proposal_update(proposal=draft, data=data(life_event, title="Min tittel"), version=1, by=agency_staff)
    assert e.value.current.version == 2
    assert list(e.value.changes) == ["need"] and e.value.changes["need"][1] == "Kollegaens tekst"
    assert e.value.by == [colleague]
    draft.refresh_from_db()
    assert (draft.title, draft.need, draft.version) == ("Én søknad for jobbsøkere", "Kollegaens tekst", 2)


def test_a_conflict_from_another_step_still_refuses_the_save(draft, agency_staff, life_event):
    Proposal.objects.filter(pk=draft.pk).update(version=5)  # e.g. the office qualified it
    with pytest.raises(intake.Conflict) as e:
        intake.proposal_update(proposal=draft, data=data(life_event, title="X"), version=1, by=agency_staff)
    assert e.value.changes == {} and e.value.by == []


def test_after_submission_only_the_office_edits_and_the_content_stays_complete(
    draft, agency_staff, portfolio_office, life_event
):
    intake.proposal_submit(proposal=draft, by=agency_staff)
    with pytest.raises(PermissionDenied):
        intake.proposal_update(proposal=draft, data=data(life_event, title="X"), version=1, by=agency_staff)
    with pytest.raises(ValidationError) as e:
        intake.proposal_update(proposal=draft, data=data(life_event, solution=""), version=1, by=portfolio_office)
    assert "solution" in e.value.message_dict
    draft.refresh_from_db()
    assert draft.solution and draft.version == 1
    intake.proposal_update(proposal=draft, data=data(life_event, title="Presisert"), version=1, by=portfolio_office)
    draft.refresh_from_db()
    assert (draft.title, draft.channel) == ("Presisert", "submitted")  # the agency's channel is kept


def test_an_edit_keeps_a_call_that_has_closed_since(agency_staff, life_event):
    call = CallForProposalsFactory(life_event=life_event)
    proposal = intake.proposal_create(data=data(life_event, call=call), by=agency_staff)
    intake.call_close(call=call, by=UserFactory(role="portfolio_office"))
    call.refresh_from_db()
    updated = intake.proposal_update(
        proposal=proposal, data=data(life_event, call=call, title="Endret"), version=1, by=agency_staff
    )
    assert updated.call == call and updated.title == "Endret"


def test_edit_and_submit_together_roll_back_together(draft, agency_staff, life_event):
    with pytest.raises(ValidationError):
        intake.proposal_update(
            proposal=draft,
            data=data(life_event, title="Nytt", beneficiaries=""),
            version=1,
            by=agency_staff,
            submit=True,
        )
    draft.refresh_from_db()
    assert (draft.title, draft.status, draft.version) == ("Én søknad for jobbsøkere", "draft", 1)
    intake.proposal_update(proposal=draft, data=data(life_event, title="Nytt"), version=1, by=agency_staff, submit=True)
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Nytt", "submitted")


# ---- submit and withdraw --------------------------------------------------------------------------------------


def test_submit_moves_a_complete_draft_and_tells_the_office_but_not_the_submitter(
    draft, portfolio_office, office_team, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        intake.proposal_submit(proposal=draft, by=portfolio_office)
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert [m.to for m in mailoutbox] == [["b@digdir.example"]]  # the office member who submitted it knows


def test_submit_refuses_incomplete_drafts_others_and_sent_proposals(draft, agency_staff, other_agency_staff):
    Proposal.objects.filter(pk=draft.pk).update(expected_benefits="")
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as e:
        intake.proposal_submit(proposal=draft, by=agency_staff)
    assert set(e.value.message_dict) == {"expected_benefits"}
    with pytest.raises(PermissionDenied):
        intake.proposal_submit(proposal=draft, by=other_agency_staff)
    Proposal.objects.filter(pk=draft.pk).update(expected_benefits="Noe", status="harmonising")
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        intake.proposal_submit(proposal=draft, by=agency_staff)
    with pytest.raises(ValidationError):
        intake.proposal_submit(proposal=draft, by=UserFactory(role="portfolio_office"))


def test_withdraw_needs_a_reason_and_keeps_the_proposal(draft, agency_staff):
    with pytest.raises(ValidationError) as e:
        intake.proposal_withdraw(proposal=draft, reason="  ", by=agency_staff)
    assert "reason" in e.value.message_dict
    intake.proposal_withdraw(proposal=draft, reason="Løses i et annet tiltak.", by=agency_staff)
    draft.refresh_from_db()
    assert draft.status == "withdrawn"
    step = Transition.objects.get(proposal=draft)
    assert (step.to_status, step.reason, step.by) == ("withdrawn", "Løses i et annet tiltak.", agency_staff)
    with pytest.raises(PermissionDenied):  # closed: never withdrawn twice, never deleted
        intake.proposal_withdraw(proposal=draft, reason="Igjen", by=agency_staff)


def test_the_office_withdrawing_tells_the_submitter(
    nav, agency_staff, portfolio_office, mailoutbox, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(organisation=nav, created_by=agency_staff, status="harmonising")
    with django_capture_on_commit_callbacks(execute=True):
        intake.proposal_withdraw(proposal=proposal, reason="Dekkes av tiltak 12.", by=portfolio_office)
    assert [m.to for m in mailoutbox] == [[agency_staff.email]] and "Dekkes av tiltak 12." in mailoutbox[0].body


def test_a_decided_proposal_cannot_be_withdrawn(nav, agency_staff):
    proposal = ProposalFactory(organisation=nav, created_by=agency_staff, status="decided")
    with pytest.raises(ValidationError):
        intake.proposal_withdraw(proposal=proposal, reason="For sent", by=agency_staff)


def test_other_organisations_cannot_withdraw(draft, other_agency_staff):
    with pytest.raises(PermissionDenied):
        intake.proposal_withdraw(proposal=draft, reason="Nei", by=other_agency_staff)


# ---- attachments ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("notat.pdf", PDF_BYTES, "application/pdf"),
        ("skisse.png", PNG_BYTES, "image/png"),
        ("foto.jpeg", JPEG_BYTES, "image/jpeg"),
        ("rapport.docx", office_zip("docx"), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("tall.xlsx", office_zip("xlsx"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            "lysark.pptx",
            office_zip("pptx"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        ("tekst.odt", office_zip("odt"), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_allowed_files_are_stored_with_the_type_read_from_their_content(
    draft, agency_staff, media, name, content, content_type
):
    attachment = intake.attachment_add(proposal=draft, upload=upload(name, content, "text/html"), by=agency_staff)
    assert (attachment.original_name, attachment.content_type, attachment.size) == (name, content_type, len(content))
    assert len(attachment.sha256) == 64
    assert attachment.file.name.startswith(f"attachments/{draft.pk}/") and name not in attachment.file.name
    assert [p.read_bytes() for p in stored_files(media)] == [content]
    assert AuditEvent.objects.filter(action="portfolio.attachment.added").count() == 1


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("notat.pdf", b"<html><script>alert(1)</script></html>", "file_type"),
        ("notat.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "file_type"),
        ("arkiv.docx", office_zip("plain"), "file_type"),
        ("bilde.png", b"PK\x03\x04" + b"\x00" * 200, "file_type"),
        ("tom.pdf", b"", "empty"),
        ("bilde.pdf", PNG_BYTES, "file_type_mismatch"),
    ],
)
def test_refused_files_leave_no_row_and_no_file(draft, agency_staff, media, name, content, code):
    with pytest.raises(ValidationError) as e:
        intake.attachment_add(proposal=draft, upload=upload(name, content, "application/pdf"), by=agency_staff)
    assert e.value.error_dict["file"][0].code == code
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_the_size_limit(draft, agency_staff, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    with pytest.raises(ValidationError) as e:
        intake.attachment_add(proposal=draft, upload=upload("stor.pdf", PDF_BYTES + b"0" * 100), by=agency_staff)
    assert e.value.error_dict["file"][0].code == "too_large"
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_names_are_cleaned_and_given_the_right_extension(draft, agency_staff):
    attachment = intake.attachment_add(
        proposal=draft, upload=upload("../../etc/ska\x00nning", PNG_BYTES), by=agency_staff
    )
    assert attachment.original_name == "skanning.png"


def test_the_same_file_twice_is_refused(draft, agency_staff):
    intake.attachment_add(proposal=draft, upload=upload("a.pdf", PDF_BYTES), by=agency_staff)
    with pytest.raises(ValidationError) as e:
        intake.attachment_add(proposal=draft, upload=upload("b.pdf", PDF_BYTES), by=agency_staff)
    assert e.value.error_dict["file"][0].code == "duplicate"


def test_a_failure_after_the_file_was_written_removes_it(draft, agency_staff, media, monkeypatch):
    from portfolio.services import attachments

    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(attachments.audit, "record", broken)
    with pytest.raises(RuntimeError):
        intake.attachment_add(proposal=draft, upload=upload("a.pdf", PDF_BYTES), by=agency_staff)
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_who_may_attach(draft, other_agency_staff, agency_staff, portfolio_office):
    with pytest.raises(PermissionDenied):
        intake.attachment_add(proposal=draft, upload=upload("a.pdf", PDF_BYTES), by=other_agency_staff)
    intake.proposal_submit(proposal=draft, by=agency_staff)
    with pytest.raises(PermissionDenied):
        intake.attachment_add(proposal=draft, upload=upload("a.pdf", PDF_BYTES), by=agency_staff)
    assert intake.attachment_add(proposal=draft, upload=upload("a.pdf", PDF_BYTES), by=portfolio_office).pk


def test_removal_is_soft_with_a_reason(draft, agency_staff, media):
    attachment = AttachmentFactory(proposal=draft)
    with pytest.raises(ValidationError):
        intake.attachment_remove(attachment=attachment, reason="", by=agency_staff)
    intake.attachment_remove(attachment=attachment, reason="Feil fil", by=agency_staff)
    attachment.refresh_from_db()
    assert attachment.removed_at is not None and len(stored_files(media)) == 1  # the file stays in the record
    assert AuditEvent.objects.get(action="portfolio.attachment.removed").note == "Feil fil"
    with pytest.raises(ValidationError):
        intake.attachment_remove(attachment=attachment, reason="Igjen", by=agency_staff)


# ---- calls for proposals --------------------------------------------------------------------------------------


def call_data(life_event=None, **extra):
    today = timezone.localdate()
    values = {"title": "Færre skjema", "question": "Hvor fyller folk ut det samme?", "life_event": life_event}
    values.update(mission=None, opens_at=today, deadline=today + datetime.timedelta(days=30))
    return {**values, **extra}


def test_the_office_opens_edits_and_closes_a_call(portfolio_office, life_event):
    call = intake.call_create(data=call_data(life_event), by=portfolio_office)
    assert call.created_by == portfolio_office and call.is_open
    intake.call_update(call=call, data=call_data(life_event, title="Færre skjemaer"), by=portfolio_office)
    call.refresh_from_db()
    assert call.title == "Færre skjemaer"
    intake.call_close(call=call, by=portfolio_office)
    call.refresh_from_db()
    assert call.closed_at is not None and not call.is_open
    with pytest.raises(ValidationError):
        intake.call_close(call=call, by=portfolio_office)
    with pytest.raises(ValidationError):
        intake.call_update(call=call, data=call_data(life_event), by=portfolio_office)
    actions = list(AuditEvent.objects.for_object(call).order_by("pk").values_list("action", flat=True))
    assert actions == ["portfolio.call.created", "portfolio.call.changed", "portfolio.call.closed"]


def test_only_the_office_manages_calls(agency_staff, ministry_official, life_event):
    call = CallForProposalsFactory(life_event=life_event)
    for user in (agency_staff, ministry_official):
        with pytest.raises(PermissionDenied):
            intake.call_create(data=call_data(life_event), by=user)
        with pytest.raises(PermissionDenied):
            intake.call_close(call=call, by=user)


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"life_event": None}, "life_event"),
        ({"deadline": datetime.date(2020, 1, 1), "opens_at": datetime.date(2020, 2, 1)}, "deadline"),
        ({"deadline": datetime.date(2020, 1, 1), "opens_at": datetime.date(2019, 12, 1)}, "deadline"),
        ({"title": ""}, "title"),
    ],
)
def test_call_rules(portfolio_office, life_event, extra, field):
    with pytest.raises(ValidationError) as e:
        intake.call_create(data={**call_data(life_event), **extra}, by=portfolio_office)
    assert field in e.value.message_dict
    assert not CallForProposals.objects.exists()


def test_a_call_s_mission_belongs_to_its_life_event(portfolio_office, life_event):
    elsewhere = MissionFactory(life_events=[LifeEventFactory()])
    with pytest.raises(ValidationError) as e:
        intake.call_create(data=call_data(life_event, mission=elsewhere), by=portfolio_office)
    assert "mission" in e.value.message_dict
    mission = MissionFactory(life_events=[life_event])
    assert intake.call_create(data=call_data(None, mission=mission), by=portfolio_office).mission == mission


def test_may_register(agency_staff, portfolio_office, ministry_official, admin_user):
    assert [intake.may_register(u) for u in (agency_staff, portfolio_office, ministry_official, admin_user)] == [
        True,
        True,
        False,
        True,
    ]
    assert not intake.may_register(
        UserFactory(role="agency_staff", organisation=OrganisationFactory(), is_active=False)
    )
