"""Read-only admin: rounds, status reports and documents are case records that change only through the services
(the portal's pages), never added, changed or deleted here (core/adminkit.py)."""

from django.contrib import admin

from core.adminkit import CaseRecordAdmin

from .models import GeneratedReport, ReportingRound, StatusReport


@admin.register(ReportingRound)
class ReportingRoundAdmin(CaseRecordAdmin):
    list_display = ["title", "life_event", "deadline", "status", "closed_at"]
    list_filter = ["status", "life_event"]
    search_fields = ["title"]
    readonly_fields = [
        "status",
        "opened_at",
        "opened_by",
        "closed_at",
        "closed_by",
        "reminded_at",
        "office_notified_at",
    ]
    exclude = ["snapshot"]


@admin.register(StatusReport)
class StatusReportAdmin(CaseRecordAdmin):
    """Agencies report through the portal, with optimistic locking and an audit trail."""

    list_display = ["measure", "round", "state", "traffic", "progress", "submitted_at"]
    list_filter = ["state", "traffic", "round"]
    search_fields = ["measure__title"]
    list_select_related = ["measure", "round"]


@admin.register(GeneratedReport)
class GeneratedReportAdmin(CaseRecordAdmin):
    list_display = ["round", "kind", "version", "status", "progress", "requested_by", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["round", "requested_by"]
