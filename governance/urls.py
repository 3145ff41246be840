from django.urls import path

from . import funding_views, panel_views, views, views_drivers, views_steering

app_name = "governance"
urlpatterns = [
    path("prioriteringer/", views.priority_list, name="priority_list"),
    path("finansiering/", funding_views.funding_list, name="funding_list"),
    path("scenarioer/", views.scenario_list, name="scenario_list"),
    path("scenarioer/ny/", views.scenario_create, name="scenario_create"),
    path("scenarioer/sammenlign/", views.scenario_compare, name="scenario_compare"),
    path("scenarioer/<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("scenarioer/<int:pk>/endre/", views.scenario_edit, name="scenario_edit"),
    path("scenarioer/<int:pk>/los/", views.scenario_solve, name="scenario_solve"),
    path("scenarioer/<int:pk>/del/", views.scenario_share, name="scenario_share"),
    path("scenarioer/<int:pk>/anbefal/", views.scenario_recommend, name="scenario_recommend"),
    path("drivere/", views_drivers.driver_list, name="driver_list"),
    path("drivere/ny/", views_drivers.driver_create, name="driver_create"),
    path("drivere/<int:pk>/endre/", views_drivers.driver_edit, name="driver_edit"),
    path("drivere/vekter/", views_drivers.driver_weights, name="driver_weights"),
    path("drivere/vurder/<str:kind>/<int:pk>/", views_drivers.driver_scores, name="driver_scores"),
    path("veikart/", views_steering.roadmap_view, name="roadmap"),
    path("gevinstkart/", views_steering.benefit_map_view, name="benefit_map"),
    path("hvem-betaler/", views_steering.flow_list, name="flow_list"),
    path("hvem-betaler/<int:pk>/", views_steering.flow_detail, name="flow_detail"),
    # user panels and shared user journeys (issue 22)
    path("brukerinnsikt/", panel_views.insight_overview, name="insight_overview"),
    path("brukerpaneler/ny/", panel_views.panel_create, name="panel_create"),
    path("brukerpaneler/<int:pk>/", panel_views.panel_detail, name="panel_detail"),
    path("brukerpaneler/<int:pk>/nytt-medlem/", panel_views.member_add, name="panel_member_add"),
    path("brukerpaneler/<int:pk>/ny-konsultasjon/", panel_views.consultation_add, name="consultation_add"),
    path("panelmedlemmer/<int:pk>/trekk-samtykke/", panel_views.member_withdraw, name="panel_member_withdraw"),
    path("brukerreiser/ny/", panel_views.journey_create, name="journey_create"),
    path("brukerreiser/<int:pk>/", panel_views.journey_detail, name="journey_detail"),
    path("brukerreiser/<int:pk>/nytt-steg/", panel_views.step_add, name="journey_step_add"),
    path("brukerreiser/<int:pk>/nytt-smertepunkt/", panel_views.pain_point_add, name="pain_point_add"),
    path("brukerreiser/<int:pk>/smertepunkter/<int:point_pk>/", panel_views.pain_point_edit, name="pain_point_edit"),
]
