from django.urls import path

from . import views

app_name = "governance"
urlpatterns = [
    path("prioriteringer/", views.priority_list, name="priority_list"),
    path("scenarioer/", views.scenario_list, name="scenario_list"),
    path("scenarioer/ny/", views.scenario_create, name="scenario_create"),
    path("scenarioer/sammenlign/", views.scenario_compare, name="scenario_compare"),
    path("scenarioer/<int:pk>/", views.scenario_detail, name="scenario_detail"),
    path("scenarioer/<int:pk>/endre/", views.scenario_edit, name="scenario_edit"),
    path("scenarioer/<int:pk>/los/", views.scenario_solve, name="scenario_solve"),
    path("scenarioer/<int:pk>/del/", views.scenario_share, name="scenario_share"),
    path("scenarioer/<int:pk>/anbefal/", views.scenario_recommend, name="scenario_recommend"),
]
