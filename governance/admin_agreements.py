"""Admin of the collaboration agreements and generations (issue 22): read here, never added, changed or deleted
(core/adminkit.CaseRecordAdmin). Drafting, sending, answering and new versions happen in the portal through
governance/agreements.py, the generations through governance/generations.py, each audited."""

from django.contrib import admin

from core.adminkit import CaseRecordAdmin, ReadOnlyInline

from .agreement_models import (
    AgreementDocument,
    AgreementFunding,
    AgreementParty,
    AgreementResponse,
    AgreementVersion,
    CollaborationAgreement,
)
from .generation_models import Generation


class AgreementVersionInline(ReadOnlyInline):
    model = AgreementVersion
    fields = ["number", "status", "sent_at", "in_force_at", "is_illustrative"]


@admin.register(CollaborationAgreement)
class CollaborationAgreementAdmin(CaseRecordAdmin):
    list_display = ["title", "life_event", "phase", "created_at"]
    list_select_related = ["life_event"]
    search_fields = ["title"]
    inlines = [AgreementVersionInline]


class AgreementPartyInline(ReadOnlyInline):
    model = AgreementParty
    fields = ["organisation", "roles", "sort_order"]


class AgreementFundingInline(ReadOnlyInline):
    model = AgreementFunding
    fields = ["party", "year", "amount", "funding"]


@admin.register(AgreementVersion)
class AgreementVersionAdmin(CaseRecordAdmin):
    list_display = ["agreement", "number", "status", "sent_at", "in_force_at", "is_illustrative"]
    list_select_related = ["agreement"]
    list_filter = ["status", "is_illustrative"]
    inlines = [AgreementPartyInline, AgreementFundingInline]


@admin.register(AgreementResponse)
class AgreementResponseAdmin(CaseRecordAdmin):
    list_display = ["party", "kind", "by_name", "created_at", "is_illustrative"]
    list_select_related = ["party__organisation"]
    list_filter = ["kind"]


@admin.register(AgreementDocument)
class AgreementDocumentAdmin(CaseRecordAdmin):
    list_display = ["agreement_version", "version", "status", "size", "finished_at"]
    list_filter = ["status"]


@admin.register(Generation)
class GenerationAdmin(CaseRecordAdmin):
    list_display = ["life_event", "number", "name", "state", "start_year", "end_year", "is_illustrative"]
    list_select_related = ["life_event"]
    list_filter = ["state", "is_illustrative"]
    search_fields = ["name"]
