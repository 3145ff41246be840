"""Read-mostly admin: rounds and documents change only through the services (the portal pages)."""

from django.contrib import admin

from .models import GeneratedReport, ReportingRound, StatusReport


@admin.register(ReportingRound)
class ReportingRoundAdmin(admin.ModelAdmin):
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
class StatusReportAdmin(admin.ModelAdmin):
    list_display = ["measure", "round", "state", "traffic", "progress", "submitted_at"]
    list_filter = ["state", "traffic", "round"]
    search_fields = ["measure__title"]
    list_select_related = ["measure", "round"]

    def has_change_permission(self, request, obj=None):
        return False  # agencies report through the portal, with optimistic locking and an audit trail

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GeneratedReport)
class GeneratedReportAdmin(admin.ModelAdmin):
    list_display = ["round", "kind", "version", "status", "progress", "requested_by", "finished_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["round", "requested_by"]
    readonly_fields = [f.name for f in GeneratedReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
