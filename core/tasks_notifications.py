"""The daily digest of notifications (core/notifications.py), run by beat."""

from celery import shared_task


@shared_task(name="core.notifications_digest", acks_late=True)
def notifications_digest_task() -> int:
    """Beat, once a day: e-mail each user who chose a digest what came since the last one."""
    from .notifications import digest_send

    return digest_send()
