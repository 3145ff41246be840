from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from core import oidc, second_factor, views_notifications, views_saved, views_second_factor
from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("tilgjengelighet/", core_views.accessibility, name="accessibility"),
    path("visninger/lagre/", views_saved.saved_view_save, name="saved_view_save"),
    path("visninger/<int:pk>/slett/", views_saved.saved_view_delete, name="saved_view_delete"),
    path("varsler/", views_notifications.notification_list, name="notification_list"),
    path("varsler/<int:pk>/lest/", views_notifications.notification_read, name="notification_read"),
    path("varsler/alle-lest/", views_notifications.notifications_read_all, name="notifications_read_all"),
    path("varsler/innstillinger/", views_notifications.notification_settings, name="notification_settings"),
    path("health/", core_views.health, name="health"),
    path("health/live/", core_views.health_live, name="health_live"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", second_factor.step(core_views.logout), name="logout"),
    path("login/kode/", views_second_factor.verify, name="second_factor_verify"),
    path("konto/innlogging/", views_second_factor.setup, name="second_factor_setup"),
    path("konto/innlogging/reservekoder/", views_second_factor.backup_codes, name="second_factor_backup_codes"),
    path(
        "konto/innlogging/nye-reservekoder/",
        views_second_factor.backup_codes_renew,
        name="second_factor_backup_codes_renew",
    ),
    path("oidc/authenticate/", oidc.LoginStartView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("oidc/frontchannel-logout/", oidc.frontchannel_logout, name="oidc_frontchannel_logout"),
    path("livshendelser/", include("lifeevents.urls")),
    path("portefolje/", include("portfolio.urls")),
    path("portefolje/", include("governance.urls_decisions")),  # step 4: the decisions (governance)
    path("styring/", include("governance.urls")),
    path("rapporter/", include("reports.urls")),
    path("api/v1/", include("api.urls")),
    path("import/", include("imports.urls")),
    path("webhooks/", include("api.urls_webhooks")),
    path("admin/", admin.site.urls),
]
