"""In-app notifications beside the e-mails: each event the services tell someone about becomes a notification for
them and the e-mail their setting asks for (at once, in the daily digest, or none); the bell in the header counts
the unread ones; the notifications page marks them read; each user chooses their own settings."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from core import notifications as svc
from core.models import AuditEvent, Notification, NotificationPreference
from core.notification_models import Delivery, NotificationKind
from core.tasks_notifications import notifications_digest_task
from portfolio.services import harmonise
from tests.factories.core import UserFactory
from tests.factories.portfolio import ProposalFactory

pytestmark = pytest.mark.django_db


def _notify(users, title="“Søknad” er nå: Harmonisering", kind=NotificationKind.STEP, url="/portefolje/1/"):
    return svc.notify(users=users, kind=kind, subject=title, body=f"{title}\n\nSe forslaget", url=url)


def _prefer(user, kind, delivery):
    NotificationPreference.objects.create(user=user, kind=kind, delivery=delivery)


def test_a_notification_for_each_person_and_an_email_at_once_by_default(
    agency_staff, other_agency_staff, django_capture_on_commit_callbacks
):
    inactive = UserFactory(is_active=False)
    no_address = UserFactory(email="")
    with django_capture_on_commit_callbacks(execute=True):
        rows = _notify([agency_staff, other_agency_staff, agency_staff, inactive, no_address])
    assert sorted(r.user_id for r in rows) == sorted([agency_staff.pk, other_agency_staff.pk, no_address.pk])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([agency_staff.email, other_agency_staff.email])
    assert all(len(m.to) == 1 for m in mail.outbox)  # one message each: no one sees the others' addresses
    assert Notification.objects.get(user=no_address).emailed_at is None  # told here only: no address to write to


def test_no_email_means_the_notification_only(agency_staff, django_capture_on_commit_callbacks):
    _prefer(agency_staff, NotificationKind.STEP, Delivery.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([agency_staff])
        _notify([agency_staff], title="Et spørsmål om forslaget", kind=NotificationKind.QUESTION)
    assert [m.subject for m in mail.outbox] == ["Et spørsmål om forslaget"]  # the setting is per kind
    assert Notification.objects.filter(user=agency_staff).count() == 2


def test_the_daily_digest_gathers_what_came_once(agency_staff, other_agency_staff, django_capture_on_commit_callbacks):
    _prefer(agency_staff, NotificationKind.STEP, Delivery.DIGEST)
    with django_capture_on_commit_callbacks(execute=True):
        _notify([agency_staff, other_agency_staff], title="Første steg")
        _notify([agency_staff], title="Andre steg", url="/portefolje/2/")
    assert [m.to for m in mail.outbox] == [[other_agency_staff.email]]  # the digest waits
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications_digest_task.apply().get() == 1
    (digest,) = mail.outbox
    assert digest.to == [agency_staff.email] and "2" in digest.subject
    assert digest.body.index("Første steg") < digest.body.index("Andre steg") and "/portefolje/2/" in digest.body
    assert reverse("notification_list") in digest.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert svc.digest_send(now=timezone.now() + timedelta(days=1)) == 0  # each notification in one digest only
    assert mail.outbox == []


def test_a_step_change_tells_the_submitter_as_they_chose(
    agency_staff, portfolio_office, django_capture_on_commit_callbacks
):
    proposal = ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status="submitted")
    _prefer(agency_staff, NotificationKind.STEP, Delivery.NONE)
    with django_capture_on_commit_callbacks(execute=True):
        harmonise.proposal_triage(proposal=proposal, by=portfolio_office)
    assert mail.outbox == []  # no e-mail: the submitter chose to be told here only
    (note,) = Notification.objects.filter(user=agency_staff)
    assert proposal.title in note.title and note.url == reverse("portfolio:proposal_detail", args=[proposal.pk])
    assert note.kind == NotificationKind.STEP and note.read_at is None


def test_the_bell_counts_the_unread_ones(client, agency_staff):
    client.force_login(agency_staff)
    bell = re.compile(r'<a class="portal-bell"[^>]*aria-label="([^"]+)"')
    assert bell.search(client.get(reverse("home")).content.decode())[1] == "Varsler"
    _notify([agency_staff])
    _notify([agency_staff, UserFactory()])
    assert bell.search(client.get(reverse("home")).content.decode())[1] == "Varsler, 2 uleste"
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert bell.search(client.get(reverse("home")).content.decode())[1] == "Notifications, 2 unread"


def test_mark_one_and_all_read(client, agency_staff):
    first, second, third = (_notify([agency_staff], title=f"Varsel {i}")[0] for i in range(3))
    client.force_login(agency_staff)
    page = client.get(reverse("notification_list")).content.decode()
    assert "3 uleste" in page and "Varsel 2" in page
    response = client.post(reverse("notification_read", args=[first.pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("notification_list")
    assert "Merket som lest: «Varsel 0»" in response.content.decode().replace("“", "«").replace("”", "»")
    first.refresh_from_db()
    assert first.read_at is not None
    response = client.post(reverse("notification_read", args=[second.pk]), {"open": "1"})
    assert response.status_code == 302 and response["Location"] == "/portefolje/1/"  # opened where it points
    response = client.post(reverse("notifications_read_all"), follow=True)
    assert "Alle varsler er merket som lest." in response.content.decode()
    assert Notification.objects.filter(user=agency_staff, read_at__isnull=True).count() == 0
    assert 'aria-label="Varsler"' in response.content.decode()  # the bell has no count left


def test_a_notification_is_its_users_own(client, agency_staff, other_agency_staff):
    (note,) = _notify([agency_staff])
    client.force_login(other_agency_staff)
    assert client.post(reverse("notification_read", args=[note.pk])).status_code == 404
    assert "Søknad" not in client.get(reverse("notification_list")).content.decode()
    note.refresh_from_db()
    assert note.read_at is None


def test_the_settings_are_saved_per_kind_and_audited(client, agency_staff, django_capture_on_commit_callbacks):
    client.force_login(agency_staff)
    page = client.get(reverse("notification_settings")).content.decode()
    assert "Forslagene mine skifter steg" in page and "Én e-post om dagen (sammendrag)" in page
    data = {kind: Delivery.IMMEDIATE for kind in NotificationKind.values} | {
        "step": Delivery.DIGEST,
        "reporting": Delivery.NONE,
    }
    response = client.post(reverse("notification_settings"), data, follow=True)
    assert response.redirect_chain[-1][0] == reverse("notification_list")
    assert "Varslingsinnstillingene dine er lagret." in response.content.decode()
    saved = dict(NotificationPreference.objects.filter(user=agency_staff).values_list("kind", "delivery"))
    assert saved == {"step": "digest", "reporting": "none"}  # a kind left as it was gets no row
    event = AuditEvent.objects.get(action="core.notifications.settings_changed", object_id=str(agency_staff.pk))
    assert event.changes == {"step": ["immediate", "digest"], "reporting": ["immediate", "none"]}
    with django_capture_on_commit_callbacks(execute=True):
        _notify([agency_staff])
    assert mail.outbox == []  # the step notification now waits for the digest


def test_bad_settings_are_refused_with_a_message_and_nothing_saved(client, agency_staff):
    client.force_login(agency_staff)
    data = {kind: Delivery.IMMEDIATE for kind in NotificationKind.values} | {"step": "sometimes"}
    response = client.post(reverse("notification_settings"), data)
    assert response.status_code == 422
    assert "ds-error-summary" in response.content.decode() or "Velg" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_an_escalated_decision_tells_the_named_ministries(
    portfolio_office, ministry_official, agency_staff, nav, django_capture_on_commit_callbacks
):
    from governance.decision_services import decision_record
    from tests.factories.core import OrganisationFactory
    from tests.factories.lifeevents import LifeEventFactory

    other_ministry = UserFactory(role="ministry_official", organisation=OrganisationFactory(kind="ministry"))
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    proposal = ProposalFactory(
        status="deciding", organisation=nav, created_by=agency_staff, life_events=[life_event], title="Felles søknad"
    )
    with django_capture_on_commit_callbacks(execute=True):
        decision = decision_record(
            proposal=proposal,
            outcome="escalate",
            rationale="Krever tildelingsbrev.",
            ministries=[ministry_official.organisation],
            acting_agency=nav,
            allocation_year=2027,
            by=portfolio_office,
        )
    (note,) = Notification.objects.filter(user=ministry_official)
    assert note.kind == NotificationKind.DECISION and decision.subject in note.title
    assert note.url == reverse("decisions:decision_detail", args=[decision.pk])
    assert ministry_official.email in [m.to[0] for m in mail.outbox]  # at once, by default
    assert not Notification.objects.filter(user=other_ministry).exists()  # a ministry the decision does not name
    assert Notification.objects.filter(user=agency_staff, kind=NotificationKind.DECISION).exists()  # the submitter


def test_a_scenario_shared_with_a_ministry_is_a_notification_too(
    portfolio_office, ministry_official, asd, django_capture_on_commit_callbacks
):
    from governance.scenario_services import scenario_share
    from tests.factories.governance import ScenarioFactory

    _prefer(ministry_official, NotificationKind.DECISION, Delivery.NONE)
    scenario = ScenarioFactory(created_by=portfolio_office, name="Romslig")
    with django_capture_on_commit_callbacks(execute=True):
        scenario_share(scenario=scenario, ministries=[asd], by=portfolio_office)
    assert mail.outbox == []  # the official chose no e-mail for decisions and steering
    (note,) = Notification.objects.filter(user=ministry_official)
    assert "Romslig" in note.title and note.url == scenario.get_absolute_url()
