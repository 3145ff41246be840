"""URL patterns of the lifecycle area (steps 4–5: decide, steer, learn; combined in portfolio/urls.py)."""

from django.urls import path

from .views import lifecycle as views
from .views import lifecycle_measures as measures

urlpatterns: list = [
    path("tavle/", views.board, name="board"),
    path("hylle/", views.shelf, name="shelf"),
    path("forslag/<int:pk>/beslutning/", views.proposal_decide, name="proposal_decide"),
    path("forslag/<int:pk>/gjenoppta/", views.proposal_revive, name="proposal_revive"),
    path("forslag/<int:pk>/tidslinje/", views.proposal_timeline, name="proposal_timeline"),
    path("beslutninger/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("beslutninger/<int:pk>/svar/", views.decision_respond, name="decision_respond"),
    path("beslutninger/<int:pk>/notat.pdf", views.decision_brief, name="decision_brief"),
    path("tiltak/", measures.measure_list, name="measure_list"),
    path("tiltak/<int:pk>/", measures.measure_detail, name="measure_detail"),
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
