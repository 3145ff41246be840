from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from core import oidc
from core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("tilgjengelighet/", core_views.accessibility, name="accessibility"),
    path("health/", core_views.health, name="health"),
    path("health/live/", core_views.health_live, name="health_live"),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("login/", core_views.LoginView.as_view(), name="login"),
    path("logout/", core_views.logout, name="logout"),
    path("oidc/authenticate/", oidc.LoginStartView.as_view(), name="oidc_authentication_init"),
    path("oidc/callback/", oidc.CallbackView.as_view(), name="oidc_authentication_callback"),
    path("oidc/frontchannel-logout/", oidc.frontchannel_logout, name="oidc_frontchannel_logout"),
    path("livshendelser/", include("lifeevents.urls")),
    path("portefolje/", include("portfolio.urls")),
    path("portefolje/", include("governance.urls_decisions")),  # step 4: the decisions (governance)
    path("styring/", include("governance.urls")),
    path("rapporter/", include("reports.urls")),
    path("api/v1/", include("api.urls")),
    path("admin/", admin.site.urls),
]
    path("import/", include("imports.urls")),
