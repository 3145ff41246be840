"""Webhook events from the audit trail: a new audit row may queue deliveries (api.webhooks.deliveries_queue)."""

from django.db.models.signals import post_save

from core.models import AuditEvent


def _audited(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .webhooks import deliveries_queue

        deliveries_queue(instance)


def connect() -> None:
    post_save.connect(_audited, sender=AuditEvent, dispatch_uid="api.webhooks")
