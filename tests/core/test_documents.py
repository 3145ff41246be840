"""The one document service (core.documents) that the reports' documents and the decision brief are made by: both
kinds are registered with their own lock space, one beat task sweeps every kind, /health/ sees a queued document of
any kind, and the worker's task finds a document by its model's label."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from core import documents, health
from core.document_models import DocumentStatus
from core.models import AuditEvent, WorkerHeartbeat
from core.tasks import document_build_task, documents_sweep_task
from governance.brief_models import DecisionBrief
from governance.decision_services import decision_record
from reports.models import GeneratedReport
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import ProposalFactory
from tests.factories.reports import GeneratedReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def brief(portfolio_office, ministry_official, agency_staff, nav):
    """An escalated decision's first brief, queued (the test's transaction never commits: no worker has run)."""
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    proposal = ProposalFactory(status="deciding", organisation=nav, created_by=agency_staff, life_events=[life_event])
    decision = decision_record(
        proposal=proposal,
        outcome="escalate",
        rationale="Krever tildelingsbrev.",
        ministries=[ministry_official.organisation],
        acting_agency=nav,
        allocation_year=2027,
        by=portfolio_office,
    )
    return decision.briefs.get()


def test_both_kinds_are_registered_each_with_its_own_lock():
    labels = {kind.label: kind for kind in documents.kinds()}
    assert {"reports.generatedreport", "governance.decisionbrief"} <= set(labels)
    assert len({kind.lock_space for kind in documents.kinds()}) == len(documents.kinds())
    assert labels["reports.generatedreport"].has_progress and not labels["governance.decisionbrief"].has_progress


def test_a_second_kind_may_not_take_a_lock_space_that_is_taken():
    with pytest.raises(ValueError, match="lock space 190001"):
        documents.register(
            model=DecisionBrief, build=lambda d, s: None, folder=str, generated_action="x", lock_space=190001
        )
    assert documents.kind_of(DecisionBrief).lock_space == 190002  # the registered kind is unchanged


def test_the_worker_task_builds_a_brief_by_its_label_once(brief):
    assert document_build_task.apply(args=["governance.decisionbrief", brief.pk]).get() == DocumentStatus.DONE
    brief.refresh_from_db()
    assert brief.is_done and brief.file.name.startswith(f"decision-briefs/{brief.decision_id}/")
    assert brief.file.read().startswith(b"%PDF") and brief.size > 0 and brief.attempts == 1
    assert document_build_task.apply(args=["governance.decisionbrief", brief.pk]).get() == DocumentStatus.DONE
    brief.refresh_from_db()
    assert brief.attempts == 1  # a second message builds nothing
    assert AuditEvent.objects.filter(action="governance.brief.generated", object_id=str(brief.pk)).count() == 1
    assert document_build_task.apply(args=["governance.decisionbrief", 999999]).get() == "missing"
    assert document_build_task.apply(args=["nosuch.model", 1]).get() == "missing"


def test_the_one_beat_task_sweeps_every_kind(brief):
    report = GeneratedReportFactory(status="queued")
    long_ago = timezone.now() - timedelta(hours=1)
    GeneratedReport.objects.filter(pk=report.pk).update(status="running", attempts=3, started_at=long_ago)
    DecisionBrief.objects.filter(pk=brief.pk).update(requested_at=long_ago)  # its message was lost
    swept = documents_sweep_task.apply().get()
    assert swept["reports.generatedreport"] == {"requeued": [], "failed": [report.pk]}
    assert swept["governance.decisionbrief"] == {"requeued": [brief.pk], "failed": []}
    brief.refresh_from_db()
    report.refresh_from_db()
    assert brief.status == DocumentStatus.DONE  # eager in tests: queued again and built at once
    assert report.status == DocumentStatus.FAILED and "3" in report.error


def test_newest_and_ready_shows_the_newest_state_and_links_the_newest_ready_version(brief):
    documents.generate(brief)
    second = DecisionBrief.objects.create(decision=brief.decision, version=2, reason="answered")
    newest, ready = documents.newest_and_ready(DecisionBrief.objects.filter(decision=brief.decision))
    assert (newest.pk, ready.pk) == (second.pk, brief.pk)


def test_health_sees_a_decision_brief_queued_too_long(client, brief, monkeypatch):
    monkeypatch.setattr(health, "broker_reachable", lambda *a, **k: True)
    WorkerHeartbeat.objects.create(hostname="celery@test", seen_at=timezone.now())
    DecisionBrief.objects.filter(pk=brief.pk).update(requested_at=timezone.now() - timedelta(hours=2))
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["queue"]["oldest_queued_seconds"] >= 7200
