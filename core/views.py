"""Pages that belong to no domain app: home, the accessibility statement, health check."""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.views.decorators.http import require_GET, require_POST

from . import oidc
from .dashboard import home_context


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", home_context(request.user))


@require_GET
@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_GET
@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Ends our session, then the provider's (end-session endpoint) when the user logged in through it."""
    target = oidc.end_session_url(request) or resolve_url(settings.LOGOUT_REDIRECT_URL)
    auth.logout(request)
    return redirect(target)


class LoginView(auth_views.LoginView):
    """The local-account form, with the single sign-on button when OIDC is configured."""

    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, oidc_provider=settings.OIDC_PROVIDER_NAME)
