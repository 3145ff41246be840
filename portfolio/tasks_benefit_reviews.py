"""Celery task of the benefit reviews (issue 23): open a review for each running measure that has none and re-date
the open ones to the interval in force (a measure that started running since yesterday gets its first). Daily
(CELERY_BEAT_SCHEDULE)."""

from celery import shared_task


@shared_task(name="portfolio.benefit_reviews_schedule")
def benefit_reviews_schedule_task() -> int:
    """How many reviews were opened (idempotent)."""
    from .services.benefit_reviews import benefit_reviews_schedule

    return benefit_reviews_schedule()
