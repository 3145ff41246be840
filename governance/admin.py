"""Admin for governance, a client of the services (core/adminkit.py): decisions are case records, read here and
recorded only in the portal (step 4, with their transition and audit row); funding and governance bodies are saved
through governance/services.py, which audits every change."""

from django.contrib import admin

from core.adminkit import CaseRecordAdmin, ReadOnlyInline, ServiceAdmin

from . import services
from .models import (
    AllocationLetter,
    AllocationMention,
    BodyMembership,
    Decision,
    Funding,
    FundingSource,
    GovernanceBody,
)


class AllocationMentionInline(admin.TabularInline):
    model = AllocationMention
    extra = 0
    autocomplete_fields = ["life_event"]
    fields = ["life_event", "actor_role", "raw_text", "value", "assignment", "notice", "sort_order", "note"]


@admin.register(AllocationLetter)
class AllocationLetterAdmin(admin.ModelAdmin):
    list_display = ["agency", "ministry", "year", "source"]
    list_select_related = ["agency", "ministry"]
    list_filter = ["year", "ministry"]
    search_fields = ["agency__name", "agency__short_name", "ministry__name"]
    autocomplete_fields = ["ministry", "agency"]
    inlines = [AllocationMentionInline]


@admin.register(AllocationMention)
class AllocationMentionAdmin(admin.ModelAdmin):
    list_display = ["life_event", "letter", "raw_text", "value", "assignment", "notice"]
    list_select_related = ["life_event", "letter__agency", "letter__ministry"]
    list_filter = ["letter__year", "value", "assignment", "notice", "life_event"]
    search_fields = ["letter__agency__name", "life_event__name_nb", "note"]
    autocomplete_fields = ["letter", "life_event"]


@admin.register(FundingSource)
class FundingSourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]


@admin.register(Funding)
class FundingAdmin(ServiceAdmin):
    list_display = ["source", "year", "life_event", "measure", "status", "amount", "is_illustrative"]
    list_select_related = ["source", "life_event", "measure"]
    list_filter = ["year", "source", "status", "is_illustrative", "life_event"]
    search_fields = ["raw_text", "measure__title", "life_event__name_nb", "source__name"]
    autocomplete_fields = ["source", "measure", "life_event"]

    def create(self, *, data, by):
        return services.funding_create(data=data, by=by)

    def update(self, obj, *, data, by):
        return services.funding_update(funding=obj, data=data, by=by)

    def remove(self, obj, *, by):
        services.funding_delete(funding=obj, by=by)


class BodyMembershipInline(ReadOnlyInline):
    """Shown on the body's page; each membership is added and changed on its own page, through the service."""

    model = BodyMembership
    fields = ["organisation", "user", "role"]


@admin.register(BodyMembership)
class BodyMembershipAdmin(ServiceAdmin):
    list_display = ["body", "organisation", "user", "role"]
    list_select_related = ["body", "organisation", "user"]
    list_filter = ["role", "body"]
    search_fields = ["body__name", "organisation__name", "organisation__short_name"]
    autocomplete_fields = ["body", "organisation", "user"]

    def create(self, *, data, by):
        return services.body_membership_create(data=data, by=by)

    def update(self, obj, *, data, by):
        return services.body_membership_update(membership=obj, data=data, by=by)

    def remove(self, obj, *, by):
        services.body_membership_delete(membership=obj, by=by)


@admin.register(GovernanceBody)
class GovernanceBodyAdmin(ServiceAdmin):
    list_display = ["name", "kind", "is_illustrative"]
    list_filter = ["kind", "is_illustrative", "life_events"]
    search_fields = ["name", "mandate"]
    autocomplete_fields = ["life_events"]
    inlines = [BodyMembershipInline]

    def create(self, *, data, by):
        return services.governance_body_create(data=data, by=by)

    def update(self, obj, *, data, by):
        return services.governance_body_update(body=obj, data=data, by=by)


@admin.register(Decision)
class DecisionAdmin(CaseRecordAdmin):
    list_display = ["date", "subject", "body", "outcome", "status", "is_illustrative"]
    list_select_related = ["body"]
    list_filter = ["outcome", "status", "is_illustrative", "body"]
    search_fields = ["subject", "rationale", "proposal__title", "measure__title"]
    date_hierarchy = "date"
    autocomplete_fields = [
        "body",
        "proposal",
        "measure",
        "ministries",
        "acting_agency",
        "funding_source",
        "decided_by",
        "superseded_by",
    ]


from . import admin_agreements  # noqa: E402, F401 - collaboration agreements and generations (issue 22)
