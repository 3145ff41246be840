"""Celery task of step 3: e-mail reviewers whose review falls due. Schedule it daily (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task(name="portfolio.review_reminders")
def review_reminders_task() -> int:
    """Send each falling-due review its one reminder; returns how many were sent (idempotent)."""
    from .queries.scoring import reviews_falling_due
    from .services.scoring import review_remind

    return sum(review_remind(assignment=a) for a in reviews_falling_due())
