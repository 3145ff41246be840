"""Webhooks: organisations' systems are told of events, signed, retried with back-off, logged, re-sent on request.

Events come from the audit trail (every service writes one row per change through core.audit.record): a new row
whose action is one of `EVENTS` queues a delivery to each active subscription to that event whose owner may see the
object (the same `visible_to` as the pages), in the same transaction; the sending is a Celery task queued after the
commit. A delivery carries the event, the object's kind, id and API address, and the changes; the receiver fetches
more through the API with its own token, so the access policy applies again.

Signature: `X-Portal-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the subscription's secret>`;
receivers check it with `verify` and refuse old timestamps (replay).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import access, audit, recipients
from core.models import AuditEvent
from core.notifications import NotificationKind, notify

from .models import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSubscription

TOLERANCE = 300  # seconds a signature is accepted
TIMEOUT = 10
API_PATHS = {"portfolio.proposal": "proposals", "governance.decision": "decisions", "reports.generatedreport":
             "documents", "reports.reportinground": "rounds"}  # fmt: skip


def event_of(entry: AuditEvent) -> str | None:
    """The webhook event an audit row stands for, if any."""
    if entry.action == "portfolio.proposal.transitioned":
        status = (entry.changes.get("status") or [None, None])[-1]
        return WebhookEvent.PROPOSAL_SUBMITTED if status == "submitted" else WebhookEvent.STEP_CHANGED
    return {
        "governance.decision.recorded": WebhookEvent.DECISION_MADE,
        "reports.document.generated": WebhookEvent.REPORT_READY,
        "reports.round.reminded": WebhookEvent.STATUS_REPORT_DUE,
    }.get(entry.action)


# ---- signing ------------------------------------------------------------------------------------------------


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    t = int(time.time() if timestamp is None else timestamp)
    mac = hmac.new(secret.encode(), f"{t}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={t},v1={mac}"


def verify(secret: str, header: str, body: bytes, now: float | None = None, tolerance: int = TOLERANCE) -> bool:
    """What a receiver does: the HMAC matches and the timestamp is recent (a replayed old delivery is refused)."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        t = int(parts["t"])
    except (KeyError, ValueError):
        return False
    if abs((time.time() if now is None else now) - t) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, body, t), f"t={t},v1={parts.get('v1', '')}")


# ---- services -----------------------------------------------------------------------------------------------


def _check_url(url: str) -> None:
    if not url.startswith("https://") and not (settings.WEBHOOK_ALLOW_HTTP and url.startswith("http://")):
        raise ValidationError({"url": _("A webhook address must start with https://.")})


@transaction.atomic
def subscription_create(*, organisation, owner, url: str, events: list[str], by) -> WebhookSubscription:
    """A subscription of `organisation`, sending what `owner` may see. Outside the admin, people subscribe for their
    own organisation, as its owner."""
    access.require(by, "create", WebhookSubscription(organisation=organisation, owner=owner))
    if not access.can(by, "administer", WebhookSubscription) and owner.pk != by.pk:
        raise ValidationError({"owner": _("You can only create subscriptions that you own yourself.")})
    _check_url(url)
    unknown = set(events) - set(WebhookEvent.values)
    if not events or unknown:
        raise ValidationError({"events": _("Choose one or more of the events offered.")})
    subscription = WebhookSubscription.objects.create(
        organisation=organisation, owner=owner, url=url, events=sorted(events), secret=secrets.token_hex(32)
    )
    audit.record(actor=by, action="api.webhook.subscribed", obj=subscription, changes={"url": url, "events": events})
    return subscription


@transaction.atomic
def subscription_resume(*, subscription: WebhookSubscription, by) -> WebhookSubscription:
    access.require(by, "change", subscription)
    subscription.is_active, subscription.paused_at, subscription.failures = True, None, 0
    subscription.save(update_fields=["is_active", "paused_at", "failures"])
    audit.record(actor=by, action="api.webhook.resumed", obj=subscription)
    return subscription


def deliveries_queue(entry: AuditEvent) -> list[int]:
    """The deliveries of one audit row (called inside the transaction that wrote it)."""
    event = event_of(entry)
    if event is None:
        return []
    model = entry.content_type.model_class()
    label = model._meta.label_lower
    created = []
    for subscription in WebhookSubscription.objects.filter(is_active=True).select_related("owner"):
        if event not in subscription.events:
            continue
        if not model.objects.visible_to(subscription.owner).filter(pk=entry.object_id).exists():
            continue  # the owner may not see it: neither may their system
        payload = {
            "event": event,
            "occurred_at": entry.created_at,
            "object": {"type": label, "id": int(entry.object_id), "api": _api_path(label, entry.object_id)},
            "changes": entry.changes,
        }
        delivery = WebhookDelivery.objects.create(
            subscription=subscription, event=event, payload=json.loads(json.dumps(payload, cls=DjangoJSONEncoder))
        )
        created.append(delivery.pk)
        transaction.on_commit(partial(_send_later, delivery.pk))
    return created


def _api_path(label: str, pk) -> str | None:
    name = API_PATHS.get(label)
    return f"{settings.SITE_URL}/api/v1/{name}/{pk}/" if name else None


def _send_later(delivery_id: int) -> None:
    from .tasks import webhook_deliver_task

    webhook_deliver_task.delay(delivery_id)


def delivery_attempt(delivery_id: int) -> bool:
    """Send one delivery once. True when it is settled (delivered, or failed for good), False to try again."""
    delivery = WebhookDelivery.objects.select_related("subscription__owner").get(pk=delivery_id)
    if delivery.status != DeliveryStatus.PENDING:
        return True
    subscription = delivery.subscription
    body = json.dumps({"id": delivery.pk, **delivery.payload}, separators=(",", ":")).encode()
    request = urllib.request.Request(subscription.url, data=body, method="POST")  # noqa: S310 - checked on create
    request.add_header("Content-Type", "application/json")
    request.add_header("X-Portal-Event", delivery.event)
    request.add_header("X-Portal-Delivery", str(delivery.pk))
    request.add_header("X-Portal-Signature", sign(subscription.secret, body))
    code, error = None, ""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            code = response.status
    except urllib.error.HTTPError as e:
        code, error = e.code, f"HTTP {e.code}"
    except (urllib.error.URLError, OSError) as e:
        error = str(getattr(e, "reason", e))[:500]
    return _settle(delivery, code, error)


@transaction.atomic
def _settle(delivery: WebhookDelivery, code: int | None, error: str) -> bool:
    delivery = WebhookDelivery.objects.select_for_update().get(pk=delivery.pk)
    subscription = WebhookSubscription.objects.select_for_update().get(pk=delivery.subscription_id)
    delivery.attempts += 1
    delivery.response_status, delivery.error = code, error
    ok = code is not None and 200 <= code < 300
    if ok:
        delivery.status, delivery.delivered_at, subscription.failures = DeliveryStatus.DELIVERED, timezone.now(), 0
    elif delivery.attempts >= settings.WEBHOOK_MAX_ATTEMPTS:
        delivery.status = DeliveryStatus.FAILED
        subscription.failures += 1
        if subscription.failures >= settings.WEBHOOK_PAUSE_AFTER and subscription.is_active:
            _pause(subscription)
    delivery.save(update_fields=["attempts", "response_status", "error", "status", "delivered_at"])
    subscription.save(update_fields=["failures", "is_active", "paused_at"])
    return delivery.status != DeliveryStatus.PENDING


@transaction.atomic
def subscription_pause(*, subscription: WebhookSubscription, by) -> WebhookSubscription:
    """Paused by hand: no deliveries are sent until it is resumed (nothing is queued for it meanwhile)."""
    access.require(by, "change", subscription)
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.is_active:
        subscription.is_active, subscription.paused_at = False, timezone.now()
        subscription.save(update_fields=["is_active", "paused_at"])
        audit.record(actor=by, action="api.webhook.paused_by_hand", obj=subscription)
    return subscription


@transaction.atomic
def subscription_delete(*, subscription: WebhookSubscription, by) -> None:
    """Stop for good: the subscription and its delivery log are deleted; the audit trail keeps what it was."""
    access.require(by, "delete", subscription)
    subscription = WebhookSubscription.objects.select_for_update().get(pk=subscription.pk)
    changes = {"url": subscription.url, "events": subscription.events, "organisation": subscription.organisation}
    audit.record(actor=by, action="api.webhook.deleted", obj=subscription, changes=changes)
    subscription.deliveries.all().delete()
    subscription.delete()


def _pause(subscription: WebhookSubscription) -> None:
    subscription.is_active, subscription.paused_at = False, timezone.now()
    audit.record(actor=None, action="api.webhook.paused", obj=subscription, changes={"failures": subscription.failures})
    if subscription.owner_id:
        path = reverse("webhooks:webhook_detail", kwargs={"pk": subscription.pk})
        page = settings.SITE_URL + path
        subject = str(_("Webhook paused: %(url)s") % {"url": subscription.url})
        body = str(
            _(
                "The last %(count)s deliveries to %(url)s failed, so no more are sent. Fix the receiver, then resume "
                "the subscription on its page, where failed deliveries can be sent again: %(page)s"
            )
            % {"count": subscription.failures, "url": subscription.url, "page": page}
        )
        to = recipients.owner_of(subscription)
        notify(users=to, kind=NotificationKind.SYSTEM, subject=subject, body=body, url=path)


@transaction.atomic
def delivery_resend(*, delivery: WebhookDelivery, by) -> WebhookDelivery:
    """The same event once more, as a new delivery (the log keeps both)."""
    access.require(by, "resend", delivery.subscription)
    again = WebhookDelivery.objects.create(
        subscription=delivery.subscription, event=delivery.event, payload=delivery.payload
    )
    audit.record(actor=by, action="api.webhook.resent", obj=delivery.subscription, changes={"delivery": delivery.pk})
    transaction.on_commit(partial(_send_later, again.pk))
    return again
