"""URL patterns of the benefit register (step 5; combined in portfolio/urls.py)."""

from django.urls import path

from .views import benefits as views

urlpatterns: list = [
    path("gevinster/", views.benefit_list, name="benefit_list"),
    path("gevinster/<int:pk>/", views.benefit_detail, name="benefit_detail"),
    path("gevinster/<int:pk>/endre/", views.benefit_edit, name="benefit_edit"),
    path("gevinster/<int:pk>/realisering/", views.realisation_add, name="realisation_add"),
]
