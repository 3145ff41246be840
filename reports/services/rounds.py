"""Reporting rounds and the agencies' status reports."""

from __future__ import annotations

from datetime import timedelta
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import access, audit, recipients
from core.models import User
from core.notifications import NotificationKind, notify
from portfolio.services.scoring import Conflict

from ..choices import DocumentKind, RoundStatus, StatusReportState
from ..models import ReportingRound, StatusReport

STATUS_FIELDS = [
    "traffic",
    "progress",
    "phase",
    "spent",
    "budget",
    "indicator_values",
    "risks",
    "needs_from_ministries",
    "comment",
]
ROUND_CLOSE_DOCUMENTS = (DocumentKind.PDF, DocumentKind.XLSX)
ROUND_FIELDS = ["title", "life_event", "deadline", "remind_days_before"]


def _require_office(by) -> None:
    if by is not None and not access.can(by, "change", ReportingRound):
        raise PermissionDenied


@transaction.atomic
def round_open(*, title: str, deadline, by: User, life_event=None, remind_days_before: int = 7) -> ReportingRound:
    _require_office(by)
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    round = ReportingRound.objects.create(
        title=title, life_event=life_event, deadline=deadline, remind_days_before=remind_days_before, opened_by=by
    )
    audit.record(
        actor=by, action="reports.round.opened", obj=round, changes={"deadline": deadline, "life_event": life_event}
    )
    return round


@transaction.atomic
def round_update(*, round: ReportingRound, data: dict, version: int, by: User) -> ReportingRound:
    """The office changes an open round: its title, its scope (one life event or all), its deadline and when the
    office is reminded. `version` is the round's version when the form was loaded: if someone saved the round since,
    `Conflict` carries the round as it is now and nothing is saved. A new deadline is not in the past; the scope
    cannot leave out measures whose status reports the round already holds. Audited (`reports.round.changed`)."""
    current = ReportingRound.objects.select_for_update().get(pk=round.pk)
    access.require(by, "change", current)
    access.check_state("change", current)  # a closed round is frozen: a message, not a change
    if current.version != version:
        raise Conflict(
            _("Someone else saved this round while you were editing it. Check their change and save again."),
            current=current,
        )
    before = audit.snapshot(current, ROUND_FIELDS)
    old_deadline, old_scope = current.deadline, current.life_event_id
    for key in ROUND_FIELDS:
        if key in data:
            setattr(current, key, data[key])
    errors = {}
    if current.deadline != old_deadline and current.deadline < timezone.localdate():
        errors["deadline"] = _("The deadline cannot be in the past.")
    if current.life_event_id and current.life_event_id != old_scope:
        outside = StatusReport.objects.filter(round=current).exclude(measure__life_events=current.life_event_id)
        if outside.exists():
            errors["life_event"] = _(
                "The round already holds status reports for measures outside “%(life_event)s” (%(count)s). "
                "Keep the scope, or open a new round for the life event."
            ) % {"life_event": current.life_event, "count": outside.count()}
    if errors:
        raise ValidationError(errors)
    current.full_clean(exclude=["opened_by", "closed_by", "snapshot"])
    changes = audit.diff(before, audit.snapshot(current, ROUND_FIELDS))
    if not changes:
        return current
    fields = [key for key in ROUND_FIELDS if key in changes]
    if {"deadline", "remind_days_before"} & set(changes):
        current.office_notified_at = None  # the office is reminded again, against the new date
        fields.append("office_notified_at")
    current.version += 1
    current.save(update_fields=[*fields, "version"])
    audit.record(actor=by, action="reports.round.changed", obj=current, changes=changes)
    return current


@transaction.atomic
def round_close(*, round: ReportingRound, by: User | None) -> ReportingRound:
    """Freeze the round: its rows become a snapshot that later edits do not change; generate its documents.
    `by=None` is the scheduler (beat) closing a round whose deadline passed. Closing twice does nothing."""
    from ..queries import report_data
    from .documents import report_request

    _require_office(by)
    round = ReportingRound.objects.select_for_update().get(pk=round.pk)
    if round.status == RoundStatus.CLOSED:
        return round
    round.snapshot = report_data(round)
    round.status, round.closed_at, round.closed_by = RoundStatus.CLOSED, timezone.now(), by
    round.save(update_fields=["snapshot", "status", "closed_at", "closed_by"])
    audit.record(actor=by, action="reports.round.closed", obj=round, changes={"status": RoundStatus.CLOSED})
    params = {"life_event": round.life_event_id}
    for kind in ROUND_CLOSE_DOCUMENTS:  # a new version: one ordered while the round was open says "open"
        report_request(round=round, kind=kind, params=params, by=by, refresh=True)
    return round


def _editable(report: StatusReport, by: User, action: str) -> None:
    if not access.can(by, action, report):
        raise PermissionDenied


@transaction.atomic
def status_report_save(*, round: ReportingRound, measure, data: dict, version: int | None, by: User) -> StatusReport:
    """Save the status of one measure in an open round (optimistic locking on `version`)."""
    report = StatusReport.objects.select_for_update().filter(round=round, measure=measure).first()
    if report is None:
        report = StatusReport(round=round, measure=measure, budget=measure.budget, version=0)
    report.round, report.measure = round, measure
    _editable(report, by, "change")
    if report.pk and version is not None and version != report.version:
        raise ValidationError(_("Someone else saved this status report while you were editing. Reload and retry."))
    before = audit.snapshot(report, STATUS_FIELDS)
    for field in STATUS_FIELDS:
        if field in data:
            setattr(report, field, data[field])
    report.version += 1
    report.full_clean(exclude=["round", "measure"])
    if report.pk:
        report.save(update_fields=[*STATUS_FIELDS, "version", "updated_at"])
    else:
        report.save()
    audit.record(
        actor=by,
        action="reports.statusreport.saved",
        obj=report,
        changes=audit.diff(before, audit.snapshot(report, STATUS_FIELDS)),
    )
    return report


@transaction.atomic
def status_report_submit(*, report: StatusReport, version: int | None, by: User) -> StatusReport:
    report = StatusReport.objects.select_for_update().select_related("round", "measure").get(pk=report.pk)
    _editable(report, by, "submit")
    if version is not None and version != report.version:
        raise ValidationError(_("Someone else saved this status report while you were editing. Reload and retry."))
    missing = {f: _("Required before you submit.") for f in ("traffic", "progress") if getattr(report, f) in ("", None)}
    if missing:
        raise ValidationError(missing)
    report.state, report.submitted_at, report.submitted_by = StatusReportState.SUBMITTED, timezone.now(), by
    report.version += 1
    report.save(update_fields=["state", "submitted_at", "submitted_by", "version", "updated_at"])
    audit.record(actor=by, action="reports.statusreport.submitted", obj=report, changes={"state": report.state})
    return report


def _missing_owner_ids(round: ReportingRound) -> list[int]:
    from ..queries_pages import round_completeness

    return [row["owner_id"] for row in round_completeness(round) if row["missing"] > 0]


class Reminded(NamedTuple):
    organisations: int  # organisations that still owe status reports
    reached: int  # of those, organisations with someone to send the reminder to
    people: int  # e-mails sent


@transaction.atomic
def round_remind(*, round: ReportingRound, by: User) -> Reminded:
    """The office reminds the staff of every organisation that still owes status reports. Counted per
    organisation: those that owe, those reached (someone to send to), and the people written to."""
    _require_office(by)
    if not round.is_open:
        raise ValidationError(_("The round is closed."))
    owing = _missing_owner_ids(round)
    users = [u for u in recipients.staff_of(owing, about=round) if u.email]  # told by e-mail: counted by address
    reached = len({u.organisation_id for u in users})
    result = Reminded(organisations=len(owing), reached=reached, people=len(users))
    round.reminded_at = timezone.now()
    round.save(update_fields=["reminded_at"])
    audit.record(actor=by, action="reports.round.reminded", obj=round, changes=result._asdict())
    subject = _("Reminder: status reports for %(round)s") % {"round": round.title}
    body = _("Your organisation still owes status reports in the round “%(round)s”, due %(deadline)s: %(url)s") % {
        "round": round.title,
        "deadline": round.deadline.isoformat(),
        "url": settings.SITE_URL.rstrip("/") + round.get_absolute_url(),
    }
    path = round.get_absolute_url()
    notify(users=users, kind=NotificationKind.REPORTING, subject=subject, body=body, url=path)  # e-mail on commit
    return result


def rounds_close_due(*, today=None) -> list[int]:
    """Beat: close every open round whose deadline has passed (each in its own transaction)."""
    today = today or timezone.localdate()
    closed = []
    for round in ReportingRound.objects.filter(status=RoundStatus.OPEN, deadline__lt=today):
        round_close(round=round, by=None)
        closed.append(round.pk)
    return closed


@transaction.atomic
def rounds_notify_office_due(*, today=None) -> int:
    """Beat: tell the office, once per round, when a round's reminder date falls due with reports missing."""
    from ..queries_pages import round_completeness

    today = today or timezone.localdate()
    rounds = ReportingRound.objects.select_for_update().filter(status=RoundStatus.OPEN, office_notified_at__isnull=True)
    messages = []
    for round in rounds:
        if round.deadline - timedelta(days=round.remind_days_before) > today:
            continue
        missing = [r for r in round_completeness(round) if r["missing"]]
        round.office_notified_at = timezone.now()
        round.save(update_fields=["office_notified_at"])
        audit.record(actor=None, action="reports.round.office_notified", obj=round, changes={"missing": len(missing)})
        lines = [f"- {r['owner__name']}: {r['missing']}" for r in missing] or [_("Nothing is missing.")]
        subject = _("Reporting round %(round)s is due %(deadline)s") % {
            "round": round.title,
            "deadline": round.deadline.isoformat(),
        }
        body = _("Status reports still missing per organisation:") + "\n" + "\n".join(lines)
        messages += [(subject, body, round.get_absolute_url(), recipients.office_staff(round))]
    for subject, body, path, office in messages:
        notify(users=office, kind=NotificationKind.REPORTING, subject=subject, body=body, url=path)
    return sum(len([u for u in office if u.email]) for *_, office in messages)
