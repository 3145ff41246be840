"""Ordering and generating documents. The same round, format and parameters give the same document again."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from datetime import timedelta
from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import access, audit
from core.models import User

from ..choices import DocumentKind, JobStatus
from ..models import GeneratedReport, ReportingRound

log = logging.getLogger(__name__)
PARAMETER_KEYS = {"life_event", "table", "language"}


def parameters_hash(kind: str, params: dict) -> str:
    canonical = json.dumps({"kind": kind, **params}, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _clean_params(round: ReportingRound, kind: str, params: dict) -> dict:
    from ..frames import LIFE_EVENT_TABLES

    params = {k: v for k, v in (params or {}).items() if k in PARAMETER_KEYS and v not in (None, "")}
    params.setdefault("language", translation.get_language() or "nb")
    if round.life_event_id:
        params["life_event"] = round.life_event_id
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
    from ..tasks import report_generate_task

    if by is not None and not access.can_order_reports(by):
        raise PermissionDenied
    if kind not in DocumentKind.values:
        raise ValidationError({"kind": _("Unknown format.")})
    params = _clean_params(round, kind, params)
    _require_life_event_access(by, params.get("life_event"))
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
            is_restricted=bool(params.get("life_event")),
            requested_by=by,
        )
    audit.record(
        actor=by,
        action="reports.document.requested",
        obj=report,
        changes={"kind": kind, "parameters": params, "version": report.version},
    )
    transaction.on_commit(partial(report_generate_task.delay, report.pk))
    return report


STALE_AFTER = timedelta(minutes=30)


def _needs_another_try(report: GeneratedReport) -> bool:
    """Failed, or pending for so long that its message was lost (the broker restarted with the queue)."""
    if report.status == JobStatus.FAILED:
        return True
    last = report.started_at or report.requested_at
    return report.is_pending and last is not None and last < timezone.now() - STALE_AFTER


def _require_life_event_access(by, life_event_id) -> None:
    """A ministry official orders documents of the whole portfolio or of the life events the ministry follows;
    a document of one life event is restricted to those ministries, so no other could open it."""
    from lifeevents.models import LifeEvent

    if by is None or not life_event_id or access.is_office(by):
        return
    if not LifeEvent.objects.of_ministry(by.organisation_id).filter(pk=life_event_id).exists():
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
    """Build the document of `report`. Idempotent: a finished report is returned as is; a report left RUNNING by a
    killed worker is built again from the start. The row becomes DONE only with a complete file and its checksum."""
    from ..outputs import build_document

    report = GeneratedReport.objects.select_related("round").get(pk=report.pk)
    if report.status == JobStatus.DONE:
        return report

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
