"""Who may do what with reporting rounds, status reports and generated documents, registered with `core.access`.

Loaded by `ReportsConfig.ready()`.
"""

from __future__ import annotations

from core.access import can_order_reports, is_office, is_staff_of, rule

# ---- reports: reporting rounds, status reports, generated documents (issue 6) --------------------------------


@rule("reports.reportinground", "view")
def _round_view(user, round) -> bool:
    return True  # the schedule of rounds is shared; ReportingRound.objects.visible_to decides


@rule("reports.reportinground", "change", "close", "remind", "see_completeness")
def _round_office(user, round) -> bool:
    return is_office(user)


@rule("reports.reportinground", "order")
def _round_order(user, round) -> bool:
    return can_order_reports(user)


@rule("reports.statusreport", "view")
def _status_report_view(user, report) -> bool:
    return True  # StatusReport.objects.visible_to decides


@rule("reports.statusreport", "change", "submit")
def _status_report_change(user, report) -> bool:
    """Only the staff of the measure's owner organisation, and only while the round is open."""
    return report.round.status == "open" and is_staff_of(user, report.measure.owner_id)


@rule("reports.generatedreport", "view", "download")
def _document_view(user, document) -> bool:
    return True  # GeneratedReport.objects.visible_to decides (restricted documents: their ministries only)


@rule("reports.generatedreport", "refresh")
def _document_refresh(user, document) -> bool:
    return is_office(user)
