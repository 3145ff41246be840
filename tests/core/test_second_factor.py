"""The second factor (core.second_factor): office and administrator accounts set up an authenticator app, sign in
with its code (or a backup code, once), wrong and replayed codes are refused and slow down, the admin site wants a
verified session, and an administrator's reset is audited. Tests of the requirement use Django's plain Client
(the `client` fixture verifies office sessions, tests/second_factor.py)."""

import re

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.models import AuditEvent
from tests.factories.core import TOTPDeviceFactory
from tests.second_factor import VerifiedClient, code_for

PASSWORD = "correct-horse-battery"
VERIFY = "/login/kode/"
SETUP = "/konto/innlogging/"


def sign_in(client, user, next_url=""):
    data = {"username": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post("/login/", data, REMOTE_ADDR="203.0.113.5")


def enter(client, code, *, backup=False, next_url=""):
    data = {"backup_code": code, "kind": "backup"} if backup else {"code": code}
    if next_url:
        data["next"] = next_url
    return client.post(VERIFY, data, REMOTE_ADDR="203.0.113.5")


def secret_from(html: str) -> bytes:
    import base64

    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', html)[1].replace(" ", "")
    return base64.b32decode(secret + "=" * (-len(secret) % 8))


@pytest.fixture
def office_app(portfolio_office):
    return TOTPDeviceFactory(user=portfolio_office)


# ---- who is asked ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_agency_staff_and_ministries_sign_in_with_the_password_only(agency_staff, ministry_official):
    for user in (agency_staff, ministry_official):
        client = Client()
        assert sign_in(client, user).status_code == 302
        assert client.get("/").status_code == 200


@pytest.mark.django_db
def test_office_without_an_app_is_sent_to_set_one_up_and_nothing_else_answers(portfolio_office):
    client = Client()
    response = sign_in(client, portfolio_office, next_url="/portefolje/forslag/")
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(SETUP)
    assert "next=%2Fportefolje%2Fforslag%2F" in response["Location"]
    assert client.get("/portefolje/forslag/").status_code == 302  # every page waits for the second factor
    assert client.get("/api/v1/proposals/").status_code in (401, 403)  # the API sees no one either
    htmx = client.get("/portefolje/forslag/", HTTP_HX_REQUEST="true")
    assert htmx.headers["HX-Redirect"].startswith(SETUP)  # a full page load, not a fragment
    assert client.get("/tilgjengelighet/").status_code == 200  # public pages stay public
    assert client.post("/logout/").status_code == 302  # and one can always leave


@pytest.mark.django_db
def test_office_with_an_app_is_asked_for_its_code_and_goes_on_to_the_page_asked_for(portfolio_office, office_app):
    client = Client()
    sign_in(client, portfolio_office, next_url="/portefolje/forslag/")
    response = client.get("/portefolje/forslag/")
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    page = client.get(response["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    field = re.search(r"<input[^>]*name=\"code\"[^>]*>", html)[0]
    assert 'autocomplete="one-time-code"' in field and 'inputmode="numeric"' in field
    assert re.search(r'<label class="ds-label" for="id_code">', html)  # labelled
    assert 'aria-describedby="id_code_helptext"' in field
    response = enter(client, code_for(office_app), next_url="/portefolje/forslag/")
    assert response.status_code == 302 and response["Location"] == "/portefolje/forslag/"
    assert client.get("/portefolje/forslag/").status_code == 200


# ---- enrolment ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_enrolment_shows_a_qr_code_and_the_secret_and_a_right_code_turns_it_on(portfolio_office):
    client = Client()
    sign_in(client, portfolio_office)
    page = client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert re.search(r'<svg role="img"[^>]*>\s*<title>', html)  # the QR code inline, with its text alternative
    key = secret_from(html)
    assert client.get(SETUP).content.decode().count(re.search(r'totp-secret">([^<]+)<', html)[1]) == 1  # the same
    device = TOTPDevice.objects.get(user=portfolio_office)
    assert not device.confirmed and device.bin_key == key

    code = f"{TOTP(key).token():06d}"  # what the app computes from the secret typed in
    response = client.post(SETUP, {"code": code, "next": "/portefolje/forslag/"})
    assert response.status_code == 302 and response["Location"].startswith("/konto/innlogging/reservekoder/")
    device.refresh_from_db()
    assert device.confirmed
    codes_page = client.get(response["Location"])
    codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", codes_page.content.decode())
    assert len(codes) == 10
    assert 'href="/portefolje/forslag/"' in codes_page.content.decode()
    assert client.get(response["Location"]).status_code == 302  # shown once
    assert client.get("/portefolje/forslag/").status_code == 200  # the session is verified
    event = AuditEvent.objects.get(action="core.user.second_factor_enrolled")
    assert event.actor == portfolio_office and event.object_id == str(portfolio_office.pk)


@pytest.mark.django_db
def test_enrolment_refuses_a_wrong_code_with_the_error_tied_to_the_field(portfolio_office):
    client = Client()
    sign_in(client, portfolio_office)
    client.get(SETUP)
    response = client.post(SETUP, {"code": "12345"})
    html = response.content.decode()
    assert response.status_code == 422
    assert "Skriv de seks sifrene" in html
    assert 'href="#id_code"' in html  # the error summary links to the field
    assert re.search(r'aria-describedby="id_code_helptext id_code_error"', html)
    assert 'aria-invalid="true"' in html
    assert not TOTPDevice.objects.filter(user=portfolio_office, confirmed=True).exists()


# ---- codes at sign-in ------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_wrong_code_is_refused_counted_as_a_failed_sign_in_and_slows_down(portfolio_office, office_app):
    client = Client()
    sign_in(client, portfolio_office)
    right = code_for(office_app)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = enter(client, wrong)
    assert response.status_code == 422
    assert "Koden er feil" in response.content.decode()
    assert AccessAttempt.objects.filter(username="office").exists()  # django-axes counts it (address lockout)
    assert client.get("/").status_code == 302  # still not verified
    response = enter(client, right)  # at once after a wrong code: the device makes the user wait
    assert response.status_code == 429
    assert "Vent 1 sekunder" in response.content.decode()


@pytest.mark.django_db
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0, LOGIN_SLOWDOWN_AFTER=0)
def test_wrong_codes_slow_the_account_down_like_wrong_passwords(portfolio_office, office_app):
    from django.utils import timezone

    client = Client()
    sign_in(client, portfolio_office)
    assert enter(client, "000000" if code_for(office_app) != "000000" else "999999").status_code == 422
    AccessAttempt.objects.update(attempt_time=timezone.now())  # the failure just now, however slow the machine
    response = enter(client, code_for(office_app))  # core.login_guard: the account waits before the next try
    assert response.status_code == 429
    assert "For mange feil koder" in response.content.decode()


@pytest.mark.django_db
@override_settings(OTP_TOTP_THROTTLE_FACTOR=0, LOGIN_SLOWDOWN_AFTER=100)
def test_many_wrong_codes_from_one_address_lock_that_address(portfolio_office, office_app, settings):
    client = Client()
    sign_in(client, portfolio_office)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = enter(client, "000000" if code_for(office_app) != "000000" else "999999")
    assert response.status_code == 429
    assert "For mange mislykkede innlogging" in enter(client, code_for(office_app)).content.decode()


@pytest.mark.django_db
def test_a_code_is_accepted_once_a_replay_is_refused(portfolio_office, office_app):
    first = Client()
    sign_in(first, portfolio_office)
    code = code_for(office_app)
    assert enter(first, code).status_code == 302
    second = Client()  # someone who saw the code, in another session
    sign_in(second, portfolio_office)
    response = enter(second, code)
    assert response.status_code == 422
    assert second.get("/").status_code == 302


@pytest.mark.django_db
def test_a_backup_code_signs_in_once(portfolio_office, office_app):
    from core import second_factor

    codes = second_factor._new_backup_codes(portfolio_office)
    client = Client()
    sign_in(client, portfolio_office)
    page = client.get(VERIFY + "?kind=backup")
    assert 'name="backup_code"' in page.content.decode()
    response = enter(client, codes[0].upper(), backup=True, next_url="/portefolje/forslag/")
    assert response.status_code == 302 and response["Location"] == "/portefolje/forslag/"
    assert "9 er igjen" in client.get("/portefolje/forslag/").content.decode()  # told how many are left
    assert StaticToken.objects.filter(device__user=portfolio_office).count() == 9
    again = Client()
    sign_in(again, portfolio_office)
    assert enter(again, codes[0], backup=True).status_code == 422  # used up


@pytest.mark.django_db
def test_new_backup_codes_replace_the_old_ones(portfolio_office, office_app):
    from core import second_factor

    old = second_factor._new_backup_codes(portfolio_office)
    client = VerifiedClient()
    client.force_login(portfolio_office)
    status = client.get(SETUP)
    assert status.status_code == 200 and "Reservekoder igjen" in status.content.decode()
    response = client.post("/konto/innlogging/nye-reservekoder/")
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", client.get(response["Location"]).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.filter(device__user=portfolio_office).values_list("token", flat=True)) == set(new)
    assert AuditEvent.objects.filter(action="core.user.backup_codes_renewed", actor=portfolio_office).exists()


# ---- the admin site and the administrator's reset ---------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_site_refuses_a_session_without_the_second_factor(admin_user):
    plain = Client()
    plain.force_login(admin_user)  # signed in with the password only
    response = plain.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith((VERIFY, SETUP))
    verified = VerifiedClient()
    verified.force_login(admin_user)
    assert verified.get("/admin/").status_code == 200


@pytest.mark.django_db
def test_the_admin_site_itself_asks_for_a_verified_session(admin_user, rf):
    from django.contrib import admin
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.get("/admin/")
    request.user, request.session = admin_user, SessionStore()
    admin_user.is_verified = lambda: False  # as django-otp's middleware marks a session without a code
    assert not admin.site.has_permission(request)
    admin_user.is_verified = lambda: True
    assert admin.site.has_permission(request)


@pytest.mark.django_db
def test_an_administrator_resets_a_lost_phone_audited_and_the_user_sets_up_again(
    admin_user, portfolio_office, office_app
):
    office = VerifiedClient()
    office.force_login(portfolio_office)
    assert office.get("/").status_code == 200
    admin = VerifiedClient()
    admin.force_login(admin_user)
    response = admin.post(
        reverse("admin:core_user_changelist"),
        {"action": "second_factor_reset", "_selected_action": [portfolio_office.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=portfolio_office).exists()
    event = AuditEvent.objects.get(action="core.user.second_factor_reset")
    assert event.actor == admin_user and event.object_id == str(portfolio_office.pk)
    after = office.get("/")  # the office's session stops at once: set up the app again
    assert after.status_code == 302 and after["Location"].startswith(SETUP)


@pytest.mark.django_db
def test_only_administrators_reset_and_never_their_own(admin_user, portfolio_office, office_app):
    from django.core.exceptions import PermissionDenied

    from core import second_factor

    with pytest.raises(PermissionDenied):
        second_factor.reset(user=admin_user, by=portfolio_office)
    with pytest.raises(PermissionDenied):
        second_factor.reset(user=admin_user, by=admin_user)
    assert TOTPDevice.objects.filter(user=portfolio_office).exists()
    assert not AuditEvent.objects.filter(action="core.user.second_factor_reset").exists()


@pytest.mark.django_db
def test_the_device_secrets_are_not_in_the_admin(admin_user, office_app):
    admin = VerifiedClient()
    admin.force_login(admin_user)
    assert admin.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert admin.get("/admin/otp_static/staticdevice/").status_code == 404


@pytest.mark.django_db
@override_settings(OTP_REQUIRED=False)
def test_with_the_requirement_off_for_local_development_office_signs_in_with_the_password(portfolio_office):
    client = Client()
    sign_in(client, portfolio_office)
    assert client.get("/").status_code == 200
