"""Step 4's URLs (the namespace `decisions`), mounted beside the portfolio's under /portefolje/ (config/urls.py), so
the decision form and the decisions' pages keep their paths (links in e-mails and bookmarks)."""

from django.urls import path

from . import decision_views as views
from . import measure_change_views

app_name = "decisions"
urlpatterns = [
    path("forslag/<int:pk>/beslutning/", views.proposal_decide, name="proposal_decide"),
    path("beslutninger/<int:pk>/", views.decision_detail, name="decision_detail"),
    path("beslutninger/<int:pk>/svar/", views.decision_respond, name="decision_respond"),
    path("beslutninger/<int:pk>/notat.pdf", views.decision_brief, name="decision_brief"),
    path("beslutninger/<int:pk>/nytt-notat/", views.decision_brief_order, name="decision_brief_order"),
    path("forslag/<int:pk>/endre-tiltak/", measure_change_views.measure_change_decide, name="measure_change_decide"),
    path("tiltaksendringer/<int:pk>/", measure_change_views.measure_change_detail, name="measure_change"),
]
