"""The access-control matrix: every named URL pattern × every persona → the expected answer.

Cases come from `tests/<app>/access_cases.py` (format: tests/access_matrix.py). A URL name with neither a case nor
an entry in `EXEMPT` (with its reason) fails `test_every_url_has_a_case`, so a new view cannot escape the matrix.
Each case × persona is its own test with fresh objects; requests go through a client that enforces CSRF as in
production (the token travels in the `X-CSRFToken` header, as htmx sends it from `<body hx-headers>`).
"""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.middleware.csrf import _get_new_csrf_string
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from tests.access_matrix import PERSONAS, Case, Personas
from tests.second_factor import VerifiedClient as Client  # office and admin sessions verified with their app

# URL names (or "namespace:*") that have no case, each with its reason.
EXEMPT: dict[str, str] = {
    "api:*": "the REST API answers JSON (401, not a login redirect): its endpoint × persona matrix is tests/api/",
    "admin:*": "Django admin: staff only through its own login; is_staff is checked by AdminSite.admin_view",
    "oidc_authentication_init": "OIDC round trip against a local provider: tests/core/test_oidc.py",
    "oidc_authentication_callback": "OIDC round trip against a local provider: tests/core/test_oidc.py",
    "oidc_frontchannel_logout": "front-channel logout: tests/core/test_oidc.py",
}

TESTS_DIR = Path(__file__).resolve().parent


def url_names(patterns=None, namespace: str = "") -> list[str]:
    """Every named URL pattern of the URL conf, namespaced, through every include."""
    names = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += url_names(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(namespace + pattern.name)
    return names


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(TESTS_DIR.glob("*/access_cases.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.access_cases")
        cases += module.CASES
    return cases


def is_exempt(name: str) -> bool:
    return name in EXEMPT or f"{name.split(':')[0]}:*" in EXEMPT


CASES = load_cases()


def _params():
    seen: dict[str, int] = {}
    for case in CASES:
        base = f"{case.url_name}-{case.method}"
        seen[base] = seen.get(base, 0) + 1
        case_id = base if seen[base] == 1 else f"{base}#{seen[base]}"
        for persona in PERSONAS:
            yield pytest.param(case, persona, id=f"{case_id}-{persona}")


def test_every_url_has_a_case():
    covered = {case.url_name for case in CASES}
    missing = [name for name in url_names() if name not in covered and not is_exempt(name)]
    assert not missing, (
        f"URL names without an access case or exemption (add them to tests/<app>/access_cases.py): {missing}"
    )


def test_exemptions_and_cases_name_existing_urls():
    names = set(url_names())
    namespaces = {name.split(":")[0] for name in names if ":" in name}
    stale = [e for e in EXEMPT if e not in names and not (e.endswith(":*") and e[:-2] in namespaces)]
    unknown = sorted({case.url_name for case in CASES} - names)
    assert not stale, f"exemptions for URL names that no longer exist: {stale}"
    assert not unknown, f"access cases for URL names that do not exist: {unknown}"


def test_every_case_names_every_persona():
    incomplete = [
        (c.url_name, c.method, sorted(set(PERSONAS) - set(c.expect))) for c in CASES if set(c.expect) != set(PERSONAS)
    ]
    assert not incomplete, f"cases without an expectation for some personas: {incomplete}"


@pytest.fixture
def personas(agency_staff, other_agency_staff, portfolio_office, ministry_official, admin_user) -> Personas:
    return Personas(agency_staff, other_agency_staff, portfolio_office, ministry_official, admin_user)


def csrf_client(user) -> tuple[Client, dict]:
    """A client that enforces CSRF checks, with the CSRF cookie set and the header htmx would send."""
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    token = _get_new_csrf_string()
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    return client, {"HTTP_X_CSRFTOKEN": token}


def send(client: Client, case: Case, personas: Personas, url: str, headers: dict):
    data = case.data(personas) if callable(case.data) else case.data
    if case.method == "get":
        return client.get(url, data or {}, **headers)
    return getattr(client, case.method)(url, data or {}, **headers)


@pytest.mark.parametrize(("case", "persona"), list(_params()))
def test_access(case: Case, persona: str, personas: Personas):
    assert persona in case.expect, f"{case.url_name}: no expectation for {persona}"
    kwargs = {k: v for k, v in case.setup(personas).items() if not k.startswith("_")}
    url = reverse(case.url_name, kwargs=kwargs)
    client, headers = csrf_client(getattr(personas, persona))
    response = send(client, case, personas, url, headers)
    expected = case.expect[persona]
    assert response.status_code == expected, (
        f"{case.method.upper()} {url} as {persona}: {response.status_code}, expected {expected}. {case.note}"
    )
    if persona == "anonymous" and expected == 302 and getattr(resolve(url).func, "login_required", True):
        logins = (reverse(settings.LOGIN_URL), reverse("admin:login"))  # the admin keeps its own login page
        assert response["Location"].startswith(logins), f"{url}: anonymous is sent to {response['Location']}"


_POSTS = [c for c in CASES if c.method != "get"]


@pytest.mark.parametrize("case", _POSTS, ids=[f"{c.url_name}-{c.method}" for c in _POSTS])
def test_state_changes_without_csrf_token_are_refused(case: Case, personas: Personas):
    """Every state change refuses a request without a CSRF token, whoever sends it (here: the administrator)."""
    kwargs = {k: v for k, v in case.setup(personas).items() if not k.startswith("_")}
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    response = send(client, case, personas, reverse(case.url_name, kwargs=kwargs), {})
    assert response.status_code == 403


# ---- class-level questions: can(user, action, Model) --------------------------------------------------------------


def load_class_cases() -> list:
    cases = []
    for path in sorted(TESTS_DIR.glob("*/access_cases.py")):
        module = importlib.import_module(f"tests.{path.parent.name}.access_cases")
        cases += getattr(module, "CLASS_CASES", [])
    return cases


CLASS_CASES = load_class_cases()


@pytest.mark.parametrize("case", CLASS_CASES, ids=[f"{c.model}-{c.action}" for c in CLASS_CASES])
def test_class_level_policy(case, personas: Personas):
    """What the menu, the list pages and the create views ask of a model class, for every persona."""
    from django.apps import apps

    from core import access

    model = apps.get_model(case.model)
    answers = {p: access.can(getattr(personas, p) or AnonymousUser(), case.action, model) for p in PERSONAS}
    assert answers == case.expect, f"{case.model} {case.action}: {answers}. {case.note}"


def test_every_class_level_case_names_a_registered_rule():
    from core.access import has_rule

    unknown = [(c.model, c.action) for c in CLASS_CASES if not has_rule(c.model, c.action)]
    assert not unknown, f"class-level cases without a rule: {unknown}"
