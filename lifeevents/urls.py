from django.urls import path

from . import views

app_name = "lifeevents"
urlpatterns = [
    path("", views.lifeevent_list, name="lifeevent_list"),
    path("tildelingsbrev/<int:year>/", views.allocation_overview, name="allocation_overview"),
    path("aktorer/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<slug:slug>/", views.lifeevent_detail, name="lifeevent_detail"),
]
