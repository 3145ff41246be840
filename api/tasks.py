from celery import shared_task

from .webhooks import delivery_attempt


@shared_task(name="api.webhook_deliver", bind=True, acks_late=True, max_retries=None)
def webhook_deliver_task(self, delivery_id: int) -> None:
    """Send one webhook delivery; not settled yet: again after 10 s, 20 s, 40 s … (at most an hour)."""
    if not delivery_attempt(delivery_id):
        raise self.retry(countdown=min(10 * 2**self.request.retries, 3600))
