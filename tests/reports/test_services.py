"""Services of the reports app: opening and closing rounds, status reports, reminders, the beat jobs."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEvent
from reports import services
from reports.choices import RoundStatus
from reports.models import GeneratedReport, StatusReport
from reports.tasks import rounds_close_due_task, rounds_notify_office_due_task
from tests.factories import reports as r
from tests.factories.core import UserFactory


def test_only_the_office_opens_rounds(portfolio_office, agency_staff, portfolio_data):
    deadline = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(PermissionDenied):
        services.round_open(title="X", deadline=deadline, by=agency_staff)
    with pytest.raises(ValidationError):
        services.round_open(title="X", deadline=datetime.date(2000, 1, 1), by=portfolio_office)
    round_ = services.round_open(
        title="Runde 5", deadline=deadline, life_event=portfolio_data["job"], by=portfolio_office
    )
    assert AuditEvent.objects.filter(action="reports.round.opened", object_id=str(round_.pk)).exists()


def test_closing_twice_does_nothing_more(portfolio_data, portfolio_office, django_capture_on_commit_callbacks):
    round_ = portfolio_data["round"]
    with django_capture_on_commit_callbacks(execute=False) as first:
        services.round_close(round=round_, by=portfolio_office)
    with django_capture_on_commit_callbacks(execute=False) as second:
        services.round_close(round=round_, by=portfolio_office)
    assert len(first) == 2 and len(second) == 0
    assert GeneratedReport.objects.filter(round=round_).count() == 2
    assert AuditEvent.objects.filter(action="reports.round.closed").count() == 1


def test_status_report_save_checks_owner_version_and_open_round(portfolio_data, agency_staff, other_agency_staff):
    round_, m1 = portfolio_data["round"], portfolio_data["m1"]
    report = StatusReport.objects.get(round=round_, measure=m1)
    with pytest.raises(PermissionDenied):
        services.status_report_save(
            round=round_, measure=m1, data={"progress": 1}, version=report.version, by=other_agency_staff
        )
    saved = services.status_report_save(
        round=round_, measure=m1, data={"progress": 70, "risks": "Lite folk"}, version=report.version, by=agency_staff
    )
    assert (saved.progress, saved.version) == (70, report.version + 1)
    event = AuditEvent.objects.get(action="reports.statusreport.saved")
    assert event.changes["progress"] == [40, 70]
    with pytest.raises(ValidationError):
        services.status_report_save(
            round=round_, measure=m1, data={"progress": 80}, version=report.version, by=agency_staff
        )
    round_.status = RoundStatus.CLOSED
    round_.save()
    with pytest.raises(PermissionDenied):
        services.status_report_save(
            round=round_, measure=m1, data={"progress": 90}, version=saved.version, by=agency_staff
        )


def test_progress_over_100_is_refused(portfolio_data, agency_staff):
    round_, m1 = portfolio_data["round"], portfolio_data["m1"]
    with pytest.raises(ValidationError):
        services.status_report_save(round=round_, measure=m1, data={"progress": 150}, version=None, by=agency_staff)


def test_beat_closes_rounds_whose_deadline_passed(portfolio_data, django_capture_on_commit_callbacks):
    late = r.ReportingRoundFactory(deadline=timezone.localdate() - datetime.timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=False):
        closed = rounds_close_due_task.apply().get()
    assert closed == [late.pk]
    late.refresh_from_db()
    assert late.status == RoundStatus.CLOSED and late.snapshot["measures"]
    assert set(GeneratedReport.objects.filter(round=late).values_list("kind", flat=True)) == {"pdf", "xlsx"}
    portfolio_data["round"].refresh_from_db()
    assert portfolio_data["round"].status == RoundStatus.OPEN


def test_beat_reminds_the_office_once_when_due(
    portfolio_data, portfolio_office, mailoutbox, django_capture_on_commit_callbacks
):
    round_ = portfolio_data["round"]
    round_.deadline = timezone.localdate() + datetime.timedelta(days=3)
    round_.save()
    UserFactory(username="office2", role="portfolio_office")
    with django_capture_on_commit_callbacks(execute=True):
        assert rounds_notify_office_due_task.apply().get() == 2
    assert "Skatteetaten: 1" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert rounds_notify_office_due_task.apply().get() == 0


def test_beat_does_not_remind_before_time(portfolio_data, mailoutbox, django_capture_on_commit_callbacks):
    round_ = portfolio_data["round"]
    round_.deadline = timezone.localdate() + datetime.timedelta(days=30)
    round_.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert rounds_notify_office_due_task.apply().get() == 0
    assert mailoutbox == []
