"""/api/v1/: the resources, the OpenAPI 3 schema and its docs (Swagger UI served from our own static files).
DRF authenticates each request itself (token or session) and marks its views exempt from the login redirect; the
docs page is for signed-in browsers, so it sends anonymous visitors to the login page."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from . import views

app_name = "api"

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("status-reports", views.StatusReportViewSet, basename="status-report")
router.register("measures", views.MeasureViewSet, basename="measure")
router.register("life-events", views.LifeEventViewSet, basename="life-event")
router.register("missions", views.MissionViewSet, basename="mission")
router.register("benefits", views.BenefitViewSet, basename="benefit")
router.register("decisions", views.DecisionViewSet, basename="decision")
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("rounds", views.ReportingRoundViewSet, basename="round")
router.register("documents", views.DocumentViewSet, basename="document")

urlpatterns = [
    *router.urls,
    path("schema/", SpectacularAPIView.as_view(api_version="v1"), name="schema"),
    path("docs/", login_required(SpectacularSwaggerSplitView.as_view(url_name="api:schema")), name="docs"),
]
