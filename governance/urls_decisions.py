"""Step 4's URLs (the namespace `decisions`), mounted beside the portfolio's under /portefolje/ (config/urls.py), so
the decision form and the decisions' pages keep their paths (links in e-mails and bookmarks)."""

from django.urls import path

from . import decision_views as views

app_name = "decisions"
urlpatterns = [
    path("forslag/<int:pk>/beslutning/", views.proposal_decide, name="proposal_decide"),
    path("beslutninger/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("beslutninger/<int:pk>/svar/", views.decision_respond, name="decision_respond"),
    path("beslutninger/<int:pk>/notat.pdf", views.decision_brief, name="decision_brief"),
]
