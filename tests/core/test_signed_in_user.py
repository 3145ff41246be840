"""The signed-in user as a view sees it (core.middleware.AuthenticationMiddleware): the user itself, not a lazy
object, loaded once with its organisation, and still carrying django-otp's `otp_device` and `is_verified()`; the
anonymous and the unverified office sessions are treated as before."""

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import User


def test_a_view_reads_the_user_itself_with_its_second_factor(client, portfolio_office):
    client.force_login(portfolio_office)  # verified with the app (tests/second_factor.py)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    user = response.wsgi_request.user
    assert type(user) is User and user.pk == portfolio_office.pk
    assert user.is_verified() and user.otp_device is not None
    assert not hasattr(response.wsgi_request, "loaded_user")


def test_the_user_and_the_organisation_are_one_query(client, agency_staff):
    client.force_login(agency_staff)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    users = [q["sql"] for q in queries.captured_queries if 'FROM "core_user"' in q["sql"]]
    assert len(users) == 1 and "core_organisation" in users[0]
    assert type(response.wsgi_request.user) is User and not response.wsgi_request.user.is_verified()


def test_the_anonymous_are_sent_to_sign_in(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and reverse("login") in response["Location"]
    assert isinstance(response.wsgi_request.user, AnonymousUser)


def test_an_unverified_office_session_still_goes_to_the_code_step(portfolio_office):
    plain = Client()  # Django's client: the session is not verified with the app
    plain.force_login(portfolio_office)
    response = plain.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("second_factor_setup"))
