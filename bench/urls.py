"""The portal's URLs plus a baseline: Django's admin change list of proposals with 6 columns, 2 filters and search."""

from django.contrib import admin
from django.urls import path

from config.urls import urlpatterns as portal_urlpatterns
from portfolio.models import Proposal


class BaselineAdminSite(admin.AdminSite):
    site_header = "Benchmark baseline"


class BaselineProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation", "status", "channel", "estimated_cost", "created_at"]
    list_filter = ["status", "channel"]
    search_fields = ["title"]
    list_per_page = 50


baseline = BaselineAdminSite(name="bench_admin")
baseline.register(Proposal, BaselineProposalAdmin)

urlpatterns = [path("bench-admin/", baseline.urls), *portal_urlpatterns]
