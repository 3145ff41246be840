"""Documents that always end: a document whose worker died is queued again by the sweeper (or failed after a few
tries), ordering again after a failure starts afresh, a document another worker holds is never built twice, and
the broker being down is said at once. (tests/faults/ kills a real worker with kill -9.)"""

from datetime import timedelta

import psycopg
import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation

from core import health
from core.models import AuditEvent, WorkerHeartbeat
from reports.choices import JobStatus
from reports.models import GeneratedReport
from reports.services import documents_sweep, report_generate, report_request
from reports.services.documents import _LOCK_SPACE
from tests.factories.reports import GeneratedReportFactory


@pytest.fixture
def queued(portfolio_data, portfolio_office, django_capture_on_commit_callbacks):
    with translation.override("nb"), django_capture_on_commit_callbacks(execute=False):
        return report_request(
            round=portfolio_data["round"], kind="csv", params={"table": "rollup"}, by=portfolio_office
        )


def left_running(report, attempts=1):
    """As a worker killed mid-build leaves it: RUNNING, 5 %, and no lock (its connection died with it)."""
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=JobStatus.RUNNING, progress=5, attempts=attempts, started_at=timezone.now() - timedelta(minutes=13)
    )


@pytest.fixture
def other_worker():
    """A second database session, as a live worker building a document holds its lock."""
    db = connection.settings_dict
    conn = psycopg.connect(
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432, user=db["USER"], dbname=db["NAME"], autocommit=True
    )

    def hold(report):
        conn.execute("SELECT pg_advisory_lock(%s, %s)", [_LOCK_SPACE, report.pk])

    yield hold
    conn.close()


def generated(report) -> int:
    return AuditEvent.objects.filter(action="reports.document.generated", object_id=str(report.pk)).count()


def test_the_sweeper_builds_a_document_whose_worker_died_once(queued):
    left_running(queued)
    assert documents_sweep() == {"requeued": [queued.pk], "failed": []}  # eager in tests: built at once
    queued.refresh_from_db()
    assert queued.status == JobStatus.DONE and queued.attempts == 2 and generated(queued) == 1
    assert documents_sweep() == {"requeued": [], "failed": []}


def test_a_document_a_live_worker_holds_is_left_alone(queued, other_worker):
    left_running(queued)
    other_worker(queued)
    assert documents_sweep() == {"requeued": [], "failed": []}
    assert report_generate(queued).status == JobStatus.RUNNING  # a second message does not build it twice
    queued.refresh_from_db()
    assert queued.attempts == 1 and generated(queued) == 0


def test_a_document_whose_worker_keeps_dying_fails_with_a_message(queued, settings):
    left_running(queued, attempts=settings.REPORT_MAX_ATTEMPTS)
    assert documents_sweep() == {"requeued": [], "failed": [queued.pk]}
    queued.refresh_from_db()
    assert queued.status == JobStatus.FAILED and "stoppet 3 ganger" in queued.error
    left_running(queued, attempts=settings.REPORT_MAX_ATTEMPTS)
    assert report_generate(queued).status == JobStatus.FAILED  # a redelivered message gives up the same way


def test_a_lost_message_is_sent_again(queued, settings):
    GeneratedReport.objects.filter(pk=queued.pk).update(requested_at=timezone.now() - timedelta(hours=1))
    assert documents_sweep()["requeued"] == [queued.pk]
    queued.refresh_from_db()
    assert queued.status == JobStatus.DONE and generated(queued) == 1


def test_ordering_again_after_the_worker_died_starts_afresh(
    queued, portfolio_data, portfolio_office, django_capture_on_commit_callbacks
):
    left_running(queued)
    with translation.override("nb"), django_capture_on_commit_callbacks(execute=True):
        again = report_request(
            round=portfolio_data["round"], kind="csv", params={"table": "rollup"}, by=portfolio_office
        )
    again.refresh_from_db()
    assert again.pk == queued.pk and again.status == JobStatus.DONE and generated(again) == 1
    assert GeneratedReport.objects.count() == 1  # exactly one document per order


def test_ordering_again_while_a_worker_builds_it_returns_it(
    queued, other_worker, portfolio_data, portfolio_office, django_capture_on_commit_callbacks
):
    left_running(queued)
    other_worker(queued)
    with translation.override("nb"), django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = report_request(
            round=portfolio_data["round"], kind="csv", params={"table": "rollup"}, by=portfolio_office
        )
    assert again.pk == queued.pk and again.status == JobStatus.RUNNING and callbacks == []


def test_ordering_again_after_a_failure_starts_afresh(
    queued, portfolio_data, portfolio_office, django_capture_on_commit_callbacks
):
    GeneratedReport.objects.filter(pk=queued.pk).update(status=JobStatus.FAILED, error="Boom", progress=40)
    with translation.override("nb"), django_capture_on_commit_callbacks(execute=True):
        again = report_request(
            round=portfolio_data["round"], kind="csv", params={"table": "rollup"}, by=portfolio_office
        )
    again.refresh_from_db()
    assert (again.pk, again.status, again.error) == (queued.pk, JobStatus.DONE, "")


def test_ordering_a_report_is_refused_clearly_when_the_broker_is_down(
    client, portfolio_office, portfolio_data, monkeypatch
):
    monkeypatch.setattr(health, "broker_reachable", lambda *a, **k: False)
    client.force_login(portfolio_office)
    response = client.post(reverse("reports:report_order", args=[portfolio_data["round"].pk]), {"kind": "pdf"})
    assert response.status_code == 422
    assert "rapporttjenesten er ikke tilgjengelig" in response.content.decode()
    assert not GeneratedReport.objects.exists()


def test_a_message_that_cannot_be_sent_after_the_commit_leaves_the_order_for_the_sweeper(
    portfolio_office, portfolio_data, monkeypatch, django_capture_on_commit_callbacks
):
    from core.tasks import document_build_task
    from reports.services import report_request

    def broker_gone(*args, **kwargs):
        raise ConnectionRefusedError("broker gone")

    monkeypatch.setattr(document_build_task, "delay", broker_gone)
    with django_capture_on_commit_callbacks(execute=True):
        report = report_request(round=portfolio_data["round"], kind="pdf", params={}, by=portfolio_office)
    report.refresh_from_db()
    assert report.status == "queued"  # saved, and picked up again by core.documents_sweep


def test_health_reports_a_document_queued_too_long(client, portfolio_data, monkeypatch):
    monkeypatch.setattr(health, "broker_reachable", lambda *a, **k: True)
    WorkerHeartbeat.objects.create(hostname="celery@test", seen_at=timezone.now())
    document = GeneratedReportFactory(round=portfolio_data["round"], status="queued")
    GeneratedReport.objects.filter(pk=document.pk).update(requested_at=timezone.now() - timedelta(hours=1))
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["queue"]["oldest_queued_seconds"] >= 3600
