from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_home, name="import_home"),
    path("last-opp/", views.import_upload, name="import_upload"),
    path("mal/<slug:kind>.xlsx", views.import_template, name="import_template"),
    path("<int:pk>/", views.import_detail, name="import_detail"),
    path("<int:pk>/importer/", views.import_run, name="import_run"),
]
