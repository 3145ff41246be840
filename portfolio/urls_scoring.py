"""URL patterns of the scoring area (step 3, assess; combined in portfolio/urls.py)."""

from django.urls import path

from .views import scoring as views

urlpatterns: list = [
    path("vurdering/kriterier/", views.rubric, name="rubric"),
    path("vurdering/kriterier/ny/", views.criterion_edit, name="criterion_create"),
    path("vurdering/kriterier/<int:pk>/", views.criterion_edit, name="criterion_edit"),
    path("vurdering/mine/", views.review_queue, name="review_queue"),
    path("vurdering/matrise/", views.assessment_matrix, name="assessment_matrix"),
    path("forslag/<int:pk>/vurdering/", views.proposal_scoring, name="proposal_scoring"),
    path("forslag/<int:pk>/vurdering/kriterium/<int:criterion_pk>/", views.score_save, name="score_save"),
    path("forslag/<int:pk>/vurdering/send/", views.score_submit, name="score_submit"),
    path("forslag/<int:pk>/vurderere/", views.reviewer_assign, name="reviewer_assign"),
    path("forslag/<int:pk>/vurderere/<int:assignment_pk>/trekk/", views.reviewer_withdraw, name="reviewer_withdraw"),
]
