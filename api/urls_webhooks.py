"""/webhooks/: the self-service pages of an organisation's webhook subscriptions."""

from django.urls import path

from . import webhook_views as views

app_name = "webhooks"

urlpatterns = [
    path("", views.webhook_list, name="webhook_list"),
    path("ny/", views.webhook_create, name="webhook_create"),
    path("<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path("<int:pk>/pause/", views.webhook_pause, name="webhook_pause"),
    path("<int:pk>/gjenoppta/", views.webhook_resume, name="webhook_resume"),
    path("<int:pk>/slett/", views.webhook_delete, name="webhook_delete"),
    path("<int:pk>/leveranser/<int:delivery>/send-igjen/", views.delivery_resend, name="delivery_resend"),
]
