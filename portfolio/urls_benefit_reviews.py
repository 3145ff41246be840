"""URL patterns of the benefit reviews, of the owner's own change of a benefit plan within the office's limits, and
of where to look for new opportunities (issue 23; combined in portfolio/urls.py)."""

from django.urls import path

from .views import benefit_plans, opportunities
from .views import benefit_reviews as views

urlpatterns: list = [
    path("gevinstgjennomganger/", views.benefit_review_list, name="benefit_review_list"),
    path("gevinstgjennomganger/intervall/", views.benefit_review_interval_set, name="benefit_review_interval_set"),
    path("gevinstgjennomganger/<int:pk>/", views.benefit_review_detail, name="benefit_review_detail"),
    path("gevinstgjennomganger/<int:pk>/forslag/", views.benefit_review_propose, name="benefit_review_propose"),
    path("gevinstgjennomganger/grenser/", views.plan_limits_set, name="plan_limits_set"),
    path("tiltak/<int:pk>/gevinstplan/endre/", benefit_plans.benefit_plan_change, name="benefit_plan_change"),
    path("muligheter/", opportunities.opportunity_list, name="opportunity_list"),
]
