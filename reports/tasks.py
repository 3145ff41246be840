"""Celery tasks: load by id and call a service; the services hold the rules."""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    name="reports.report_generate",
)
def report_generate_task(self, report_id: int) -> str:
    """Idempotent: returns at once when the document is done; progress goes to the row and to the task state."""
    from .choices import JobStatus
    from .models import GeneratedReport
    from .services import report_generate

    report = GeneratedReport.objects.filter(pk=report_id).first()
    if report is None:
        return "missing"
    if report.status == JobStatus.DONE:
        return JobStatus.DONE

    def progress(percent: int) -> None:
        if self.request.id and not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"percent": percent})

    return report_generate(report, progress=progress).status


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


@shared_task(name="reports.documents_sweep")
def documents_sweep_task() -> dict:
    """Beat: documents whose worker died are queued again or failed; lost messages are sent again."""
    from .services import documents_sweep

    return documents_sweep()
