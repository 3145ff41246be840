"""The foundation: real PostgreSQL, a real Celery worker on Redis, the production checks, the shell pages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_test_database_is_postgresql(db):
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        assert cursor.fetchone()[0].startswith("PostgreSQL")


@pytest.mark.worker
def test_celery_task_round_trips_through_redis_with_a_real_worker(celery_worker_real):
    from django.conf import settings

    from core.tasks import ping_task

    assert settings.CELERY_BROKER_URL.startswith("redis://")
    result = ping_task.delay()
    assert result.get(timeout=20) == "pong"


OIDC_ENV = {  # Ansattporten-like single sign-on configured (H6: the OIDC settings must not weaken the checks)
    "OIDC_RP_CLIENT_ID": "portal",
    "OIDC_RP_CLIENT_SECRET": "a-client-secret",
    "OIDC_OP_ISSUER": "https://ansattporten.example",
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://login.ansattporten.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://ansattporten.example/token",
    "OIDC_OP_JWKS_ENDPOINT": "https://ansattporten.example/jwks.json",
    "OIDC_OP_LOGOUT_ENDPOINT": "https://login.ansattporten.example/logout",
    "OIDC_MIN_ACR": "idporten-loa-substantial",
}


@pytest.mark.parametrize("extra_env", [{}, OIDC_ENV], ids=["local-accounts", "with-oidc"])
def test_check_deploy_is_clean_with_production_settings(extra_env):
    env = {
        **os.environ,
        **extra_env,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "a-production-secret-key-with-enough-entropy-9f8e7d6c5b4a3210fedcba",
        "ALLOWED_HOSTS": "portal.example.org",
    }
    env.pop("SECURE_SSL_REDIRECT", None)
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_no_missing_migrations(db):
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_settings_refuse_to_start_without_secret_key_outside_debug():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"
    out = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert out.returncode != 0
    assert "SECRET_KEY must be set" in out.stderr


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_and_accessibility_statement_are_public(client):
    assert client.get(reverse("login")).status_code == 200
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    assert b'lang="nb"' in response.content


def test_home_page_for_a_signed_in_user(client, agency_staff):
    client.force_login(agency_staff)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert reverse("accessibility").encode() in response.content
    assert b"x-csrftoken" in response.content


def test_health_check(client, db):
    assert client.get(reverse("health")).json()["status"] == "ok"  # tests/core/test_degrade.py: what it checks
    assert client.get(reverse("health_live")).json() == {"status": "ok"}
