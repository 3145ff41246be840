"""URL patterns of the benefit register and the missions (step 5; combined in portfolio/urls.py)."""

from django.urls import path

from .views import benefits as views
from .views import mission_edit, missions

urlpatterns: list = [
    path("gevinster/", views.benefit_list, name="benefit_list"),
    path("gevinster/<int:pk>/", views.benefit_detail, name="benefit_detail"),
    path("gevinster/<int:pk>/endre/", views.benefit_edit, name="benefit_edit"),
    path("gevinster/<int:pk>/realisering/", views.realisation_add, name="realisation_add"),
    path("gevinster/<int:pk>/mal/", mission_edit.benefit_targets, name="benefit_targets"),
    path("samfunnsoppdrag/", missions.mission_list, name="mission_list"),
    path("samfunnsoppdrag/<int:pk>/", missions.mission_detail, name="mission_detail"),
    path("samfunnsoppdrag/<int:pk>/maling/", missions.measurement_add, name="measurement_add"),
    path("samfunnsoppdrag/ny/", mission_edit.mission_create, name="mission_create"),
    path("samfunnsoppdrag/<int:pk>/endre/", mission_edit.mission_edit, name="mission_edit"),
    path("samfunnsoppdrag/<int:pk>/mal/ny/", mission_edit.target_create, name="target_create"),
    path("samfunnsoppdrag/<int:pk>/mal/<int:target>/endre/", mission_edit.target_edit, name="target_edit"),
]
