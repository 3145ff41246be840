"""The import's writes: upload a file (refused at once when the file itself is bad), its dry run and the import in
the Celery worker, both row by row through the kind's services (`kinds.py`).

The dry run runs every row exactly as the import would, in one transaction that is rolled back: what it shows is
what the import will do. The import runs in one transaction too, each row in its own savepoint: a row that fails
saves nothing of itself and is reported with its columns; the rows that pass are saved and each is audited as
imported with the file it came from. A worker that dies mid-import saves nothing (the transaction never commits),
and the task runs again. Progress goes to the cache (the rows are written inside the transaction, unseen until it
commits), and the page polls it."""

from __future__ import annotations

import hashlib
import io
from collections import Counter
from functools import partial

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from core import access, audit

from .columns import CellError, Lookups, convert
from .kinds import KINDS, Row
from .models import ImportJob, ImportStatus
from .reading import FileRefused, Table, max_bytes, read_table

PROGRESS_EVERY = 25


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def check_columns(table: Table, kind: str) -> None:
    """Refuse a file whose header row is not the kind's: unknown columns, missing required ones, duplicates."""
    columns = {c.key: c for c in KINDS[kind].columns}
    headers = [h for h in table.headers if h]
    unknown = [h for h in headers if h not in columns]
    missing = [key for key, c in columns.items() if c.required and key not in headers]
    twice = sorted({h for h in headers if headers.count(h) > 1})
    problems = []
    if unknown:
        problems.append(_t("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    if missing:
        problems.append(_t("Missing columns: %(names)s.") % {"names": ", ".join(missing)})
    if twice:
        problems.append(_t("Columns given twice: %(names)s.") % {"names": ", ".join(twice)})
    if problems:
        problems.append(_t("Start from the template of this kind: its first row names the columns."))
        raise FileRefused(" ".join(problems))


@transaction.atomic
def import_upload(*, kind: str, upload, by) -> ImportJob:
    """Keep the uploaded file and order its dry run. A bad file is refused here (ValidationError), nothing kept."""
    access.require(by, "create", ImportJob(kind=kind, created_by=by))
    if kind not in KINDS:
        raise ValidationError({"kind": _("Choose what the file holds.")})
    if upload.size > max_bytes():  # refused before it is read into memory
        mb = max_bytes() // (1024 * 1024)
        raise ValidationError(
            {"file": _("The file is larger than %(mb)s MB. Split it into smaller files.") % {"mb": mb}}
        )
    content = upload.read()
    try:
        table = read_table(io.BytesIO(content), upload.name)
        check_columns(table, kind)
    except FileRefused as e:
        raise ValidationError({"file": e.message}, code="refused") from e
    if not table.rows:
        raise ValidationError({"file": _("The file has a header row but no rows to import.")})
    digest = hashlib.sha256(content).hexdigest()
    extension = "xlsx" if upload.name.lower().endswith(".xlsx") else "csv"
    stored = default_storage.save(f"imports/{digest}.{extension}", ContentFile(content))
    job = ImportJob.objects.create(
        kind=kind,
        file=stored,
        filename=upload.name[-200:],
        sha256=digest,
        row_count=len(table.rows),
        created_by=by,
    )
    audit.record(
        actor=by, action="imports.import.uploaded", obj=job, changes={"file": job.filename, "rows": len(table.rows)}
    )
    transaction.on_commit(partial(_queue, job.pk, commit=False))
    return job


def _queue(job_id: int, *, commit: bool) -> None:
    from .tasks import import_check_task, import_run_task

    (import_run_task if commit else import_check_task).delay(job_id)


@transaction.atomic
def import_start(*, job: ImportJob, by) -> ImportJob:
    """After the dry run: import the rows that passed it, in the worker."""
    access.require(by, "run", job)
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not access.in_state("run", job):
        raise ValidationError(_("This file has already been imported, or its dry run is not done."))
    if job.good_rows == 0:
        raise ValidationError(_("No row of this file can be imported. Correct the file and upload it again."))
    job.status = ImportStatus.IMPORTING
    job.save(update_fields=["status", "updated_at"])
    audit.record(actor=by, action="imports.import.started", obj=job, changes={"file": job.filename})
    set_progress(job.pk, 0)
    transaction.on_commit(partial(_queue, job.pk, commit=True))
    return job


def progress_key(job_id: int) -> str:
    return f"imports:progress:{job_id}"


def set_progress(job_id: int, percent: int) -> None:
    cache.set(progress_key(job_id), percent, 24 * 3600)


def progress_of(job: ImportJob) -> int:
    if not job.is_pending:
        return 100
    return int(cache.get(progress_key(job.pk)) or 0)


def _error_entries(kind, error, headers) -> list[dict]:
    """A service's ValidationError as [{column, message}] with the spreadsheet's column letter where known."""
    known = {c.key for c in kind.columns}
    entries = []
    for field, messages in getattr(error, "message_dict", {None: error.messages}).items():
        name = field if field in known else None
        for message in messages:
            entries.append({"column": _column_name(name, headers), "message": str(message)})
    return entries


def _column_name(key: str | None, headers: list[str]) -> str:
    if key is None or key not in headers:
        return key or ""
    return f"{_column_letter(headers.index(key))} ({key})"


def _row(job: ImportJob, kind, number: int, cells: dict, headers: list[str], lookups: Lookups) -> dict:
    values, errors = {}, []
    for column in kind.columns:
        try:
            values[column.key] = convert(cells.get(column.key), column, lookups)
        except CellError as e:
            errors.append({"column": _column_name(column.key, headers), "message": str(e.message)})
    outcome = {"row": number, "ref": str(values.get("external_id") or ""), "errors": errors, "fields": []}
    row = Row(number=number, values=values, filename=job.filename, by=job.created_by, lookups=lookups)
    outcome["title"] = kind.title(row)[:120]
    if errors:
        outcome["outcome"] = "error"
        return outcome
    try:
        with transaction.atomic():
            result, fields, obj = kind.apply(row)
            if result != "unchanged":
                audit.record(
                    actor=job.created_by,
                    action=f"{obj._meta.app_label}.{obj._meta.model_name}.imported",
                    obj=obj,
                    changes={
                        "file": job.filename,
                        "row": number,
                        "external_id": values["external_id"],
                        "outcome_of_row": result,
                        "sha256": job.sha256,
                    },  # fmt: skip
                )
    except ValidationError as e:
        outcome.update(outcome="error", errors=_error_entries(kind, e, headers))
        return outcome
    except PermissionDenied:
        message = _t("You may not import this row (its organisation or its state does not allow it).")
        outcome.update(outcome="error", errors=[{"column": "", "message": message}])
        return outcome
    except DatabaseError:
        message = _t("The row conflicts with what is saved already (a name or number that must be unique).")
        outcome.update(outcome="error", errors=[{"column": "", "message": message}])
        return outcome
    outcome.update(outcome=result, fields=fields)
    return outcome


def _rows(job: ImportJob) -> list[dict]:
    with default_storage.open(job.file.name, "rb") as stored:
        table = read_table(io.BytesIO(stored.read()), job.filename)
    kind, lookups, outcomes = KINDS[job.kind], Lookups(), []
    for index, (number, cells) in enumerate(table.rows):
        outcomes.append(_row(job, kind, number, cells, table.headers, lookups))
        if index % PROGRESS_EVERY == 0:
            set_progress(job.pk, int(99 * index / max(len(table.rows), 1)))
    return outcomes


def import_execute(*, job_id: int, commit: bool) -> ImportJob:
    """The worker's part: the dry run (`commit=False`, rolled back) or the import. Idempotent: a job that is no
    longer waiting for this step is returned as it is."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    waiting = ImportStatus.IMPORTING if commit else ImportStatus.CHECKING
    if job.status != waiting:
        return job
    try:
        with transaction.atomic():
            outcomes = _rows(job)
            summary = dict(Counter(o["outcome"] for o in outcomes))
            if not commit:
                transaction.set_rollback(True)
            else:
                _finish(job, outcomes, summary, ImportStatus.DONE)
        if not commit:
            with transaction.atomic():
                _finish(job, outcomes, summary, ImportStatus.CHECKED)
    except FileRefused as e:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, message=str(e.message))
    except Exception:
        ImportJob.objects.filter(pk=job.pk).update(
            status=ImportStatus.FAILED, message=_t("The import failed, and nothing was saved. Try again.")
        )
        raise
    job.refresh_from_db()
    return job


def _finish(job: ImportJob, outcomes: list[dict], summary: dict, status: str) -> None:
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    job.rows, job.summary, job.status = outcomes, summary, status
    now = timezone.now()
    if status == ImportStatus.DONE:
        job.imported_at = now
        audit.record(
            actor=job.created_by, action="imports.import.done", obj=job, changes={"file": job.filename, **summary}
        )
    else:
        job.checked_at = now
    job.save(update_fields=["rows", "summary", "status", "imported_at", "checked_at", "updated_at"])
    set_progress(job.pk, 100)
