from celery import shared_task


@shared_task(name="core.ping")
def ping_task() -> str:
    """Round-trip check for the broker and a worker (used by the health check and the tests)."""
    return "pong"
