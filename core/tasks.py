import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import mail


@shared_task(name="core.ping")
def ping_task() -> str:
    """Round-trip check for the broker and a worker (used by the health check and the tests)."""
    return "pong"


@shared_task(
    name="core.email_send",
    acks_late=True,  # a worker that dies mid-send hands the message back to the broker
    autoretry_for=(smtplib.SMTPException, OSError),  # the server refused, went away or is not there: try again
    retry_backoff=2,  # 2, 4, 8 … seconds
    retry_backoff_max=600,
    retry_jitter=False,
    max_retries=15,  # about 2 hours of retries before the message is given up (logged by Celery)
)
def email_send_task(*, subject: str, body: str, from_email: str | None, to: list[str]) -> None:
    """Send one e-mail of the portal (queued by core.mail after the commit)."""
    mail.deliver(subject=subject, body=body, from_email=from_email, to=to)


@shared_task(name="core.organisations_sync", acks_late=True)
def organisations_sync_task() -> list[str] | None:
    """The beat job: update the organisations from Enhetsregisteret (settings.ENHETSREGISTERET_SOURCE)."""
    from django.conf import settings

    from .enhetsregisteret import organisations_sync

    if not settings.ENHETSREGISTERET_SOURCE:
        return None
    return organisations_sync(source=settings.ENHETSREGISTERET_SOURCE).changed


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    name="core.document_build",
)
def document_build_task(self, label: str, pk: int) -> str:
    """Build one stored document (core.documents), found by its model's label and id. Idempotent: a ready document
    returns at once; progress goes to the row and to the task's state."""
    from .documents import DocumentStatus, generate, kind_of_label

    kind = kind_of_label(label)
    document = kind.model.objects.filter(pk=pk).first() if kind else None
    if document is None:
        return "missing"
    if document.status == DocumentStatus.DONE:
        return DocumentStatus.DONE

    def progress(percent: int) -> None:
        if self.request.id and not self.request.is_eager:
            self.update_state(state="PROGRESS", meta={"percent": percent})

    return generate(document, progress=progress).status


@shared_task(name="core.documents_sweep")
def documents_sweep_task() -> dict:
    """Beat: documents whose worker died are queued again or failed; lost messages are sent again (every kind)."""
    from .documents import sweep_all

    return sweep_all()
