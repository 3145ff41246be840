"""Ordering and generating documents. The same round, format and parameters give the same document again. The
worker, its lock, retries and the sweeper are core.documents' (this module registers the kind)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from core import access, audit, documents, health
from core.models import User

from ..choices import DocumentKind
from ..models import GeneratedReport, ReportingRound

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
    if existing and not refresh and not documents.needs_another_try(existing):
        return existing
    if existing and not refresh:
        report = existing
        documents.restart(report)
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
    documents.queue_on_commit(report)
    return report


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


def _build(report: GeneratedReport, step: Callable[[int], None]) -> documents.Built:
    from ..outputs import build_document

    content, extension, filename, as_of = build_document(report, step)
    return documents.Built(content, extension, fields={"filename": filename, "data_as_of": as_of})


_LOCK_SPACE = 190001  # the documents' advisory locks (core.documents)
KIND = documents.register(
    model=GeneratedReport,
    build=_build,
    folder=lambda report: f"reports/{report.round_id}",
    generated_action="reports.document.generated",
    lock_space=_LOCK_SPACE,
    language=lambda report: report.parameters.get("language") or "nb",
    select_related=("round",),
)


def report_generate(report: GeneratedReport, progress: Callable[[int], None] | None = None) -> GeneratedReport:
    """Build the document of `report` (in the worker; core.documents.generate: idempotent, at most
    REPORT_MAX_ATTEMPTS tries, DONE only with a complete file)."""
    return documents.generate(report, progress)


def documents_sweep() -> dict[str, list[int]]:
    """The reports' documents whose worker died are queued again (or failed); lost messages are sent again (the
    beat task `core.documents_sweep` sweeps every kind)."""
    return documents.sweep(KIND)
