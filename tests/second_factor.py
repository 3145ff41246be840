"""Signing in with the second factor in tests (core.second_factor): a code computed from the device as the app would,
and a test client whose `force_login` also verifies the session through django-otp's own login helper, as the code
step does. The requirement stays on in the tests; tests of the requirement itself use Django's plain Client."""

from __future__ import annotations

import time

import django_otp
from django.http import HttpRequest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import second_factor
from tests.factories.core import TOTPDeviceFactory


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now, or the next one when the current one was used already (the device accepts one
    time step ahead; codes of a used step are refused). Waits for the next step when both were used."""
    device.refresh_from_db()
    while True:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        now = totp.t()
        if device.last_t < now:
            break
        if device.last_t == now:
            totp.time = time.time() + device.step  # the next step's code: within the device's tolerance of one
            break
        time.sleep(1)
    return f"{totp.token():0{device.digits}d}"


def device_for(user) -> TOTPDevice:
    """The user's confirmed app, set up when the user has none."""
    return second_factor.app_device(user) or TOTPDeviceFactory(user=user)


def verify_session(client: Client, user) -> TOTPDevice:
    """Mark the client's signed-in session as verified by the user's app (django_otp.login on a request carrying the
    client's session), as the code step does after a right code."""
    device = device_for(user)
    request = HttpRequest()
    request.session = client.session
    request.user = user
    django_otp.login(request, device)
    request.session.save()
    return device


class VerifiedClient(Client):
    """Django's test client; `force_login` of an account that needs the second factor (office, administrators) also
    verifies the session with the user's app (made when missing)."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if second_factor.applies_to(user):
            verify_session(self, user)


def browser_code_step(page, user) -> None:
    """In the browser, after the password: type the app's code on the code step, as the user does (office and
    administrator accounts; the app is set up beforehand with `device_for`)."""
    from playwright.sync_api import expect

    expect(page.get_by_role("heading", name="Kode fra appen")).to_be_visible()
    page.get_by_label("Kode fra appen").fill(code_for(device_for(user)))
    page.get_by_role("button", name="Fortsett").click()
