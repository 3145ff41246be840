"""URL patterns of public access (offentleglova, issue 22; combined in portfolio/urls.py): exemptions on a record's
page, and the office's journal of access requests (innsyn)."""

from django.urls import path

from .views import public_access as views

urlpatterns: list = [
    path("forslag/<int:pk>/unntak/", views.exemption_add, {"kind": "proposal"}, name="proposal_exempt"),
    path("tiltak/<int:pk>/unntak/", views.exemption_add, {"kind": "measure"}, name="measure_exempt"),
    path("unntak/<int:pk>/opphev/", views.exemption_lift, name="exemption_lift"),
    path("innsyn/", views.access_request_list, name="access_request_list"),
    path("innsyn/ny/", views.access_request_create, name="access_request_create"),
    path("innsyn/<int:pk>/", views.access_request_detail, name="access_request_detail"),
    path("innsyn/<int:pk>/dokument/", views.access_request_document, name="access_request_document"),
]
