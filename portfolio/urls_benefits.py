"""URL patterns of the benefit register and the missions (step 5; combined in portfolio/urls.py)."""

from django.urls import path

from .views import benefits as views
from .views import missions

urlpatterns: list = [
    path("gevinster/", views.benefit_list, name="benefit_list"),
    path("gevinster/<int:pk>/", views.benefit_detail, name="benefit_detail"),
    path("gevinster/<int:pk>/endre/", views.benefit_edit, name="benefit_edit"),
    path("gevinster/<int:pk>/realisering/", views.realisation_add, name="realisation_add"),
    path("samfunnsoppdrag/", missions.mission_list, name="mission_list"),
    path("samfunnsoppdrag/<int:pk>/", missions.mission_detail, name="mission_detail"),
    path("samfunnsoppdrag/<int:pk>/maling/", missions.measurement_add, name="measurement_add"),
]
