"""Pages that belong to no domain app: home, the accessibility statement, health check."""

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render, resolve_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from . import health as core_health
from . import login_guard, oidc
from .dashboard import home_context


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", home_context(request.user))


@require_GET
@login_not_required
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html", {"contact_email": settings.ACCESSIBILITY_CONTACT_EMAIL})


@require_GET
@login_not_required
def health(request: HttpRequest) -> JsonResponse:
    """For monitoring: the database, Redis, the broker, the workers' heartbeat and the oldest queued document;
    200 when all are ok, 503 otherwise (core.health)."""
    ok, checks = core_health.report()
    response = JsonResponse({"status": "ok" if ok else "fail", "checks": checks}, status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@login_not_required
def health_live(request: HttpRequest) -> JsonResponse:
    """For the web container's own health check: the process answers (it does not depend on the worker)."""
    return JsonResponse({"status": "ok"})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    """Ends our session, then the provider's (end-session endpoint) when the user logged in through it."""
    target = oidc.end_session_url(request) or resolve_url(settings.LOGOUT_REDIRECT_URL)
    auth.logout(request)
    return redirect(target)


class LoginForm(AuthenticationForm):
    """Django's form, refusing an overlong username with a clear message before anything looks it up (and before
    django-axes would try to store it)."""

    def clean_username(self):
        username = self.cleaned_data["username"]
        limit = get_user_model()._meta.get_field("username").max_length
        if len(username) > limit:
            message = _("The username can have at most %(n)s characters.") % {"n": limit}
            raise ValidationError(message, code="max_length")
        return username


class LoginView(auth_views.LoginView):
    """The local-account form, with the single sign-on button when OIDC is configured."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, oidc_provider=settings.OIDC_PROVIDER_NAME)

    def post(self, request, *args, **kwargs):
        """An account with many recent failures waits a few seconds between attempts (core.login_guard): refused
        with 429 and the time to wait, before the password is checked."""
        username = request.POST.get("username", "")
        wait = login_guard.account_wait_seconds(username) if len(username) <= 255 else 0
        if not wait:
            return super().post(request, *args, **kwargs)
        form = self.get_form_class()(request, data={"username": username})
        form.errors.pop("password", None)
        form.add_error(
            None,
            _("Too many failed attempts for this account. Wait %(seconds)s seconds and try again.") % {"seconds": wait},
        )
        return self.render_to_response(self.get_context_data(form=form), status=429)
