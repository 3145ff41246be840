"""Stored, versioned documents made by the worker: one service for every kind (the reports' documents, the decision
brief, and whatever PDF an app stores next).

The row is the durable order and the Celery message only a wake-up. A worker holds a PostgreSQL advisory lock (a
session lock: it goes with the worker's connection, so it is released the moment the worker dies) while it builds a
document; RUNNING without the lock means its worker died. The sweeper (`core.documents_sweep`, beat every
REPORT_SWEEP_SECONDS) queues such a document again, or fails it after REPORT_MAX_ATTEMPTS, and queues again one that
waited longer than REPORT_QUEUED_STALE (its message lost). A second message for the same document does no harm: the
task returns at once when the document is done or another worker holds it. The file is stored under a name made of
its checksum and the row points to it only once it is complete, so a half-written file is never the document.
/health/'s "queue" check is the age of the oldest queued document of any kind.

How an app stores a document of its own:

1. The model subclasses `core.document_models.StoredDocument` (status, error, file, size, sha256, requested_at,
   started_at, finished_at, attempts; a `progress` field of its own is kept up to date when it has one), adds what
   it is a document of and a version, and overrides `file` for its own `upload_to`.
2. The app registers the kind once, at import of its service module, which its `AppConfig.ready()` imports
   (the worker finds the kind by the model's label)::

       KIND = documents.register(
           model=AgreementDocument,
           build=_build,  # (document, step) -> documents.Built(content, "pdf", fields={...}); step(percent)
           folder=lambda doc: f"agreements/{doc.agreement_id}",
           generated_action="agreements.document.generated",  # the audit row written when it is ready
           lock_space=190003,  # unique per kind (190001 reports, 190002 decision briefs)
           language=lambda doc: doc.language,  # optional: the language the document is built in
       )

   `build` runs in the worker inside `translation.override(language(doc))`; render a PDF with `core.pdf.render_pdf`.
   It may raise: the document is FAILED with the error (a database error is transient: the task retries it).
3. The service that orders a version creates the row (status QUEUED) in its transaction, writes its own audit row,
   and calls `documents.queue_on_commit(doc)`. To order the same document again after a failure or a lost
   worker, ask `documents.needs_another_try(doc)` and call `documents.restart(doc)` (then `queue_on_commit`).
4. A page shows `documents.newest_and_ready(queryset)`: the newest version (its state) and the newest ready one
   (downloaded through a view that checks the policy; `doc.file` is never served directly).
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import audit
from .document_models import DocumentStatus, StoredDocument
from .health import Check

log = logging.getLogger(__name__)

__all__ = [
    "Built",
    "DocumentKind",
    "DocumentStatus",
    "StoredDocument",
    "generate",
    "needs_another_try",
    "newest_and_ready",
    "queue_on_commit",
    "register",
    "restart",
    "sweep",
    "sweep_all",
]


@dataclass(frozen=True)
class Built:
    """What a kind's `build` returns: the file's bytes, its extension, and further fields of the row to set when
    it is ready (a file name, the time the data is as of, …)."""

    content: bytes
    extension: str
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentKind:
    model: type[StoredDocument]
    build: Callable[[Any, Callable[[int], None]], Built]
    folder: Callable[[Any], str]
    generated_action: str
    lock_space: int
    language: Callable[[Any], str] | None = None
    select_related: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.model._meta.label_lower

    @property
    def has_progress(self) -> bool:
        return any(f.name == "progress" for f in self.model._meta.concrete_fields)

    def language_of(self, document) -> str:
        return (self.language(document) if self.language else None) or settings.LANGUAGE_CODE


_KINDS: dict[str, DocumentKind] = {}


def register(**spec) -> DocumentKind:
    """Register a kind of document (see the module's docstring); returns it. Registering the same model again
    replaces it (a module reloaded); two kinds may not share a lock space."""
    kind = DocumentKind(**spec)
    clash = [k for k in _KINDS.values() if k.lock_space == kind.lock_space and k.label != kind.label]
    if clash:
        raise ValueError(f"lock space {kind.lock_space} is {clash[0].label}'s")
    _KINDS[kind.label] = kind
    return kind


def kind_of(document_or_model) -> DocumentKind:
    return _KINDS[document_or_model._meta.label_lower]


def kind_of_label(label: str) -> DocumentKind | None:
    return _KINDS.get(label.lower())


def kinds() -> list[DocumentKind]:
    return list(_KINDS.values())


# ---- ordering ------------------------------------------------------------------------------------------------------


def queue_on_commit(document: StoredDocument) -> None:
    """Queue the build when the caller's transaction commits (the row is the order: if the broker is gone then, the
    row stays QUEUED and the sweeper queues it again)."""
    transaction.on_commit(partial(_queue, document._meta.label_lower, document.pk))


def _queue(label: str, pk: int) -> None:
    from .tasks import document_build_task

    try:
        document_build_task.delay(label, pk)
    except Exception:  # kombu raises the transport's own errors
        log.warning("Document %s %s could not be queued now; the sweeper will queue it again", label, pk, exc_info=True)


def needs_another_try(document: StoredDocument) -> bool:
    """Failed; running, but no worker holds it (the worker died); or queued for so long that its message was lost."""
    if document.status == DocumentStatus.FAILED:
        return True
    if document.status == DocumentStatus.RUNNING:
        return _orphaned(kind_of(document), document)
    queued_since = document.started_at or document.requested_at
    stale = timezone.now() - timedelta(seconds=settings.REPORT_QUEUED_STALE)
    return document.status == DocumentStatus.QUEUED and queued_since is not None and queued_since < stale


def restart(document: StoredDocument) -> None:
    """Back to QUEUED with no error (inside the caller's transaction, on a row it locked); queue it on commit."""
    fields = {"status": DocumentStatus.QUEUED, "error": ""}
    if kind_of(document).has_progress:
        fields["progress"] = 0
    for key, value in fields.items():
        setattr(document, key, value)
    document.save(update_fields=list(fields))


def newest_and_ready(queryset, limit: int = 20) -> tuple[Any, Any]:
    """The newest version (its state is shown) and the newest ready one (it is downloaded), in one query."""
    newest = ready = None
    for document in queryset.order_by("-version")[:limit]:
        newest = newest or document
        if document.status == DocumentStatus.DONE:
            ready = document
            break
    return newest, ready


# ---- building (the worker) ------------------------------------------------------------------------------------------


def generate(document: StoredDocument, progress: Callable[[int], None] | None = None):
    """Build the document. Idempotent: a ready one, or one another worker holds, is returned as is; one left RUNNING
    by a worker that died is built again from the start, at most REPORT_MAX_ATTEMPTS times. DONE only with a
    complete file."""
    kind = kind_of(document)
    document = kind.model.objects.select_related(*kind.select_related).get(pk=document.pk)
    if document.status == DocumentStatus.DONE or not _try_lock(kind, document.pk):
        return document
    try:
        document.refresh_from_db()
        if document.status == DocumentStatus.DONE:
            return document
        if document.status == DocumentStatus.RUNNING and document.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _give_up(kind, document)
            return document
        return _build(kind, document, progress)
    finally:
        _unlock(kind, document.pk)


def _set(document: StoredDocument, **fields) -> None:
    """State and progress are written in their own short statement so the page can poll them."""
    for key, value in fields.items():
        setattr(document, key, value)
    type(document).objects.filter(pk=document.pk).update(**fields)


def _build(kind: DocumentKind, document, progress: Callable[[int], None] | None):
    def step(percent: int) -> None:
        if kind.has_progress:
            _set(document, progress=percent)
        if progress:
            progress(percent)

    _set(document, status=DocumentStatus.RUNNING, started_at=timezone.now(), attempts=document.attempts + 1, error="")
    step(5)
    try:
        with translation.override(kind.language_of(document)):
            built = kind.build(document, step)
        name = _store(kind.folder(document), built.content, built.extension)
    except (OperationalError, InterfaceError):
        raise  # transient: the task retries with back-off
    except Exception as exc:
        log.exception("Document %s %s failed", kind.label, document.pk)
        error = f"{type(exc).__name__}: {exc}"[:2000]
        _set(document, status=DocumentStatus.FAILED, error=error, finished_at=timezone.now())
        return document
    digest = hashlib.sha256(built.content).hexdigest()
    done = {"status": DocumentStatus.DONE, "finished_at": timezone.now(), **built.fields}
    if kind.has_progress:
        done["progress"] = 100
    with transaction.atomic():
        _set(document, file=name, size=len(built.content), sha256=digest, **done)
        audit.record(actor=None, action=kind.generated_action, obj=document, changes={"sha256": digest})
    return document


def _store(folder: str, content: bytes, extension: str) -> str:
    """Write the file under a name made of its checksum; one left half-written by a killed worker is replaced."""
    digest = hashlib.sha256(content).hexdigest()
    name = f"{folder}/{digest}.{extension}"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as existing:
            if hashlib.sha256(existing.read()).hexdigest() == digest:
                return name
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(content))


# ---- documents whose worker died ------------------------------------------------------------------------------------


def _try_lock(kind: DocumentKind, pk: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [kind.lock_space, pk % 2**31])
        return bool(cursor.fetchone()[0])


def _unlock(kind: DocumentKind, pk: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [kind.lock_space, pk % 2**31])
    except Exception:  # the connection is gone, and the lock with it
        log.warning("Could not release the lock of document %s %s", kind.label, pk, exc_info=True)


def _orphaned(kind: DocumentKind, document) -> bool:
    """RUNNING, but no worker holds it."""
    if document.status != DocumentStatus.RUNNING or not _try_lock(kind, document.pk):
        return False
    _unlock(kind, document.pk)
    return True


def _give_up(kind: DocumentKind, document) -> None:
    with translation.override(kind.language_of(document)):
        error = _("The report service stopped %(n)s times while making this document. Order it again later.") % {
            "n": document.attempts
        }
    _set(document, status=DocumentStatus.FAILED, error=error, finished_at=timezone.now())


def sweep(kind: DocumentKind) -> dict[str, list[int]]:
    """One kind's documents whose worker died are queued again (or failed after REPORT_MAX_ATTEMPTS), and those
    queued longer than REPORT_QUEUED_STALE are queued again."""
    requeued, failed = [], []
    for document in kind.model.objects.filter(status=DocumentStatus.RUNNING):
        if not _orphaned(kind, document):
            continue
        if document.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _give_up(kind, document)
            failed.append(document.pk)
        else:
            _set(document, status=DocumentStatus.QUEUED, **({"progress": 0} if kind.has_progress else {}))
            requeued.append(document.pk)
    stale = timezone.now() - timedelta(seconds=settings.REPORT_QUEUED_STALE)
    lost = kind.model.objects.filter(status=DocumentStatus.QUEUED, requested_at__lt=stale).exclude(
        started_at__gte=stale
    )
    requeued += [pk for pk in lost.values_list("pk", flat=True) if pk not in requeued]
    for pk in requeued:
        _queue(kind.label, pk)
    if requeued or failed:
        log.warning("Documents sweep (%s): queued again %s, failed %s", kind.label, requeued, failed)
    return {"requeued": requeued, "failed": failed}


def sweep_all() -> dict[str, dict[str, list[int]]]:
    """Beat: every kind's sweep, by the model's label."""
    return {kind.label: sweep(kind) for kind in kinds()}


def queue_check() -> Check:
    """/health/: the age of the oldest queued document of any kind, against REPORT_QUEUED_STALE."""
    oldest = [
        kind.model.objects.filter(status=DocumentStatus.QUEUED)
        .order_by("requested_at")
        .values_list("requested_at", flat=True)
        .first()
        for kind in kinds()
    ]
    oldest = [when for when in oldest if when is not None]
    age = (timezone.now() - min(oldest)).total_seconds() if oldest else 0.0
    return Check(age <= settings.REPORT_QUEUED_STALE, {"oldest_queued_seconds": round(age, 1)})
