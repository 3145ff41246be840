"""Webhooks against a real HTTP receiver on localhost: signed deliveries of the events the owner may see, retries
with back-off until delivered, a delivery log, re-sending, and a subscription paused (its owner told) when its
deliveries keep failing."""

from __future__ import annotations

import http.server
import json
import threading
import time

import pytest

from api.models import WebhookDelivery
from api.webhooks import deliveries_queue, delivery_resend, sign, subscription_create, subscription_resume, verify
from core.models import AuditEvent


class Receiver:
    """A real HTTP server on a loopback port that answers each POST with the next status of `answers` (then 200)."""

    def __init__(self):
        self.requests: list[dict] = []
        self.answers: list[int] = []
        receiver = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                self.send_response(receiver.answers.pop(0) if receiver.answers else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.WEBHOOK_ALLOW_HTTP = True
    settings.WEBHOOK_MAX_ATTEMPTS = 3
    settings.WEBHOOK_PAUSE_AFTER = 2
    r = Receiver()
    yield r
    r.close()


@pytest.fixture
def subscription(receiver, agency_staff, admin_user):
    return subscription_create(
        organisation=agency_staff.organisation, owner=agency_staff, url=receiver.url,
        events=["proposal.submitted", "proposal.step_changed", "decision.made"], by=admin_user,
    )  # fmt: skip


def _submit(api, world, capture):
    with capture(execute=True):
        response = api("agency").post(f"/api/v1/proposals/{world.draft.pk}/submit/", HTTP_IF_MATCH='"1"')
    assert response.status_code == 200


def test_a_submitted_proposal_is_delivered_signed(
    api, world, subscription, receiver, django_capture_on_commit_callbacks
):
    _submit(api, world, django_capture_on_commit_callbacks)
    [request] = receiver.requests
    body = json.loads(request["body"])
    assert body["event"] == "proposal.submitted" and request["headers"]["X-Portal-Event"] == "proposal.submitted"
    assert body["object"]["id"] == world.draft.pk and body["object"]["api"].endswith(
        f"/api/v1/proposals/{world.draft.pk}/"
    )
    assert verify(subscription.secret, request["headers"]["X-Portal-Signature"], request["body"])
    assert not verify(subscription.secret, request["headers"]["X-Portal-Signature"], request["body"] + b" ")
    assert not verify("another secret", request["headers"]["X-Portal-Signature"], request["body"])
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_status) == ("delivered", 1, 200)


def test_an_old_signature_is_refused_as_a_replay():
    body = b'{"event":"x"}'
    header = sign("s", body, timestamp=time.time() - 3600)
    assert not verify("s", header, body)
    assert verify("s", sign("s", body), body)
    assert not verify("s", "garbage", body)


def test_failures_are_retried_until_delivered(api, world, subscription, receiver, django_capture_on_commit_callbacks):
    receiver.answers = [500, 503]
    _submit(api, world, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 3
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("delivered", 3)
    assert {r["body"] for r in receiver.requests} == {receiver.requests[0]["body"]}  # the same delivery each time


def test_a_subscription_that_keeps_failing_is_paused_and_its_owner_told(
    subscription, receiver, world, agency_staff, admin_user, mailoutbox, django_capture_on_commit_callbacks
):
    receiver.answers = [500] * 20
    from core import audit

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            audit.record(actor=admin_user, action="portfolio.proposal.transitioned", obj=world.submitted,
                         changes={"status": ["submitted", "harmonising"]})  # fmt: skip
    assert list(WebhookDelivery.objects.values_list("status", "attempts")) == [("failed", 3), ("failed", 3)]
    subscription.refresh_from_db()
    assert not subscription.is_active and subscription.paused_at is not None and subscription.failures == 2
    assert [m.to for m in mailoutbox] == [[agency_staff.email]]
    assert "pause" in mailoutbox[0].subject.lower()
    assert f"/webhooks/{subscription.pk}/" in mailoutbox[0].body  # the owner resumes it on its page
    with django_capture_on_commit_callbacks(execute=True):
        audit.record(actor=admin_user, action="governance.decision.recorded", obj=world.decision)
    assert WebhookDelivery.objects.count() == 2  # paused: nothing new is sent

    receiver.answers = []
    subscription_resume(subscription=subscription, by=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        again = delivery_resend(delivery=WebhookDelivery.objects.first(), by=admin_user)
    again.refresh_from_db()
    assert again.status == "delivered"
    assert AuditEvent.objects.filter(action__in=["api.webhook.paused", "api.webhook.resent"]).count() == 2


def test_only_what_the_owner_may_see_is_sent(receiver, world, other_agency_staff, admin_user):
    other = subscription_create(
        organisation=other_agency_staff.organisation, owner=other_agency_staff, url=receiver.url,
        events=["proposal.step_changed"], by=admin_user,
    )  # fmt: skip
    from core import audit

    entry = audit.record(actor=admin_user, action="portfolio.proposal.transitioned", obj=world.submitted,
                         changes={"status": ["submitted", "harmonising"]})  # fmt: skip
    assert deliveries_queue(entry) == []
    assert not other.deliveries.exists()


def test_receivers_must_be_https(agency_staff, admin_user, settings):
    from django.core.exceptions import ValidationError

    settings.WEBHOOK_ALLOW_HTTP = False
    with pytest.raises(ValidationError):
        subscription_create(organisation=agency_staff.organisation, owner=agency_staff, url="http://example.org/",
                            events=["decision.made"], by=admin_user)  # fmt: skip
