"""Single sign-on against a real (local) OpenID Connect provider: oidc-provider-mock runs in a thread, and the
portal talks to it over HTTP exactly as to Ansattporten (token and JWKS requests are real, nothing is mocked)."""

from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.urls import reverse
from oidc_provider_mock import User as ProviderUser
from oidc_provider_mock import run_server_in_thread

from core.models import AuditEvent
from core.oidc import PortalOIDCBackend
from tests.factories.core import UserFactory

NAV_ORGNR = "889640782"
SUBSTANTIAL = "idporten-loa-substantial"

PEOPLE = [
    ProviderUser(
        sub="sub-kari",
        claims={
            "acr": SUBSTANTIAL,
            "reportees": [f"0192:{NAV_ORGNR}"],
            "given_name": "Kari",
            "family_name": "Nordmann",
            "email": "agency@example.no",
            "sid": "sid-kari",
        },
    ),
    ProviderUser(sub="sub-low", claims={"acr": "idporten-loa-low", "reportees": [f"0192:{NAV_ORGNR}"]}),
    ProviderUser(sub="sub-stranger", claims={"acr": SUBSTANTIAL, "reportees": ["0192:974761076"]}),
    ProviderUser(
        sub="sub-details",
        claims={
            "acr": "idporten-loa-high",
            "authorization_details": [
                {"type": "ansattporten:altinn:service", "reportees": [{"ID": f"0192:{NAV_ORGNR}"}]}
            ],
        },
    ),
]


@pytest.fixture(scope="module")
def provider():
    with run_server_in_thread(user_claims=PEOPLE) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc(provider, nav, settings):
    nav.orgnr = NAV_ORGNR
    nav.save()
    settings.OIDC_ENABLED = True
    settings.OIDC_RP_CLIENT_ID = "portal"
    settings.OIDC_RP_CLIENT_SECRET = "portal-secret"
    settings.OIDC_OP_ISSUER = provider
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{provider}/oauth2/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{provider}/oauth2/token"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{provider}/jwks"
    settings.OIDC_OP_LOGOUT_ENDPOINT = f"{provider}/oauth2/end_session"
    settings.OIDC_MIN_ACR = SUBSTANTIAL
    cache.clear()
    return provider


def login(client, sub: str, next_url: str = ""):
    """Start at the portal, let the provider authorise `sub`, follow the redirect back to the callback."""
    start = client.get(reverse("oidc_authentication_init") + (f"?next={next_url}" if next_url else ""))
    assert start.status_code == 302
    authorize = start["Location"]
    at_provider = requests.post(authorize, data={"sub": sub}, allow_redirects=False, timeout=10)
    assert at_provider.status_code == 302, at_provider.text
    back = urlsplit(at_provider.headers["Location"])
    assert back.path == reverse("oidc_authentication_callback")
    return authorize, client.get(f"{back.path}?{back.query}")


def test_login_and_logout_round_trip(client, oidc, nav):
    authorize, response = login(client, "sub-kari", next_url="/livshendelser/")
    query = parse_qs(urlsplit(authorize).query)
    assert query["response_type"] == ["code"] and query["client_id"] == ["portal"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0] and query["acr_values"] == [SUBSTANTIAL]

    assert response.status_code == 302 and response["Location"] == "/livshendelser/"
    user = get_user_model().objects.get(oidc_sub="sub-kari")
    assert (user.organisation, user.oidc_acr, user.role) == (nav, SUBSTANTIAL, "agency_staff")
    assert user.get_full_name() == "Kari Nordmann" and not user.has_usable_password()
    created = AuditEvent.objects.get(action="core.user.created", object_id=str(user.pk))
    assert created.actor == user and created.changes["source"] == "oidc"
    home = client.get(reverse("home"))
    assert home.status_code == 200 and home.context["user"] == user

    response = client.post(reverse("logout"))
    end_session = urlsplit(response["Location"])
    assert f"{end_session.scheme}://{end_session.netloc}{end_session.path}" == f"{oidc}/oauth2/end_session"
    params = parse_qs(end_session.query)
    assert params["id_token_hint"][0] and params["post_logout_redirect_uri"] == ["http://testserver/login/"]
    assert client.get(reverse("home")).status_code == 302  # our session is gone already

    form = requests.get(response["Location"], timeout=10)  # the provider asks, then sends the user back
    assert form.status_code == 200
    confirmed = requests.post(
        f"{oidc}/oauth2/end_session/confirm", data={"redirect_uri": params["post_logout_redirect_uri"][0]},
        allow_redirects=False, timeout=10,
    )  # fmt: skip
    assert confirmed.headers["Location"] == "http://testserver/login/"


def test_second_login_finds_the_same_user_by_sub_never_by_email(client, oidc, agency_staff):
    agency_staff.email = "agency@example.no"  # the same e-mail as the provider's Kari
    agency_staff.save()
    login(client, "sub-kari")
    client.post(reverse("logout"))
    login(client, "sub-kari")
    assert get_user_model().objects.filter(oidc_sub="sub-kari").count() == 1
    agency_staff.refresh_from_db()
    assert agency_staff.oidc_sub is None and client.get(reverse("home")).context["user"] != agency_staff


def test_organisation_from_authorization_details_and_high_level(client, oidc, nav):
    _, response = login(client, "sub-details")
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = get_user_model().objects.get(oidc_sub="sub-details")
    assert user.organisation == nav and user.oidc_acr == "idporten-loa-high"


@pytest.mark.parametrize(
    ("sub", "message"),
    [("sub-low", "security level"), ("sub-stranger", "organisation does not have access")],
)
def test_refused_logins_get_a_clear_message_and_no_user(client, oidc, sub, message):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # the message is written in the language of the callback
    _, response = login(client, sub)
    assert response.status_code == 302 and response["Location"] == reverse("login")
    page = client.get(response["Location"])
    assert message in page.content.decode()
    assert not get_user_model().objects.filter(oidc_sub=sub).exists()
    assert client.get(reverse("home")).status_code == 302


def test_wrong_issuer_is_refused(client, oidc, settings):
    settings.OIDC_OP_ISSUER = "https://ansattporten.example"
    _, response = login(client, "sub-kari")
    assert response["Location"] == reverse("login")
    assert not get_user_model().objects.filter(oidc_sub="sub-kari").exists()


def test_an_id_token_for_another_client_is_refused(oidc):
    """A real id_token the provider issued to another client (audience) does not pass our verification."""
    redirect_uri = "http://testserver/oidc/callback/"
    query = {"response_type": "code", "scope": "openid", "client_id": "another-client", "redirect_uri": redirect_uri,
             "state": "s", "nonce": "n"}  # fmt: skip
    at_provider = requests.post(f"{oidc}/oauth2/authorize", params=query, data={"sub": "sub-kari"},
                                allow_redirects=False, timeout=10)  # fmt: skip
    code = parse_qs(urlsplit(at_provider.headers["Location"]).query)["code"][0]
    token = requests.post(f"{oidc}/oauth2/token", timeout=10, data={
        "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
        "client_id": "another-client", "client_secret": "x"}).json()  # fmt: skip
    backend = PortalOIDCBackend()
    with pytest.raises(SuspiciousOperation, match="Audience"):
        backend.verify_token(token["id_token"], nonce="n")


def test_unknown_state_is_refused(client, oidc):
    client.get(reverse("oidc_authentication_init"))
    response = client.get(reverse("oidc_authentication_callback"), {"code": "x", "state": "forged"})
    assert response.status_code == 400
    assert client.get(reverse("home")).status_code == 302


def test_a_code_in_the_query_never_logs_in_through_the_password_form(client, oidc):
    UserFactory(username="kari")
    response = client.post(reverse("login") + "?code=x&state=y", {"username": "kari", "password": "wrong"})
    assert response.status_code == 200 and not response.wsgi_request.user.is_authenticated


def test_frontchannel_logout_ends_the_session_with_that_sid(client, oidc, settings):
    login(client, "sub-kari")
    assert client.get(reverse("home")).status_code == 200
    from django.test import Client

    iframe = Client()  # the provider's iframe carries no cookie of ours
    response = iframe.get(reverse("oidc_frontchannel_logout"), {"iss": oidc, "sid": "sid-kari"})
    assert response.status_code == 200 and "X-Frame-Options" not in response
    assert response["Content-Security-Policy"] == f"frame-ancestors {oidc}"
    assert client.get(reverse("home")).status_code == 302


def test_frontchannel_logout_from_another_issuer_is_refused(client, oidc):
    login(client, "sub-kari")
    response = client.get(reverse("oidc_frontchannel_logout"), {"iss": "https://evil.example", "sid": "sid-kari"})
    assert response.status_code == 400
    assert client.get(reverse("home")).status_code == 200


def test_sso_is_off_unless_configured(client, db, settings):
    settings.OIDC_ENABLED = False
    assert "Ansattporten" not in client.get(reverse("login")).content.decode()
    assert client.get(reverse("oidc_authentication_init")).status_code == 404
    assert client.get(reverse("oidc_authentication_callback")).status_code == 404
    settings.OIDC_ENABLED = True
    assert reverse("oidc_authentication_init") in client.get(reverse("login")).content.decode()


def test_a_new_reportee_organisation_moves_the_user_and_is_audited(client, oidc, nav, other_agency):
    login(client, "sub-kari")
    client.post(reverse("logout"))
    other_agency.orgnr, nav.orgnr = NAV_ORGNR, ""  # the same number now belongs to the other organisation
    nav.save()
    other_agency.save()
    login(client, "sub-kari")
    user = get_user_model().objects.get(oidc_sub="sub-kari")
    assert user.organisation == other_agency
    moved = AuditEvent.objects.get(action="core.user.organisation_changed", object_id=str(user.pk))
    assert moved.changes["organisation"] == [str(nav), str(other_agency)]
