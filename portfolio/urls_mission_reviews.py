"""URL patterns of the office's quality check of a mission (issue 22; combined in portfolio/urls.py)."""

from django.urls import path

from .views import mission_reviews as views

urlpatterns: list = [
    path("samfunnsoppdrag/<int:pk>/vurdering/", views.mission_review_add, name="mission_review_add"),
]
