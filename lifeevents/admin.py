from django.contrib import admin

from .models import LifeEvent, LifeEventPhase, MissionApproach, Participation, SupportingActivity


class LifeEventPhaseInline(admin.TabularInline):
    model = LifeEventPhase
    extra = 0


class ParticipationInline(admin.TabularInline):
    model = Participation
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = ["organisation", "role", "interest", "influence", "involvement", "involvement_note", "source"]


class SupportingActivityInline(admin.TabularInline):
    model = SupportingActivity
    extra = 0
    autocomplete_fields = ["owner"]
    fields = ["name", "owner", "phase", "source"]


class MissionApproachInline(admin.StackedInline):
    model = MissionApproach
    extra = 0


@admin.register(LifeEvent)
class LifeEventAdmin(admin.ModelAdmin):
    list_display = ["name_nb", "name_en", "owner_ministry", "funding_status", "sort_order"]
    list_select_related = ["owner_ministry"]
    list_filter = ["funding_status", "owner_ministry", "phases__phase"]
    search_fields = ["name_nb", "name_nn", "name_en", "slug"]
    prepopulated_fields = {"slug": ["name_nb"]}
    autocomplete_fields = ["owner_ministry"]
    inlines = [LifeEventPhaseInline, ParticipationInline, SupportingActivityInline, MissionApproachInline]


@admin.register(Participation)
class ParticipationAdmin(admin.ModelAdmin):
    list_display = ["organisation", "life_event", "role", "interest", "influence", "involvement"]
    list_select_related = ["organisation", "life_event"]
    list_filter = ["role", "involvement", "life_event", "organisation__kind"]
    search_fields = ["organisation__name", "organisation__short_name", "life_event__name_nb"]
    autocomplete_fields = ["organisation", "life_event"]


@admin.register(SupportingActivity)
class SupportingActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "life_event", "owner", "phase"]
    list_select_related = ["life_event", "owner"]
    list_filter = ["phase", "life_event"]
    search_fields = ["name", "description", "owner__name"]
    autocomplete_fields = ["life_event", "owner"]


@admin.register(MissionApproach)
class MissionApproachAdmin(admin.ModelAdmin):
    list_display = ["life_event", "name", "has_concrete_mission", "funding_min_per_year", "funding_max_per_year"]
    list_select_related = ["life_event"]
    search_fields = ["name", "life_event__name_nb"]
    autocomplete_fields = ["life_event"]
