"""The reports' part of a user's start page: the status reports the user's organisation still owes in each open
round (overdue once the deadline has passed), and for the office the open rounds past their deadline with reports
missing. Built from the rounds' existing queries and the access policy."""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from core import access
from core.dashboard import Task
from lifeevents import figures
from portfolio.models import Measure

from .choices import RoundStatus
from .models import ReportingRound
from .queries_pages import open_rounds_for

OFFICE_ROUNDS = 5  # the open rounds past their deadline the office's start page looks at


def status_report_tasks(user) -> list[Task]:
    """Agency staff: per open round, the status reports their organisation still owes, with a link to the round."""
    if access.can(user, "see_completeness", ReportingRound) or not access.can(user, "report_status", Measure):
        return []
    today = timezone.localdate()
    tasks = []
    for round in open_rounds_for(user):  # those where the organisation still owes a report, with how many
        owed = round.owed
        overdue = round.deadline < today
        if overdue:
            label = ngettext(
                "status report overdue in %(round)s (deadline %(deadline)s)",
                "status reports overdue in %(round)s (deadline %(deadline)s)",
                owed,
            )
        else:
            label = ngettext(
                "status report owed in %(round)s by %(deadline)s",
                "status reports owed in %(round)s by %(deadline)s",
                owed,
            )
        text = label % {"round": round.title, "deadline": _date(round.deadline)}
        tasks.append(Task("status_reports", text, owed, round.get_absolute_url(), overdue=overdue))
    return tasks


def missing_report_tasks(user) -> list[Task]:
    """The office: open rounds past their deadline with status reports still missing (to remind or close)."""
    if not access.can(user, "see_completeness", ReportingRound):
        return []
    today = timezone.localdate()
    late = ReportingRound.objects.visible_to(user).filter(status=RoundStatus.OPEN, deadline__lt=today)
    tasks = []
    for round in late.defer("snapshot").with_reports_owed().order_by("deadline", "pk")[:OFFICE_ROUNDS]:
        missing = figures.reports_owed(round.due, round.submitted)  # (counted with the round: no query per round)
        label = ngettext(
            "status report missing in %(round)s, past its deadline",
            "status reports missing in %(round)s, past its deadline",
            missing,
        ) % {"round": round.title}
        tasks.append(Task("reports_missing", label, missing, round.get_absolute_url(), overdue=True))
    return tasks


def _date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")
