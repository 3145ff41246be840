"""Ordering and generating documents. The same round, format and parameters give the same document again."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import access, audit, health
from core.models import User

from ..choices import DocumentKind, JobStatus
from ..models import GeneratedReport, ReportingRound

log = logging.getLogger(__name__)
PARAMETER_KEYS = {"life_event", "ministry", "evaluations", "table", "language"}


def parameters_hash(kind: str, params: dict) -> str:
    canonical = json.dumps({"kind": kind, **params}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _clean_params(round: ReportingRound, kind: str, params: dict) -> dict:
    from ..frames import LIFE_EVENT_TABLES

    params = {k: v for k, v in (params or {}).items() if k in PARAMETER_KEYS and v not in (None, "")}
    params.setdefault("language", translation.get_language() or "nb")
    if round.life_event_id:
        params["life_event"] = round.life_event_id
        params.pop("ministry", None)  # a round of one life event reports on it alone
    if params.get("life_event") and params.get("ministry"):
        raise ValidationError({"ministry": _("Choose one life event or a ministry's life events, not both.")})
    if params.pop("evaluations", False):
        if kind != DocumentKind.XLSX:
            raise ValidationError({"evaluations": _("The evaluations are only in the Excel workbook.")})
        params["evaluations"] = True
    if kind == DocumentKind.CSV:
        tables = {k for k, _f in LIFE_EVENT_TABLES} | {"rollup", "cross", "proposals"}
        if params.get("table") not in tables:
            raise ValidationError({"table": _("Choose a table for the CSV file.")})
    else:
        params.pop("table", None)
    return params


@transaction.atomic
def report_request(
    *, round: ReportingRound, kind: str, params: dict, by: User | None, refresh: bool = False
) -> GeneratedReport:
    """Order a document. Returns the existing one for the same round, format and parameters (a failed one is
    queued again); `refresh=True` makes a new version. Generation is queued after the commit."""
    if by is not None and not access.can(by, "order", round):
        raise PermissionDenied
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown format.")})
    params = _clean_params(round, kind, params)
    _require_life_event_access(by, params.get("life_event"))
    _require_ministry_access(by, params.get("ministry"))
    if params.get("evaluations") and by is not None and not access.can(by, "order_evaluations", round):
        raise PermissionDenied  # the scores stay with the office (the reveal rule)
    if not health.broker_reachable():
        raise ValidationError(
            _("Documents cannot be ordered right now: the report service is not available. Try again in a while."),
            code="unavailable",
        )
    digest = parameters_hash(kind, params)
    existing = (
        GeneratedReport.objects.select_for_update()
        .filter(round=round, kind=kind, parameters_hash=digest)
        .order_by("-version")
        .first()
    )
    if existing and not refresh and not _needs_another_try(existing):
        return existing
    if existing and not refresh:
        report = existing
        report.status, report.error, report.progress = JobStatus.QUEUED, "", 0
        report.save(update_fields=["status", "error", "progress"])
    else:
        report = GeneratedReport.objects.create(
            round=round,
            kind=kind,
            parameters=params,
            parameters_hash=digest,
            version=(existing.version + 1) if existing else 1,
            life_event_id=params.get("life_event"),
            ministry_id=params.get("ministry"),
            is_restricted=bool(params.get("life_event") or params.get("ministry")),
            office_only=bool(params.get("evaluations")),
            requested_by=by,
        )
    audit.record(
        actor=by,
        action="reports.document.requested",
        obj=report,
        changes={"kind": kind, "parameters": params, "version": report.version},
    )
    transaction.on_commit(partial(_queue, report.pk))
    return report


def _queue(report_id: int) -> None:
    """Queue the generation (after the commit). If the broker went away since, the row stays QUEUED and the sweeper
    (`documents_sweep`) queues it again: the database row is the durable order, the message only a wake-up."""
    from ..tasks import report_generate_task

    try:
        report_generate_task.delay(report_id)
    except Exception:  # kombu raises the transport's own errors
        log.warning("Document %s could not be queued now; the sweeper will queue it again", report_id, exc_info=True)


def _needs_another_try(report: GeneratedReport) -> bool:
    """Failed; running, but no worker holds it (the worker died); or queued for so long that its message was lost."""
    if report.status == JobStatus.FAILED:
        return True
    if report.status == JobStatus.RUNNING:
        return _orphaned(report)
    queued_since = report.started_at or report.requested_at
    stale = timezone.now() - timedelta(seconds=settings.REPORT_QUEUED_STALE)
    return report.status == JobStatus.QUEUED and queued_since is not None and queued_since < stale


def may_see_life_event_report(by, life_event_id) -> bool:
    """A ministry official sees and orders reports of the whole portfolio or of the life events the ministry
    follows; a report of one life event is restricted to those ministries (the page as the document)."""
    from lifeevents.models import LifeEvent

    if by is None or not life_event_id or access.is_office(by):
        return True
    return LifeEvent.objects.of_ministry(by.organisation_id).filter(pk=life_event_id).exists()


def _require_life_event_access(by, life_event_id) -> None:
    if not may_see_life_event_report(by, life_event_id):
        raise PermissionDenied


def _require_ministry_access(by, ministry_id) -> None:
    """A ministry's brief: the office orders it for any ministry, a ministry official for their own only."""
    if ministry_id and by is not None and not access.is_office(by) and access.ministry_of(by) != ministry_id:
        raise PermissionDenied


def _set(report: GeneratedReport, **fields) -> None:
    """Progress and state are written in their own short transaction so the page can poll them."""
    for key, value in fields.items():
        setattr(report, key, value)
    GeneratedReport.objects.filter(pk=report.pk).update(**fields)


def _store(report: GeneratedReport, content: bytes, extension: str) -> str:
    """Write the file under a name made of its checksum: a half-written file can never be taken for the
    document, because the row points to the file only after it is complete (and its checksum matches)."""
    digest = hashlib.sha256(content).hexdigest()
    name = f"reports/{report.round_id}/{digest}.{extension}"
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as existing:
            if hashlib.sha256(existing.read()).hexdigest() == digest:
                return name
        default_storage.delete(name)  # left half-written by a killed worker
    saved = default_storage.save(name, ContentFile(content))
    return saved


def report_generate(report: GeneratedReport, progress: Callable[[int], None] | None = None) -> GeneratedReport:
    """Build the document of `report`. Idempotent: a finished report is returned as is; one that another worker is
    building (it holds the document's lock) is returned as is; one left RUNNING by a killed worker is built again
    from the start, at most REPORT_MAX_ATTEMPTS times. The row becomes DONE only with a complete file."""
    report = GeneratedReport.objects.select_related("round").get(pk=report.pk)
    if report.status == JobStatus.DONE or not _try_lock(report.pk):
        return report
    try:
        report.refresh_from_db()
        if report.status == JobStatus.DONE:
            return report
        if report.status == JobStatus.RUNNING and report.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _give_up(report)
            return report
        return _build(report, progress)
    finally:
        _unlock(report.pk)


def _build(report: GeneratedReport, progress: Callable[[int], None] | None) -> GeneratedReport:
    from ..outputs import build_document

    def step(percent: int) -> None:
        _set(report, progress=percent)
        if progress:
            progress(percent)

    _set(report, status=JobStatus.RUNNING, started_at=timezone.now(), attempts=report.attempts + 1, error="")
    step(5)
    try:
        with translation.override(report.parameters.get("language") or "nb"):
            content, extension, filename, as_of = build_document(report, step)
        name = _store(report, content, extension)
    except Exception as exc:
        from django.db import InterfaceError, OperationalError

        if isinstance(exc, (OperationalError, InterfaceError)):
            raise  # transient: the task retries with backoff
        log.exception("Report %s failed", report.pk)
        _set(report, status=JobStatus.FAILED, error=f"{type(exc).__name__}: {exc}"[:2000], finished_at=timezone.now())
        return report
    with transaction.atomic():
        _set(
            report,
            file=name,
            filename=filename,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            data_as_of=as_of,
            status=JobStatus.DONE,
            progress=100,
            finished_at=timezone.now(),
        )
        audit.record(actor=None, action="reports.document.generated", obj=report, changes={"sha256": report.sha256})
    return report


# ---- documents whose worker died ---------------------------------------------------------------------------------
# While a worker builds a document it holds a PostgreSQL advisory lock on it (a session lock: it goes with the
# worker's database connection, so it is released the moment the worker dies). RUNNING without the lock = orphaned.

_LOCK_SPACE = 190001  # the first key of the documents' advisory locks


def _try_lock(report_id: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [_LOCK_SPACE, report_id % 2**31])
        return bool(cursor.fetchone()[0])


def _unlock(report_id: int) -> None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [_LOCK_SPACE, report_id % 2**31])
    except Exception:  # the connection is gone, and the lock with it
        log.warning("Could not release the lock of document %s", report_id, exc_info=True)


def _orphaned(report: GeneratedReport) -> bool:
    """RUNNING, but no worker holds it."""
    if report.status != JobStatus.RUNNING or not _try_lock(report.pk):
        return False
    _unlock(report.pk)
    return True


def _give_up(report: GeneratedReport) -> None:
    with translation.override(report.parameters.get("language") or "nb"):
        error = _("The report service stopped %(n)s times while making this document. Order it again later.") % {
            "n": report.attempts
        }
    _set(report, status=JobStatus.FAILED, error=error, finished_at=timezone.now())


def documents_sweep() -> dict[str, list[int]]:
    """Beat, every REPORT_SWEEP_SECONDS: a document whose worker died is queued again (or failed after
    REPORT_MAX_ATTEMPTS), and a document queued longer than REPORT_QUEUED_STALE (its message lost, e.g. the broker
    was down when it was ordered) is queued again. A second message for the same document does no harm: the task
    returns at once when the document is done or another worker holds it."""
    requeued, failed = [], []
    for report in GeneratedReport.objects.filter(status=JobStatus.RUNNING):
        if not _orphaned(report):
            continue
        if report.attempts >= settings.REPORT_MAX_ATTEMPTS:
            _give_up(report)
            failed.append(report.pk)
        else:
            _set(report, status=JobStatus.QUEUED, progress=0)
            requeued.append(report.pk)
    stale = timezone.now() - timedelta(seconds=settings.REPORT_QUEUED_STALE)
    lost = GeneratedReport.objects.filter(status=JobStatus.QUEUED, requested_at__lt=stale).exclude(
        started_at__gte=stale
    )
    requeued += [pk for pk in lost.values_list("pk", flat=True) if pk not in requeued]
    for pk in requeued:
        _queue(pk)
    if requeued or failed:
        log.warning("Documents sweep: queued again %s, failed %s", requeued, failed)
    return {"requeued": requeued, "failed": failed}
