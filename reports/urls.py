from django.urls import path

from .views import documents, rounds

app_name = "reports"
urlpatterns = [
    path("", rounds.round_list, name="round_list"),
    path("runder/ny/", rounds.round_create, name="round_create"),
    path("runder/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("runder/<int:pk>/endre/", rounds.round_edit, name="round_edit"),
    path("runder/<int:pk>/lukk/", rounds.round_close, name="round_close"),
    path("runder/<int:pk>/paminnelse/", rounds.round_remind, name="round_remind"),
    path("runder/<int:pk>/tiltak/<int:measure_pk>/", rounds.status_report_edit, name="status_report_edit"),
    path("runder/<int:pk>/rapport/", documents.report_detail, name="report_detail"),
    path("runder/<int:pk>/bestill/", documents.report_order, name="report_order"),
    path("dokumenter/", documents.document_list, name="document_list"),
    path("dokumenter/<int:pk>/", documents.document_detail, name="document_detail"),
    path("dokumenter/<int:pk>/last-ned/", documents.document_download, name="document_download"),
    path("departement/", documents.ministry_dashboard, name="ministry_dashboard"),
]
