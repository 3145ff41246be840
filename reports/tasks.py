"""Celery tasks: load by id and call a service; the services hold the rules."""

from celery import shared_task


@shared_task(name="reports.rounds_close_due")
def rounds_close_due_task() -> list[int]:
    """Beat: close the rounds whose deadline passed (which orders their documents)."""
    from .services import rounds_close_due

    return rounds_close_due()


@shared_task(name="reports.rounds_notify_office_due")
def rounds_notify_office_due_task() -> int:
    """Beat: send the office the reminders that fall due."""
    from .services import rounds_notify_office_due

    return rounds_notify_office_due()
