"""URL patterns of the lifecycle area (steps 4–5: the board, the shelf, measures and learning; combined in
portfolio/urls.py). The decision form and the decisions' pages are governance's (governance/urls.py)."""

from django.urls import path

from .views import benefit_plans
from .views import lifecycle as views
from .views import lifecycle_measures as measures

urlpatterns: list = [
    path("tavle/", views.board, name="board"),
    path("tavle/<int:pk>/flytt/", views.board_move, name="board_move"),
    path("hylle/", views.shelf, name="shelf"),
    path("forslag/<int:pk>/gjenoppta/", views.proposal_revive, name="proposal_revive"),
    path("forslag/<int:pk>/tidslinje/", views.proposal_timeline, name="proposal_timeline"),
    path("tiltak/", measures.measure_list, name="measure_list"),
    path("tiltak/<int:pk>/", measures.measure_detail, name="measure_detail"),
    path("tiltak/<int:pk>/gevinstplan/", benefit_plans.benefit_plan_compare, name="benefit_plan_compare"),
    path("tiltak/<int:pk>/flytt/", measures.measure_move, name="measure_move"),
    path("tiltak/<int:pk>/avvikle/", measures.measure_terminate, name="measure_terminate"),
    path("tiltak/<int:pk>/gjenoppta/", measures.measure_revive, name="measure_revive"),
    path("tiltak/<int:pk>/laering/", measures.learning_add, name="learning_add"),
    path(
        "tiltak/<int:pk>/laering/<int:entry_pk>/nytt-forslag/",
        measures.learning_start_proposal,
        name="learning_start_proposal",
    ),
]
