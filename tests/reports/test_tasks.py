"""Generating documents: on round close, idempotently, surviving a killed worker, through a real Celery worker."""

import hashlib
import io
import subprocess
import tempfile
import time

import pandas as pd
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils import translation

from core.models import AuditEvent
from core.tasks import document_build_task
from reports import frames, outputs, queries
from reports.choices import JobStatus
from reports.models import GeneratedReport
from reports.services import report_request, round_close

LABEL = "reports.generatedreport"  # the kind of document (core.documents)


def _queued(callbacks) -> list:
    """The on-commit callbacks that queue a task."""
    return list(callbacks)


def _pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        tmp.write(data)
        tmp.flush()
        return subprocess.run(
            ["pdftotext", "-layout", tmp.name, "-"], capture_output=True, check=True, text=True
        ).stdout


def test_closing_a_round_generates_its_pdf_and_workbook(
    portfolio_data, portfolio_office, django_capture_on_commit_callbacks
):
    with translation.override("nb"), django_capture_on_commit_callbacks(execute=True):
        round_close(round=portfolio_data["round"], by=portfolio_office)
    docs = {d.kind: d for d in GeneratedReport.objects.filter(round=portfolio_data["round"])}
    assert set(docs) == {"pdf", "xlsx"}
    assert all(d.status == JobStatus.DONE and d.progress == 100 for d in docs.values())
    pdf = docs["pdf"].file.read()
    assert hashlib.sha256(pdf).hexdigest() == docs["pdf"].sha256
    text = _pdf_text(pdf)
    for expected in [
        "Miste og finne jobb",
        "Dødsfall og arv",
        "Jobbsøkerassistent",
        "Runde 3/2026",
        "1\xa0500\xa0000",
        "Skalere jobbsøkerassistenten",
        "Hjemmel for deling av data",
        "Arbeids- og sosialdepartementet",
    ]:
        assert expected in text.replace(" ", "\xa0") or expected in text, expected
    assert AuditEvent.objects.filter(action="reports.document.generated").count() == 2


def test_a_closed_round_is_frozen(portfolio_data, portfolio_office, django_capture_on_commit_callbacks):
    round_ = portfolio_data["round"]
    with django_capture_on_commit_callbacks(execute=False):
        round_close(round=round_, by=portfolio_office)
    m1 = portfolio_data["m1"]
    m1.title, m1.budget = "Omdøpt etterpå", 9_999_999
    m1.save()
    round_.refresh_from_db()
    built = frames.build(queries.round_data(round_))
    titles = set(built["sections"][0][2]["measure_status"].iloc[:, 0])
    assert titles == {"Jobbsøkerassistent"}


def test_the_same_order_gives_the_same_document(portfolio_data, portfolio_office, django_capture_on_commit_callbacks):
    round_ = portfolio_data["round"]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = report_request(round=round_, kind="xlsx", params={}, by=portfolio_office)
        again = report_request(round=round_, kind="xlsx", params={}, by=portfolio_office)
    assert first.pk == again.pk and len(_queued(callbacks)) == 1
    newer = report_request(round=round_, kind="xlsx", params={}, by=portfolio_office, refresh=True)
    assert newer.version == 2


def test_ministry_may_order_agency_may_not(portfolio_data, agency_staff, ministry_official):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        report_request(round=portfolio_data["round"], kind="pdf", params={}, by=agency_staff)
    assert report_request(round=portfolio_data["round"], kind="pdf", params={}, by=ministry_official).pk


def test_a_worker_killed_mid_write_leaves_no_document_and_the_retry_completes(
    portfolio_data, portfolio_office, monkeypatch
):
    with translation.override("nb"):
        report = report_request(round=portfolio_data["round"], kind="xlsx", params={}, by=portfolio_office)
    report.refresh_from_db()
    GeneratedReport.objects.filter(pk=report.pk).update(status=JobStatus.QUEUED, file="", sha256="", progress=0)
    real_save = FileSystemStorage.save
    written = {}

    def killed_half_way(storage, name, content, **kwargs):
        data = content.read()
        written["name"] = real_save(storage, name, ContentFile(data[: len(data) // 2]))  # half the bytes …
        raise SystemExit("worker killed")  # … then the process dies (not an Exception: nothing catches it)

    monkeypatch.setattr(FileSystemStorage, "save", killed_half_way)
    with pytest.raises(SystemExit):
        document_build_task.apply(args=[LABEL, report.pk], throw=True)
    report.refresh_from_db()
    assert report.status == JobStatus.RUNNING and not report.file and not report.sha256
    assert default_storage.exists(written["name"])  # the half file is there, but no document points to it

    monkeypatch.setattr(FileSystemStorage, "save", real_save)
    assert document_build_task.apply(args=[LABEL, report.pk]).get() == JobStatus.DONE  # the redelivered task
    report.refresh_from_db()
    data = report.file.read()
    assert report.status == JobStatus.DONE and report.attempts == 2
    assert hashlib.sha256(data).hexdigest() == report.sha256 and len(data) == report.size
    pd.read_excel(io.BytesIO(data), sheet_name=None)  # a whole, readable workbook
    assert document_build_task.apply(args=[LABEL, report.pk]).get() == JobStatus.DONE  # idempotent: nothing redone
    report.refresh_from_db()
    assert report.attempts == 2


def test_excel_sheets_equal_the_frames(portfolio_data, portfolio_office, django_capture_on_commit_callbacks):
    with translation.override("nb"), django_capture_on_commit_callbacks(execute=True):
        report = report_request(round=portfolio_data["round"], kind="xlsx", params={}, by=portfolio_office)
        expected = outputs.workbook_frames(outputs.built_for(portfolio_data["round"]))
    report.refresh_from_db()
    sheets = pd.read_excel(io.BytesIO(report.file.read()), sheet_name=None, header=2)
    sheets.pop("Innhold")  # the contents sheet
    assert len(sheets) == len(expected)
    for spec, sheet in zip(expected, sheets.values(), strict=True):
        df = spec["df"]
        assert [str(c) for c in sheet.columns] == [str(c) for c in df.columns]
        assert len(sheet) == len(df)
    cells = {v for sheet in sheets.values() for row in sheet.itertuples(index=False) for v in row}
    assert '\'=HYPERLINK("http://x")' in cells  # a formula in a risk text is written as text, not run
    assert '=HYPERLINK("http://x")' not in cells


@pytest.mark.worker
def test_report_through_a_real_celery_worker(celery_worker_real, portfolio_data, portfolio_office):
    report = report_request(round=portfolio_data["round"], kind="pdf", params={}, by=portfolio_office)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        report.refresh_from_db()
        if report.status in (JobStatus.DONE, JobStatus.FAILED):
            break
        time.sleep(0.3)
    assert report.status == JobStatus.DONE, report.error
    assert report.file.read().startswith(b"%PDF")


def test_csv_of_one_table(portfolio_data, portfolio_office, django_capture_on_commit_callbacks):
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        report = report_request(
            round=portfolio_data["round"], kind="csv", params={"table": "pays_gains"}, by=portfolio_office
        )
    report.refresh_from_db()
    lines = report.file.read().decode("utf-8-sig").splitlines()
    assert report.status == JobStatus.DONE and report.filename.endswith(".csv")
    assert lines[0].startswith("Organisation;Benefits per year (NOK)")  # portfolio-wide: all life events
    assert lines[1] == "Arbeids- og velferdsetaten;900000;0;0;900000"


def _children(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(p) for p in f.read().split()]
    except FileNotFoundError:
        return []


@pytest.fixture
def prefork_worker(transactional_db, tmp_path):
    """A real `celery worker` process (prefork, one child) on the test database and Redis."""
    import os
    import signal

    from django.conf import settings
    from django.db import connection

    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.test_settings",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [str(settings.BASE_DIR / ".venv/bin/celery"), "-A", "config", "worker", "-P", "prefork", "-c", "1",
         "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "INFO"],
        cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    from config.celery import app

    app.conf.update(task_always_eager=False)
    yield process
    app.conf.update(task_always_eager=True)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def _wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


@pytest.mark.worker
def test_kill_9_of_the_worker_mid_task_leaves_no_document_and_the_task_is_redelivered(
    prefork_worker, portfolio_data, portfolio_office
):
    import os
    import signal

    report = report_request(round=portfolio_data["round"], kind="pdf", params={}, by=portfolio_office)

    def running_child():
        report.refresh_from_db()
        children = _children(prefork_worker.pid)
        return children[0] if report.status == JobStatus.RUNNING and children else None

    child = _wait_for(running_child)
    os.kill(child, signal.SIGKILL)  # the pool process dies mid-task
    report.refresh_from_db()
    assert report.status != JobStatus.DONE and not report.file and not report.sha256  # nothing half-done is shown

    _wait_for(lambda: report.refresh_from_db() or report.status == JobStatus.DONE, timeout=90)
    data = report.file.read()
    assert report.attempts >= 2  # reject_on_worker_lost + acks_late: the message came back and ran again
    assert hashlib.sha256(data).hexdigest() == report.sha256 and data.startswith(b"%PDF")


def test_a_stale_pending_document_is_queued_again(portfolio_data, portfolio_office, django_capture_on_commit_callbacks):
    import datetime

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=False):
        report = report_request(round=portfolio_data["round"], kind="pdf", params={}, by=portfolio_office)
    long_ago = timezone.now() - datetime.timedelta(hours=2)
    GeneratedReport.objects.filter(pk=report.pk).update(status=JobStatus.RUNNING, started_at=long_ago)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = report_request(round=portfolio_data["round"], kind="pdf", params={}, by=portfolio_office)
    assert again.pk == report.pk and again.status == JobStatus.QUEUED and len(_queued(callbacks)) == 1


def test_the_brief_of_one_life_event_names_its_empty_tables_in_one_line(portfolio_data, portfolio_office):
    with translation.override("nb"):
        built = outputs.built_for(portfolio_data["round"], portfolio_data["death"].pk)
        context = outputs.report_context(portfolio_data["round"], built, max_rows=outputs.PDF_MAX_ROWS)
        text = _pdf_text(outputs.render_brief(context))
    assert context["summary_charts"] == []  # the life event's own section has the chart
    assert context["scope_name"] == "Dødsfall og arv"
    assert "Digitalt dødsbo" in text and "Jobbsøkerassistent" in text  # the link across life events, both ends
    empty = " ".join(text.split()).split("Ingen data ennå: ")[1].split(".")[0]  # the one line naming them
    assert "Faser" in empty.split(", ")
    assert "Ingen data." not in text
