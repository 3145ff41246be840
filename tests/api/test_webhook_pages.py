"""Self-service webhooks: an organisation's own people create, list, pause, resume and delete its subscriptions,
see the deliveries and send one again, through the webhook services and the same policy as the admin."""

import pytest
from django.urls import reverse

from api.models import WebhookDelivery, WebhookSubscription
from core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_agency_staff_subscribe_their_organisation_and_see_the_secret_once(client, agency_staff, settings):
    settings.WEBHOOK_ALLOW_HTTP = False
    client.force_login(agency_staff)
    data = {"url": "https://nav.example/hook", "events": ["proposal.submitted", "decision.made"]}
    response = client.post(reverse("webhooks:webhook_create"), data)
    assert response.status_code == 201
    subscription = WebhookSubscription.objects.get()
    assert (subscription.organisation, subscription.owner) == (agency_staff.organisation, agency_staff)
    page = response.content.decode()
    assert subscription.secret in page and "vises bare denne ene gangen" in page
    assert (
        subscription.secret
        not in client.get(reverse("webhooks:webhook_detail", args=[subscription.pk])).content.decode()
    )
    assert AuditEvent.objects.filter(action="api.webhook.subscribed", actor=agency_staff).exists()
    listed = client.get(reverse("webhooks:webhook_list")).content.decode()
    assert "https://nav.example/hook" in listed


def test_bad_addresses_and_no_events_are_refused_with_messages(client, agency_staff):
    client.force_login(agency_staff)
    response = client.post(reverse("webhooks:webhook_create"), {"url": "http://nav.example/hook", "events": []})
    assert response.status_code == 422
    page = response.content.decode()
    assert "https://" in page
    assert not WebhookSubscription.objects.exists()


def test_pause_resume_resend_and_delete(client, agency_staff, django_capture_on_commit_callbacks, monkeypatch):
    from api import webhooks

    sent = []
    monkeypatch.setattr(webhooks, "_send_later", lambda pk: sent.append(pk))
    subscription = WebhookSubscription.objects.create(
        organisation=agency_staff.organisation, owner=agency_staff, url="https://nav.example/hook",
        events=["proposal.submitted"], secret="s" * 64,
    )  # fmt: skip
    delivery = WebhookDelivery.objects.create(
        subscription=subscription, event="proposal.submitted", payload={}, status="failed", error="502"
    )
    client.force_login(agency_staff)
    detail = reverse("webhooks:webhook_detail", args=[subscription.pk])
    page = client.get(detail).content.decode()
    assert "Mislyktes" in page or "failed" in page.lower()

    assert client.post(reverse("webhooks:webhook_pause", args=[subscription.pk])).status_code == 302
    subscription.refresh_from_db()
    assert not subscription.is_active and subscription.paused_at is not None
    assert client.post(reverse("webhooks:webhook_resume", args=[subscription.pk])).status_code == 302
    subscription.refresh_from_db()
    assert subscription.is_active

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("webhooks:delivery_resend", args=[subscription.pk, delivery.pk]))
    assert subscription.deliveries.count() == 2 and len(sent) == 1

    assert client.post(reverse("webhooks:webhook_delete", args=[subscription.pk])).status_code == 302
    assert not WebhookSubscription.objects.exists() and not WebhookDelivery.objects.exists()
    deleted = AuditEvent.objects.get(action="api.webhook.deleted")
    assert deleted.changes["url"] == "https://nav.example/hook" and deleted.actor == agency_staff


def test_another_organisation_neither_sees_nor_changes_it(client, agency_staff, other_agency_staff):
    subscription = WebhookSubscription.objects.create(
        organisation=agency_staff.organisation, owner=agency_staff, url="https://nav.example/hook",
        events=["proposal.submitted"], secret="s" * 64,
    )  # fmt: skip
    client.force_login(other_agency_staff)
    assert "nav.example" not in client.get(reverse("webhooks:webhook_list")).content.decode()
    assert client.get(reverse("webhooks:webhook_detail", args=[subscription.pk])).status_code == 404
    assert client.post(reverse("webhooks:webhook_delete", args=[subscription.pk])).status_code == 404
    assert WebhookSubscription.objects.filter(pk=subscription.pk).exists()


def test_the_service_refuses_a_subscription_owned_by_someone_else(agency_staff, other_agency_staff, nav):
    from django.core.exceptions import PermissionDenied, ValidationError

    from api.webhooks import subscription_create

    with pytest.raises(ValidationError):
        subscription_create(
            organisation=nav,
            owner=other_agency_staff,
            url="https://x.example",
            events=["report.ready"],
            by=agency_staff,
        )
    with pytest.raises(PermissionDenied):
        subscription_create(
            organisation=other_agency_staff.organisation, owner=agency_staff, url="https://x.example",
            events=["report.ready"], by=agency_staff,
        )  # fmt: skip
