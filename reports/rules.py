"""Who may do what with reporting rounds, status reports and generated documents, registered with `core.access`.

Loaded by `ReportsConfig.ready()`. Asked with a model class, a predicate answers for objects of that kind at all
(`can(user, "order", ReportingRound)`: may this user order reports?).
"""

from __future__ import annotations

from core.access import Scope, is_class, is_ministry_official, is_office, is_staff_of, rule, scope

from .choices import RoundStatus

# ---- reporting rounds, status reports, generated documents (issue 6) -----------------------------------------


@rule("reports.reportinground", "view")
def _round_view(user, round) -> bool:
    return True  # the schedule of rounds is shared; ReportingRound.objects.visible_to decides


@rule("reports.reportinground", "create", "close", "remind", "see_completeness")
def _round_office(user, round) -> bool:
    return is_office(user)


@rule("reports.reportinground", "change", when=lambda round: _round_open(round))
def _round_change(user, round) -> bool:
    """The office edits a round (title, scope, deadline, reminder) while it is open; a closed round is frozen."""
    return is_office(user)


@rule("reports.reportinground", "order")
def _round_order(user, round) -> bool:
    """The office and the ministries order cross-agency reports (of a round, or asked of the class: at all)."""
    return is_office(user) or is_ministry_official(user)


@rule("reports.reportinground", "order_evaluations")
def _round_order_evaluations(user, round) -> bool:
    """The workbook with the evaluations' scores: the office only (the reveal rule keeps scores from ministries)."""
    return is_office(user)


@rule("reports.reportinground", "report_status")
def _round_report_status(user, round) -> bool:
    """Agency staff report the status of their organisation's measures in a round: the round's page and the home
    page list what their organisation still owes (asked of the class: whether the user reports at all)."""
    return scope(user) == Scope.AGENCY and user.organisation_id is not None


def _round_open(round) -> bool:
    return round.status == RoundStatus.OPEN


@rule("reports.reportinground", "refresh", when=_round_open)
def _round_refresh(user, round) -> bool:
    """A new version of a round's document with the latest data: the office, while the round is open."""
    return is_office(user)


@rule("reports.statusreport", "view")
def _status_report_view(user, report) -> bool:
    return True  # StatusReport.objects.visible_to decides


@rule("reports.statusreport", "change", "submit", when=lambda report: _round_open(report.round))
def _status_report_change(user, report) -> bool:
    """Only the staff of the measure's owner organisation, and only while the round is open."""
    return not is_class(report) and is_staff_of(user, report.measure.owner_id)


def _document_ready(document) -> bool:
    return document.is_done and bool(document.file)


@rule("reports.generatedreport", "view")
@rule("reports.generatedreport", "download", when=_document_ready)
def _document_view(user, document) -> bool:
    """GeneratedReport.objects.visible_to decides (restricted documents: their ministries only); a document with
    the evaluations' scores is the office's alone, whoever asks."""
    return is_office(user) or is_class(document) or not document.office_only


@rule("reports.generatedreport", "refresh")
def _document_refresh(user, document) -> bool:
    return is_office(user)
