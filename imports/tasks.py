"""Celery tasks: load by id and call a service; the services hold the rules."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

OPTIONS = {
    "bind": True,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": True,
    "max_retries": 3,
}


@shared_task(name="imports.import_check", **OPTIONS)
def import_check_task(self, job_id: int) -> str:
    """The dry run of an uploaded file (rolled back); idempotent."""
    from .services import import_execute

    return import_execute(job_id=job_id, commit=False).status


@shared_task(name="imports.import_run", **OPTIONS)
def import_run_task(self, job_id: int) -> str:
    """The import itself, in one transaction; idempotent (a finished import returns at once)."""
    from .services import import_execute

    return import_execute(job_id=job_id, commit=True).status
