"""Admin for the portfolio, a client of the services (core/adminkit.py). Case records (proposals, measures, scores,
attachments, learning entries, review assignments, and the trails of messages, transitions and moves) are read
here, never added, changed or deleted; what may happen to them is offered as actions that call the services.
Benefits, missions, calls and criteria are saved through their services, which audit every change."""

from django.contrib import admin

from core.adminkit import CaseRecordAdmin, ReadOnlyInline, ServiceAdmin

from . import admin_actions as actions
from .models import (
    Attachment,
    Benefit,
    BenefitRealisation,
    CallForProposals,
    Criterion,
    Dependency,
    LearningEntry,
    Measure,
    MeasureMove,
    Message,
    Mission,
    MissionTarget,
    Proposal,
    ReviewAssignment,
    Score,
    TargetMeasurement,
    Transition,
)
from .services import benefits, calls, dependencies, missions, scoring


class NoDeleteMixin:
    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyMixin(NoDeleteMixin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


# ---- missions ----------------------------------------------------------------------------------------------


class MissionTargetInline(ReadOnlyInline):
    model = MissionTarget
    fields = ["indicator", "baseline", "target_value", "unit", "target_date"]


@admin.register(Mission)
class MissionAdmin(ServiceAdmin):
    list_display = ["title", "deadline", "portfolio_start", "portfolio_end", "is_illustrative"]
    list_filter = ["is_illustrative", "life_events"]
    search_fields = ["title", "statement", "narrative"]
    autocomplete_fields = ["life_events"]
    inlines = [MissionTargetInline]

    def create(self, *, data, by):
        return missions.mission_create(data=data, by=by)

    def update(self, obj, *, data, by):
        return missions.mission_update(mission=obj, data=data, by=by)


class TargetMeasurementInline(ReadOnlyInline):
    """Shown on the target's page; each measurement is added and changed on its own page, through the service."""

    model = TargetMeasurement
    fields = ["date", "value", "note"]


@admin.register(TargetMeasurement)
class TargetMeasurementAdmin(ServiceAdmin):
    list_display = ["target", "date", "value", "note"]
    list_select_related = ["target__mission"]
    search_fields = ["target__indicator", "target__mission__title", "note"]
    autocomplete_fields = ["target"]
    date_hierarchy = "date"

    def create(self, *, data, by):
        return missions.target_measurement_create(data=data, by=by)

    def update(self, obj, *, data, by):
        return missions.target_measurement_update(measurement=obj, data=data, by=by)

    def remove(self, obj, *, by):
        missions.target_measurement_delete(measurement=obj, by=by)


@admin.register(MissionTarget)
class MissionTargetAdmin(ServiceAdmin):
    list_display = ["indicator", "mission", "baseline", "target_value", "unit", "baseline_date", "target_date"]
    list_select_related = ["mission"]
    list_filter = ["is_illustrative", "mission"]
    search_fields = ["indicator", "mission__title"]
    autocomplete_fields = ["mission"]
    inlines = [TargetMeasurementInline]

    def create(self, *, data, by):
        return missions.mission_target_create(data=data, by=by)

    def update(self, obj, *, data, by):
        return missions.mission_target_update(target=obj, data=data, by=by)

    def remove(self, obj, *, by):
        missions.mission_target_delete(target=obj, by=by)


# ---- measures ----------------------------------------------------------------------------------------------


class BenefitInline(ReadOnlyInline):
    model = Benefit
    fields = [
        "indicator",
        "unit",
        "baseline",
        "expected_value",
        "expected_date",
        "owner",
        "cost_bearer",
        "is_disbenefit",
        "is_illustrative",
    ]


class DependencyInline(ReadOnlyInline):
    model = Dependency
    fk_name = "from_measure"
    fields = ["kind", "to_measure", "note"]


class LearningEntryInline(ReadOnlyInline):
    model = LearningEntry
    fields = ["hypothesis", "learned", "author", "created_at", "spawned_proposal"]


@admin.register(Measure)
class MeasureAdmin(CaseRecordAdmin):
    list_display = ["title", "kind", "status", "stage", "owner", "budget", "start_date", "end_date", "is_illustrative"]
    list_select_related = ["owner"]
    list_filter = ["kind", "status", "stage", "is_illustrative", "life_events", "owner__kind"]
    search_fields = ["title", "description", "owner__name", "owner__short_name"]
    autocomplete_fields = ["owner", "participants", "life_events", "missions", "origin_proposal"]
    date_hierarchy = "start_date"
    inlines = [BenefitInline, DependencyInline, LearningEntryInline]
    actions = [actions.measure_move, actions.measure_terminate]


class BenefitRealisationInline(ReadOnlyInline):
    model = BenefitRealisation
    fields = ["date", "value", "note"]


@admin.register(Benefit)
class BenefitAdmin(ServiceAdmin):
    list_display = ["indicator", "measure", "owner", "cost_bearer", "is_disbenefit", "expected_value", "unit"]
    list_select_related = ["measure", "owner", "cost_bearer"]
    list_filter = ["is_disbenefit", "is_illustrative", "owner"]
    search_fields = ["indicator", "description", "measure__title"]
    autocomplete_fields = ["measure", "owner", "cost_bearer"]
    inlines = [BenefitRealisationInline]

    def create(self, *, data, by):
        return benefits.benefit_create(data=data, by=by)

    def update(self, obj, *, data, by):
        return benefits.benefit_update(benefit=obj, data=data, by=by)

    def remove(self, obj, *, by):
        benefits.benefit_delete(benefit=obj, by=by)


@admin.register(BenefitRealisation)
class BenefitRealisationAdmin(ServiceAdmin):
    list_display = ["benefit", "date", "value", "note"]
    list_select_related = ["benefit"]
    search_fields = ["benefit__indicator", "benefit__measure__title", "note"]
    autocomplete_fields = ["benefit"]
    date_hierarchy = "date"

    def create(self, *, data, by):
        return benefits.benefit_realisation_create(data=data, by=by)

    def update(self, obj, *, data, by):
        return benefits.benefit_realisation_update(realisation=obj, data=data, by=by)

    def remove(self, obj, *, by):
        benefits.benefit_realisation_delete(realisation=obj, by=by)


@admin.register(Dependency)
class DependencyAdmin(ServiceAdmin):
    """Saved through portfolio/services/dependencies.py: audited, and a new overlap checks the facilitator rule of
    the proposals related to either measure."""

    list_display = ["from_measure", "kind", "to_measure", "is_illustrative"]
    list_select_related = ["from_measure", "to_measure"]
    list_filter = ["kind", "is_illustrative"]
    search_fields = ["from_measure__title", "to_measure__title", "note"]
    autocomplete_fields = ["from_measure", "to_measure"]

    def create(self, *, data, by):
        return dependencies.dependency_create(data=data, by=by)

    def update(self, obj, *, data, by):
        return dependencies.dependency_update(dependency=obj, data=data, by=by)

    def remove(self, obj, *, by):
        dependencies.dependency_delete(dependency=obj, by=by)


@admin.register(LearningEntry)
class LearningEntryAdmin(CaseRecordAdmin):
    list_display = ["__str__", "measure", "author", "created_at"]
    list_select_related = ["measure", "author"]
    search_fields = ["hypothesis", "learned", "measure__title"]
    autocomplete_fields = ["measure", "author", "spawned_proposal"]


@admin.register(MeasureMove)
class MeasureMoveAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["measure", "field", "from_value", "to_value", "by", "at"]
    list_select_related = ["measure", "by"]
    list_filter = ["field"]
    search_fields = ["measure__title", "evidence"]


# ---- proposals ---------------------------------------------------------------------------------------------


@admin.register(CallForProposals)
class CallForProposalsAdmin(ServiceAdmin):
    list_display = ["title", "life_event", "mission", "opens_at", "deadline", "closed_at"]
    list_select_related = ["life_event", "mission"]
    list_filter = ["life_event"]
    search_fields = ["title", "question"]
    autocomplete_fields = ["life_event", "mission"]
    exclude = ["created_by", "closed_at", "version"]

    def create(self, *, data, by):
        return calls.call_create(data=data, by=by)

    def update(self, obj, *, data, by):
        return calls.call_update(call=obj, data=data, by=by)


class TransitionInline(ReadOnlyMixin, admin.TabularInline):
    model = Transition
    extra = 0
    fields = ["from_status", "to_status", "by", "reason", "at"]
    readonly_fields = fields


@admin.register(Proposal)
class ProposalAdmin(CaseRecordAdmin):
    list_display = ["title", "organisation", "status", "qualification", "channel", "submitted_at", "is_illustrative"]
    list_select_related = ["organisation"]
    list_filter = ["status", "qualification", "channel", "is_illustrative", "life_events"]
    search_fields = ["title", "need", "solution", "organisation__name", "organisation__short_name"]
    autocomplete_fields = [
        "organisation",
        "created_by",
        "partners",
        "life_events",
        "missions",
        "call",
        "related_measure",
        "merged_into",
        "facilitator",
    ]
    date_hierarchy = "created_at"
    inlines = [TransitionInline]
    actions = [actions.proposal_triage, actions.proposal_withdraw, actions.proposal_revive]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["original_name", "proposal", "content_type", "size", "uploaded_by", "uploaded_at", "removed_at"]
    list_select_related = ["proposal", "uploaded_by"]
    search_fields = ["original_name", "proposal__title", "sha256"]


@admin.register(Message)
class MessageAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["__str__", "proposal", "kind", "author", "created_at"]
    list_select_related = ["proposal", "author"]
    list_filter = ["kind"]
    search_fields = ["body", "proposal__title"]


@admin.register(Transition)
class TransitionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["proposal", "from_status", "to_status", "by", "at"]
    list_select_related = ["proposal", "by"]
    list_filter = ["to_status"]
    search_fields = ["proposal__title", "reason"]


# ---- scoring -----------------------------------------------------------------------------------------------


@admin.register(Criterion)
class CriterionAdmin(ServiceAdmin):
    list_display = ["name", "axis", "weight", "sort_order", "is_active"]
    list_filter = ["axis", "is_active"]
    search_fields = ["name", "description"]
    readonly_fields = ["version"]

    def create(self, *, data, by):
        return scoring.criterion_create(data=data, by=by)

    def update(self, obj, *, data, by):
        return scoring.criterion_update(criterion=obj, data=data, version=obj.version, by=by)


@admin.register(ReviewAssignment)
class ReviewAssignmentAdmin(CaseRecordAdmin):
    list_display = ["proposal", "reviewer", "assigned_at", "due_date", "submitted_at", "withdrawn_at"]
    list_select_related = ["proposal", "reviewer"]
    list_filter = ["submitted_at", "withdrawn_at"]
    search_fields = ["proposal__title", "reviewer__username", "reviewer__last_name"]
    actions = [actions.reviewer_withdraw]


@admin.register(Score)
class ScoreAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["assignment", "criterion", "value", "updated_at"]
    list_select_related = ["assignment__proposal", "assignment__reviewer", "criterion"]
    list_filter = ["criterion", "value"]
    search_fields = ["assignment__proposal__title", "comment"]
