"""Login lockout, session lifetime, cookies, CSP, CSRF on htmx requests and password strength."""

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from tests.factories.core import UserFactory

PASSWORD = "correct-horse-battery"  # the factories' password
ROOT = Path(__file__).resolve().parents[2]


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


# ---- lockout (django-axes) ----------------------------------------------------------------------------------------


def test_repeated_failed_logins_lock_the_address_even_for_the_right_password(client, agency_staff):
    """The lock is on the client's address (tests/core/test_lockout.py: never on the account)."""
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, f"someone-{i}", "wrong-password").status_code == 200
    locked = _login(client, "agency", "wrong-password")
    assert locked.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in locked.templates]
    again = _login(client, "agency", PASSWORD)
    assert again.status_code == 429 and not again.wsgi_request.user.is_authenticated
    assert client.get(reverse("home")).status_code == 302


def test_a_successful_login_resets_the_failure_count(client, agency_staff):
    for _ in range(settings.LOGIN_SLOWDOWN_AFTER - 1):
        _login(client, "agency", "wrong-password")
    assert _login(client, "agency", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.LOGIN_SLOWDOWN_AFTER - 1):
        assert _login(client, "agency", "wrong-password").status_code == 200
    assert _login(client, "agency", PASSWORD).status_code == 302


# ---- session lifetime (core.middleware.SessionTimeoutMiddleware) --------------------------------------------------


def _signed_in(client, user):
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200  # stamps auth_started_at / last_seen_at


def _shift(client, **ages):
    session = client.session
    for key, seconds in ages.items():
        session[key] = int(time.time()) - seconds
    session.save()


def test_session_ends_after_30_idle_minutes(client, agency_staff):
    _signed_in(client, agency_staff)
    _shift(client, last_seen_at=29 * 60)
    assert client.get(reverse("home")).status_code == 200
    _shift(client, last_seen_at=31 * 60)
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_session_ends_after_120_minutes_however_active(client, agency_staff):
    _signed_in(client, agency_staff)
    _shift(client, auth_started_at=119 * 60, last_seen_at=60)
    assert client.get(reverse("home")).status_code == 200
    _shift(client, auth_started_at=121 * 60, last_seen_at=60)
    assert client.get(reverse("home")).status_code == 302


def test_activity_keeps_the_session_alive(client, agency_staff):
    _signed_in(client, agency_staff)
    _shift(client, last_seen_at=20 * 60)
    assert client.get(reverse("home")).status_code == 200
    assert int(time.time()) - client.session["last_seen_at"] < 60  # the request counted as activity


# ---- cookies, headers, CSP ----------------------------------------------------------------------------------------


def test_session_and_csrf_cookies_are_secure_and_httponly(client, agency_staff):
    page = client.get(reverse("login"))
    csrf = page.cookies[settings.CSRF_COOKIE_NAME]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = _login(client, "agency", PASSWORD)
    session = response.cookies[settings.SESSION_COOKIE_NAME]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


def _production_settings(**extra_env) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECURE_", "SESSION_", "CSRF_", "DEBUG"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings", SECRET_KEY="x" * 60, ALLOWED_HOSTS="portal.example.org")
    env.update(extra_env)
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; print(json.dumps({k: getattr(s, k)"
        " for k in ['DEBUG', 'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', "
        "'CSRF_COOKIE_HTTPONLY', 'SECURE_SSL_REDIRECT', 'SECURE_HSTS_SECONDS', 'LANGUAGE_COOKIE_SECURE']}"
        " | {'csp': s.CONTENT_SECURITY_POLICY['DIRECTIVES']}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_production_settings_are_secure_by_default():
    values = _production_settings()
    assert values["DEBUG"] is False and values["SECURE_SSL_REDIRECT"] and values["SECURE_HSTS_SECONDS"] >= 31536000
    for key in ("SESSION_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "CSRF_COOKIE_SECURE", "CSRF_COOKIE_HTTPONLY"):
        assert values[key] is True, key
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    script_src = values["csp"].get("script-src") or values["csp"]["default-src"]
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert values["csp"]["frame-ancestors"] == ["'none'"] and values["csp"]["object-src"] == ["'none'"]
    assert values["csp"]["form-action"] == ["'self'"]


def test_csp_lets_the_logout_form_redirect_to_the_oidc_provider_only():
    values = _production_settings(
        OIDC_RP_CLIENT_ID="portal", OIDC_OP_LOGOUT_ENDPOINT="https://login.ansattporten.example/logout?x=1"
    )
    assert values["csp"]["form-action"] == ["'self'", "https://login.ansattporten.example"]


@pytest.mark.parametrize("url_name", ["login", "home", "accessibility"])
def test_pages_send_csp_without_inline_scripts_and_have_none(client, agency_staff, url_name):
    if url_name == "home":
        client.force_login(agency_staff)
    response = client.get(reverse(url_name))
    policy = response["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in policy and response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts and all(" src=" in tag for tag in scripts), scripts  # a CSP without unsafe-inline would block them
    assert not re.search(r"\son[a-z]+=", html), "inline event handlers are blocked by the CSP"


# ---- CSRF, also on htmx requests -----------------------------------------------------------------------------------


def test_htmx_requests_carry_the_csrf_token_from_the_body_and_need_it(agency_staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(agency_staff)
    page = client.get(reverse("home")).content.decode()
    hx_headers = re.search(r"<body[^>]*hx-headers='([^']*)'", page).group(1)
    token = json.loads(hx_headers)["x-csrftoken"]
    url, data = reverse("set_language"), {"language": "en", "next": "/"}
    assert client.post(url, data, headers={"HX-Request": "true"}).status_code == 403
    assert client.post(url, data, headers={"HX-Request": "true", "X-CSRFToken": "x" * 64}).status_code == 403
    assert client.post(url, data, headers={"HX-Request": "true", "X-CSRFToken": token}).status_code == 302


def test_login_form_refuses_a_post_without_csrf_token(db):
    UserFactory(username="kari")
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "kari", "password": PASSWORD})
    assert response.status_code == 403 and not response.wsgi_request.user.is_authenticated


# ---- password strength --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    ["Kort1!", "password1234", "123456789012345", "kari.nordmann99"],
    ids=["too-short", "common", "numeric", "like-the-username"],
)
def test_weak_passwords_are_refused(db, password):
    user = UserFactory.build(username="kari.nordmann", first_name="Kari", last_name="Nordmann")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_a_long_passphrase_is_accepted(db):
    validate_password("fjord-bakke-trikk-sommer", UserFactory.build(username="kari"))
