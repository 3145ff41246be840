"""OIDC bearer tokens on the API: JWTs signed with a locally generated RSA key, whose JWKS a local HTTP server
serves (fetched over HTTP, as from Ansattporten); mapped to the portal user by `sub`, then the same policy."""

from __future__ import annotations

import http.server
import json
import threading
import time

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from core import oidc_bearer
from tests.factories.core import UserFactory

ISSUER = "https://ansattporten.test"
AUDIENCE = "livshendelsesportalen-api"


def _key(kid: str):
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = json.loads(RSAAlgorithm.to_jwk(private.public_key()))
    return private, {**public, "kid": kid, "use": "sig", "alg": "RS256"}


@pytest.fixture(scope="module")
def keys():
    return {"good": _key("key-1"), "stranger": _key("key-1")}  # the stranger's key claims the same kid


@pytest.fixture(scope="module")
def jwks_server(keys):
    body = json.dumps({"keys": [keys["good"][1]]}).encode()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/jwks"
    server.shutdown()


@pytest.fixture
def bearer(settings, jwks_server, keys):
    settings.OIDC_BEARER_JWKS_ENDPOINT = jwks_server
    settings.OIDC_BEARER_ISSUER = ISSUER
    settings.OIDC_BEARER_AUDIENCE = AUDIENCE
    settings.OIDC_BEARER_ALGORITHMS = ["RS256"]
    settings.OIDC_MIN_ACR = "idporten-loa-substantial"
    oidc_bearer._jwks_client.cache_clear()

    def token(sub="sub-kari", key="good", alg="RS256", **claims):
        now = int(time.time())
        payload = {"iss": ISSUER, "aud": AUDIENCE, "sub": sub, "iat": now, "exp": now + 300}
        payload.update(acr="idporten-loa-substantial")
        payload.update(claims)
        signing = keys[key][0] if alg.startswith("RS") else "a-shared-secret-that-is-long-enough-for-hs256"
        return jwt.encode(payload, signing, algorithm=alg, headers={"kid": "key-1"})

    yield token
    oidc_bearer._jwks_client.cache_clear()


@pytest.fixture
def kari(nav):
    return UserFactory(username="kari", organisation=nav, role="agency_staff", oidc_sub="sub-kari")


def _get(client, path, token):
    return client.get(path, HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_from_the_provider_acts_as_its_user_under_the_same_policy(api, world, bearer, kari, other_agency):
    from tests.factories.portfolio import ProposalFactory

    client = api("anonymous")
    listed = _get(client, "/api/v1/proposals/", bearer())
    assert listed.status_code == 200, listed.content
    ids = {p["id"] for p in listed.json()["results"]}
    assert world.draft.pk in ids  # NAV's own draft: Kari works at NAV
    others = ProposalFactory(organisation=other_agency, status="draft", life_events=[world.life_event])
    assert _get(client, f"/api/v1/proposals/{others.pk}/", bearer()).status_code == 404  # as on the pages
    assert _get(client, f"/api/v1/proposals/{world.draft.pk}/", bearer()).status_code == 200


@pytest.mark.parametrize(
    "bad",
    [
        {"exp": int(time.time()) - 3600},  # expired
        {"aud": "another-service"},
        {"iss": "https://someone-else.test"},
        {"sub": "sub-nobody"},  # no portal user with this identity
        {"acr": "idporten-loa-low"},  # below the minimum login level
        {"key": "stranger"},  # signed with a key the provider does not publish
        {"alg": "HS256"},  # a symmetric algorithm is never accepted
    ],
    ids=["expired", "audience", "issuer", "unknown-sub", "low-acr", "wrong-key", "hs256"],
)
def test_a_bad_token_is_401_with_a_reason(api, world, bearer, kari, bad):
    bad = dict(bad)
    options = {k: bad.pop(k) for k in ("key", "alg", "sub") if k in bad}
    response = _get(api("anonymous"), "/api/v1/proposals/", bearer(**options, **bad))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert "ikke gyldig her" in response.json()["detail"]


def test_an_inactive_user_is_refused(api, world, bearer, kari):
    kari.is_active = False
    kari.save(update_fields=["is_active"])
    assert _get(api("anonymous"), "/api/v1/proposals/", bearer()).status_code == 401


def test_off_unless_configured(api, world, bearer, kari, settings):
    settings.OIDC_BEARER_AUDIENCE = ""
    assert _get(api("anonymous"), "/api/v1/proposals/", bearer()).status_code == 401
