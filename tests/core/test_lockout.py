"""Lockout that cannot be used against a victim: the lock is on the client's address as the trusted proxy saw it,
failures against one account only slow its next attempt down, administrators can unlock, and hostile usernames
get a clear answer."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from core import login_guard

PASSWORD = "correct-horse-battery"  # the factories' password


def login(client, username, password, ip="203.0.113.10", forwarded=None):
    extra = {"REMOTE_ADDR": ip}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_wrong_passwords_from_elsewhere_never_lock_the_real_user_out(settings, agency_staff):
    attacker = Client()
    for i in range(settings.AXES_FAILURE_LIMIT + 3):
        login(attacker, "agency", "wrong-password", ip=f"198.51.100.{i}")  # many addresses, the victim's name
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=2))  # the victim comes later
    response = login(Client(), "agency", PASSWORD, ip="203.0.113.10")
    assert response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_failures_against_one_account_slow_its_next_attempt_down(settings, agency_staff):
    client = Client()
    for i in range(settings.LOGIN_SLOWDOWN_AFTER + 1):
        login(client, "agency", "wrong-password", ip=f"198.51.100.{i}")
    wait = login_guard.account_wait_seconds("agency")
    assert 1 <= wait <= settings.LOGIN_SLOWDOWN_MAX_SECONDS
    response = login(Client(), "agency", PASSWORD)
    assert response.status_code == 429 and not response.wsgi_request.user.is_authenticated
    assert "Vent" in response.content.decode() and "sekunder" in response.content.decode()
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(seconds=settings.LOGIN_SLOWDOWN_MAX_SECONDS))
    assert login(Client(), "agency", PASSWORD).status_code == 302  # a slowdown, never a lock


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended(settings, rf):
    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 192.0.2.7", REMOTE_ADDR="10.0.0.2")
    settings.BEHIND_PROXY = False
    assert login_guard.client_ip(request) == "10.0.0.2"
    settings.BEHIND_PROXY = True
    assert login_guard.client_ip(request) == "192.0.2.7"  # the first entry is the client's word: ignored


def test_one_address_is_locked_and_others_are_not(settings, agency_staff, other_agency_staff):
    settings.BEHIND_PROXY = True
    for i in range(settings.AXES_FAILURE_LIMIT):
        login(Client(), f"guess-{i}", "wrong", ip="10.0.0.2", forwarded=f"6.6.6.{i}, 192.0.2.66")
    assert login(Client(), "other", PASSWORD, ip="10.0.0.2", forwarded="192.0.2.66").status_code == 429
    assert login(Client(), "other", PASSWORD, ip="10.0.0.2", forwarded="192.0.2.8").status_code == 302


def test_an_administrator_unlocks_an_address(settings, agency_staff):
    for i in range(settings.AXES_FAILURE_LIMIT):
        login(Client(), f"guess-{i}", "wrong", ip="192.0.2.66")
    assert login(Client(), "agency", PASSWORD, ip="192.0.2.66").status_code == 429
    call_command("axes_reset_ip", "192.0.2.66")
    assert login(Client(), "agency", PASSWORD, ip="192.0.2.66").status_code == 302


@pytest.mark.parametrize("length", [151, 256, 5000])
def test_a_very_long_username_gets_a_clear_error(client, db, length):
    response = login(client, "a" * length, "whatever")
    assert response.status_code == 200
    assert "Brukernavnet kan ha høyst 150 tegn." in response.content.decode()
