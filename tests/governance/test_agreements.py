"""The collaboration agreement (issue 22): the office drafts it, sends it, each party's representative confirms or
declines; when all have confirmed the version is in force, its funding is the life event's funding (the figures
count it), its bodies are the life event's, and the worker stores it as a tagged PDF. A changed agreement is a new
version that needs every confirmation again."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core import access
from core.models import AuditEvent
from governance import agreements as services
from governance.agreement_models import AgreementDocument, AgreementStatus, AgreementVersion
from governance.models import Funding, GovernanceBody
from lifeevents import figures
from tests.factories import core as cf
from tests.factories.lifeevents import LifeEventFactory


@pytest.fixture
def hdir(db):
    return cf.OrganisationFactory(name="Helsedirektoratet", short_name="HDIR", kind="agency")


@pytest.fixture
def hdir_staff(hdir):
    return cf.UserFactory(username="hdir", organisation=hdir, role="agency_staff")


@pytest.fixture
def event(asd):
    return LifeEventFactory(owner_ministry=asd, name_nb="Alvorlig sykt barn", slug="alvorlig-sykt-barn")


@pytest.fixture
def body(event):
    return GovernanceBody.objects.create(name="Styringsgruppe ASB", kind="steering_group")


def _draft(event, office, nav, hdir, body, amounts=(Decimal("2000000"), Decimal("1500000"))):
    version = services.agreement_create(life_event=event, by=office)
    parties = [services.PartyRow(hdir, "Leder arbeidet og porteføljekontoret."), services.PartyRow(nav, "Deltar.")]
    funding = [
        services.FundingRow(hdir, 2027, amounts[0]),
        services.FundingRow(nav, 2027, amounts[1]),
        services.FundingRow(hdir, 2028, Decimal("2500000")),
    ]
    data = {
        "purpose": "Samarbeid om fase 2.",
        "governance_structure": "Styringsgruppe med HDIR som leder.",
        "bodies": [body],
        "next_phase_months": 18,
        "next_phase_cost": Decimal("6000000"),
        "next_phase_person_years": Decimal("4.5"),
        "next_phase_note": "Forme sammen.",
    }
    return services.version_save(version=version, data=data, parties=parties, funding=funding, by=office)


def _own_funding(event):
    rows = Funding.objects.filter(life_event=event, measure__isnull=True).values(
        "id", "year", "source__name", "status", "measure_id", "amount", "is_illustrative"
    )
    return {(r["year"], r["source__name"]): r["amount"] for r in figures.funding_by_year_and_source(rows)}


def test_two_confirmations_bring_the_agreement_into_force_with_its_commitments(
    event, body, portfolio_office, nav, hdir, agency_staff, hdir_staff, django_capture_on_commit_callbacks
):
    version = _draft(event, portfolio_office, nav, hdir, body)
    services.version_send(version=version, by=portfolio_office)
    version.refresh_from_db()
    assert version.status == AgreementStatus.SENT
    assert not access.can(portfolio_office, "change", version)  # frozen once sent

    services.version_respond(version=version, kind="confirmed", reason="", by=agency_staff)
    version.refresh_from_db()
    assert version.status == AgreementStatus.SENT and not _own_funding(event)
    assert not access.can(agency_staff, "respond", version)  # NAV has answered

    with django_capture_on_commit_callbacks(execute=True):
        services.version_respond(version=version, kind="confirmed", reason="", by=hdir_staff)
    version.refresh_from_db()
    assert version.status == AgreementStatus.IN_FORCE and version.in_force_at
    # The commitments are the life event's funding rows, summed by the one definition of the figures.
    assert _own_funding(event) == {
        (2027, "Helsedirektoratet"): Decimal("2000000"),
        (2027, "Arbeids- og velferdsetaten"): Decimal("1500000"),
        (2028, "Helsedirektoratet"): Decimal("2500000"),
    }
    assert list(GovernanceBody.objects.filter(life_events=event)) == [body]
    document = AgreementDocument.objects.get(agreement_version=version)
    assert document.status == "done" and document.file  # made by the (eager) worker
    from pypdf import PdfReader

    with document.file.open("rb") as f:
        text = "".join(page.extract_text() for page in PdfReader(BytesIO(f.read())).pages)
    assert "Samarbeidsavtale" in text and "Helsedirektoratet" in text and "Styringsgruppe ASB" in text
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"governance.agreementversion.sent", "governance.agreementversion.confirmed",
            "governance.agreementversion.in_force", "governance.funding.created",
            "governance.agreementdocument.generated"} <= actions  # fmt: skip


def test_a_new_version_replaces_the_commitments_only_when_in_force(
    event, body, portfolio_office, nav, hdir, agency_staff, hdir_staff
):
    v1 = _draft(event, portfolio_office, nav, hdir, body)
    services.version_send(version=v1, by=portfolio_office)
    for user in (agency_staff, hdir_staff):
        services.version_respond(version=v1, kind="confirmed", reason="", by=user)
    v2 = services.version_revise(version=v1, by=portfolio_office)
    assert v2.number == 2 and v2.status == AgreementStatus.DRAFT
    assert [p.organisation for p in v2.parties.all()] == [hdir, nav]
    assert not access.can(portfolio_office, "revise", v1)  # the newest version is revised, not an older one
    v2 = services.version_save(
        version=v2,
        data={"change_note": "NAV øker"},
        parties=[services.PartyRow(hdir, "Leder."), services.PartyRow(nav, "Deltar mer.")],
        funding=[
            services.FundingRow(hdir, 2027, Decimal("2000000")),
            services.FundingRow(nav, 2027, Decimal("3000000")),
        ],
        by=portfolio_office,
    )
    services.version_send(version=v2, by=portfolio_office)
    assert _own_funding(event)[(2027, "Arbeids- og velferdsetaten")] == Decimal("1500000")  # v1 still in force
    services.version_respond(version=v2, kind="confirmed", reason="", by=agency_staff)
    services.version_respond(version=v2, kind="confirmed", reason="", by=hdir_staff)
    v1.refresh_from_db()
    assert v1.status == AgreementStatus.SUPERSEDED
    assert _own_funding(event) == {
        (2027, "Helsedirektoratet"): Decimal("2000000"),
        (2027, "Arbeids- og velferdsetaten"): Decimal("3000000"),
    }


def test_a_declined_version_needs_a_reason_and_a_new_version(
    event, body, portfolio_office, nav, hdir, agency_staff, hdir_staff
):
    version = _draft(event, portfolio_office, nav, hdir, body)
    services.version_send(version=version, by=portfolio_office)
    with pytest.raises(ValidationError):
        services.version_respond(version=version, kind="declined", reason=" ", by=agency_staff)
    services.version_respond(version=version, kind="declined", reason="For lite midler.", by=agency_staff)
    version.refresh_from_db()
    assert version.status == AgreementStatus.DECLINED
    assert not access.can(hdir_staff, "respond", version)
    assert access.can(portfolio_office, "revise", version)
    assert not Funding.objects.filter(life_event=event).exists()


def test_only_representatives_answer_and_only_the_office_drafts(
    event, body, portfolio_office, nav, hdir, agency_staff, other_agency_staff, ministry_official
):
    with pytest.raises(PermissionDenied):
        services.agreement_create(life_event=event, by=agency_staff)
    version = _draft(event, portfolio_office, nav, hdir, body)
    assert not AgreementVersion.objects.visible_to(agency_staff).filter(pk=version.pk).exists()  # a draft
    services.version_send(version=version, by=portfolio_office)
    assert AgreementVersion.objects.visible_to(other_agency_staff).filter(pk=version.pk).exists()
    for user in (other_agency_staff, ministry_official, portfolio_office):
        assert not access.can(user, "respond", version)
        with pytest.raises(PermissionDenied):
            services.version_respond(version=version, kind="confirmed", reason="", by=user)


def test_an_incomplete_or_inconsistent_draft_is_refused(event, body, portfolio_office, nav, hdir):
    version = services.agreement_create(life_event=event, by=portfolio_office)
    with pytest.raises(ValidationError) as refused:
        services.version_send(version=version, by=portfolio_office)
    assert refused.value.code == "incomplete"
    with pytest.raises(ValidationError):  # funding from an organisation that is not a party
        services.version_save(version=version, data={}, parties=[services.PartyRow(hdir, "Leder.")],
                              funding=[services.FundingRow(nav, 2027, Decimal(1))], by=portfolio_office)  # fmt: skip
    assert not version.parties.exists()
    with pytest.raises(ValidationError):
        services.agreement_create(life_event=event, by=portfolio_office)  # one per life event and phase


def test_the_pages_draft_send_and_answer(client, event, body, portfolio_office, nav, hdir, agency_staff):
    client.force_login(portfolio_office)
    response = client.post(reverse("governance:agreement_create", args=[event.slug]))
    version = AgreementVersion.objects.get(agreement__life_event=event)
    assert response["Location"] == reverse("governance:agreement_edit", args=[version.pk])
    bad = client.post(reverse("governance:agreement_edit", args=[version.pk]), {"party_1": hdir.pk})
    assert bad.status_code == 422 and 'id="error-summary-heading"' in bad.content.decode()
    data = {
        "governance_structure": "Styringsgruppe.",
        "bodies": [body.pk],
        "next_phase_months": "12",
        "next_phase_cost": "5000000",
        "next_phase_person_years": "3,5",
        "party_1": hdir.pk,
        "roles_1": "Leder.",
        "party_2": nav.pk,
        "roles_2": "Deltar.",
        "funding_1_party": hdir.pk,
        "funding_1_year": "2027",
        "funding_1_amount": "1000000",
    }
    assert client.post(reverse("governance:agreement_edit", args=[version.pk]), data).status_code == 302
    assert client.post(reverse("governance:agreement_send", args=[version.pk])).status_code == 302
    version.refresh_from_db()
    assert version.status == AgreementStatus.SENT and version.next_phase_person_years == Decimal("3.5")
    client.force_login(agency_staff)
    page = client.get(version.get_absolute_url()).content.decode()
    assert reverse("governance:agreement_respond", args=[version.pk]) in page
    url = reverse("governance:agreement_respond", args=[version.pk])
    assert client.post(url, {"kind": "declined"}).status_code == 422
    assert client.post(url, {"kind": "confirmed"}).status_code == 302
    assert client.get(url).status_code == 403  # answered once


@pytest.mark.parametrize("rows", [1, 10])
def test_the_draft_form_reads_a_fixed_number_of_queries(
    client, event, portfolio_office, rows, django_assert_max_num_queries
):
    """Issue 17: the edit page's queries do not grow with the parties, the funding rows or the bodies. The selects of
    organisations on every party and funding row (at least 5 and 8) read their options once, not once a select."""
    version = services.agreement_create(life_event=event, by=portfolio_office)
    organisations = [cf.OrganisationFactory(name=f"Part {i:02}") for i in range(rows)]
    bodies = [GovernanceBody.objects.create(name=f"Organ {i:02}", kind="steering_group") for i in range(rows)]
    services.version_save(
        version=version,
        data={"purpose": "Samarbeid.", "bodies": bodies},
        parties=[services.PartyRow(org, f"Rolle for {org.name}.") for org in organisations],
        funding=[services.FundingRow(org, 2027, Decimal(1000 + i)) for i, org in enumerate(organisations)],
        by=portfolio_office,
    )
    client.force_login(portfolio_office)
    url = reverse("governance:agreement_edit", args=[version.pk])
    client.get(url)  # the session's set-up is not the page's own
    with django_assert_max_num_queries(9):  # 6, and the session, the user and their second factor
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    last = organisations[-1]
    assert f"Rolle for {last.name}." in page and f"Organ {rows - 1:02}" in page
    assert page.count(f'<option value="{last.pk}" selected>{last.name}</option>') == 2  # its party row and funding row
    selects = max(5, rows + 2) + max(8, rows + 3)  # a party row and a funding row more than filled, or the minimum
    assert page.count(f'<option value="{last.pk}">{last.name}</option>') == selects - 2  # every other row offers it


def test_the_representatives_start_page_lists_the_agreement_to_answer(
    client, event, body, portfolio_office, nav, hdir, agency_staff, other_agency_staff
):
    from core.dashboard import tasks_for

    version = _draft(event, portfolio_office, nav, hdir, body)
    assert not [t for t in tasks_for(agency_staff) if t.key == "agreement_answer"]  # a draft is not sent
    services.version_send(version=version, by=portfolio_office)
    tasks = [t for t in tasks_for(agency_staff) if t.key == "agreement_answer"]
    assert [(t.count, t.url) for t in tasks] == [(1, version.get_absolute_url())]
    assert not [t for t in tasks_for(other_agency_staff) if t.key == "agreement_answer"]  # not a party
    services.version_respond(version=version, kind="confirmed", reason="", by=agency_staff)
    assert not [t for t in tasks_for(agency_staff) if t.key == "agreement_answer"]


def test_the_admin_reads_agreements_and_generations_but_never_writes_them(
    client, event, body, portfolio_office, nav, hdir, admin_user
):
    from django.contrib import admin

    from governance.agreement_models import AgreementResponse, CollaborationAgreement
    from governance.generation_models import Generation

    version = _draft(event, portfolio_office, nav, hdir, body)
    client.force_login(admin_user)
    for url in (
        reverse("admin:governance_agreementversion_changelist"),
        reverse("admin:governance_agreementversion_change", args=[version.pk]),
        reverse("admin:governance_collaborationagreement_change", args=[version.agreement_id]),
        reverse("admin:governance_generation_changelist"),
    ):
        assert client.get(url).status_code == 200, url
    request = type("R", (), {"user": admin_user, "method": "POST"})()
    for model in (CollaborationAgreement, AgreementVersion, AgreementResponse, AgreementDocument, Generation):
        model_admin = admin.site._registry[model]
        assert not model_admin.has_add_permission(request) and not model_admin.has_delete_permission(request)


def test_the_office_has_a_failed_pdf_made_again(
    event, body, portfolio_office, nav, hdir, agency_staff, hdir_staff, monkeypatch
):
    from core import documents

    monkeypatch.setattr(documents, "_queue", lambda label, pk: None)  # the worker has not taken it
    version = _draft(event, portfolio_office, nav, hdir, body)
    services.version_send(version=version, by=portfolio_office)
    for user in (agency_staff, hdir_staff):
        services.version_respond(version=version, kind="confirmed", reason="", by=user)
    with pytest.raises(ValidationError):  # queued just now: not ordered twice
        services.document_reorder(version=version, by=portfolio_office)
    AgreementDocument.objects.filter(agreement_version=version).update(status="failed", error="Stopp")
    with pytest.raises(PermissionDenied):
        services.document_reorder(version=version, by=agency_staff)
    document = services.document_reorder(version=version, by=portfolio_office)
    assert document.version == 2 and document.status == "queued"
    assert AuditEvent.objects.filter(action="governance.agreementdocument.ordered").count() == 1


def test_sending_tells_the_parties_representatives_by_email(
    event, body, portfolio_office, nav, hdir, agency_staff, hdir_staff, other_agency_staff, mailoutbox,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    version = _draft(event, portfolio_office, nav, hdir, body)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_send(version=version, by=portfolio_office)
    recipients = sorted(address for message in mailoutbox for address in message.to)
    assert recipients == sorted([agency_staff.email, hdir_staff.email])  # not Skatteetaten's, not the office's
    assert all(version.get_absolute_url() in message.body for message in mailoutbox)


def test_a_ministry_party_is_answered_for_by_its_officials(event, body, portfolio_office, nav, hdir, asd):
    """A ministry can be a party (the owner ministry, say): its officials answer for it, as agency staff do."""
    official = cf.UserFactory(username="asd-official", organisation=asd, role="ministry_official")
    version = services.agreement_create(life_event=event, by=portfolio_office)
    parties = [services.PartyRow(asd, "Eierdepartement; styringsdialogen."), services.PartyRow(hdir, "Leder.")]
    data = {"governance_structure": "Styringsgruppe.", "next_phase_months": 6,
            "next_phase_cost": Decimal(1), "next_phase_person_years": Decimal(1)}  # fmt: skip
    funding = [services.FundingRow(asd, 2027, Decimal(10_000_000))]
    version = services.version_save(version=version, data=data, parties=parties, funding=funding, by=portfolio_office)
    version = services.version_send(version=version, by=portfolio_office)
    assert access.can(official, "respond", version)
    services.version_respond(version=version, kind="confirmed", reason="", by=official)
    assert version.parties.get(organisation=asd).response.by == official


def test_in_english_the_agreements_norwegian_content_is_marked_as_such(
    client, settings, event, body, portfolio_office, nav, hdir
):
    version = _draft(event, portfolio_office, nav, hdir, body)
    client.force_login(portfolio_office)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(version.get_absolute_url()).content.decode()
    assert "Parties, roles and responsibilities" in page
    assert '<span lang="nb">Leder arbeidet og porteføljekontoret.</span>' in page


def test_sending_is_a_notification_each_representative_receives_as_they_chose(
    event, body, portfolio_office, nav, hdir, agency_staff, hdir_staff, mailoutbox, django_capture_on_commit_callbacks,
):  # fmt: skip
    from core.notification_models import Delivery, Notification, NotificationKind, NotificationPreference

    NotificationPreference.objects.create(user=hdir_staff, kind=NotificationKind.DECISION, delivery=Delivery.NONE)
    version = _draft(event, portfolio_office, nav, hdir, body)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_send(version=version, by=portfolio_office)
    notified = Notification.objects.filter(kind=NotificationKind.DECISION, url=version.get_absolute_url())
    assert sorted(notified.values_list("user__username", flat=True)) == sorted(
        [agency_staff.username, hdir_staff.username]
    )  # the bell tells both
    assert [address for message in mailoutbox for address in message.to] == [agency_staff.email]  # no e-mail chosen
