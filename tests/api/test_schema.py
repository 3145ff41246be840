"""The OpenAPI 3 schema and its docs (served from our own static files), and schemathesis run against the schema
on the WSGI app: whatever it sends, no answer is a 500. Bounded (few examples per operation) to stay fast."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode


def test_schema_is_openapi_3_and_names_the_token(api, db):
    schema = api("agency").get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    body = schema.json()
    assert body["openapi"].startswith("3.")
    assert "/api/v1/proposals/{id}/submit/" in body["paths"]
    assert body["components"]["securitySchemes"]["apiToken"]["scheme"] == "bearer"


def test_docs_are_served_without_a_cdn(client, agency_staff):
    client.force_login(agency_staff)
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html and "https://" not in html.split("<body")[0]
    assert "<script>" not in html  # the script is its own file: no inline script, so the CSP holds
    assert client.get("/api/v1/docs/?script=").status_code == 200


def test_docs_need_a_signed_in_user(client, db):
    assert client.get("/api/v1/docs/").status_code == 302


@pytest.fixture
def fuzz_user(world, personas):
    """The agency's token: it may read and write, so the fuzzer reaches the services."""
    from api.services import token_issue

    return token_issue(user=personas["agency"], name="schemathesis", by=personas["admin"])[1]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_schemathesis_finds_no_server_error(fuzz_user, mode, transactional_db):
    from config.wsgi import application

    headers = {"Authorization": f"Bearer {fuzz_user}"}
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application, headers=headers)
    failures, calls = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy(generation_mode=mode))
        def run(case):
            nonlocal calls
            calls += 1
            response = case.call(headers=headers)
            try:
                case.validate_response(response, checks=[not_a_server_error])
            except Exception as e:  # noqa: BLE001 - collected, then reported together
                failures.append(f"{case.method} {case.formatted_path}: {str(e)[:300]}")

        run()
    assert calls > 50  # every operation was called
    assert not failures, "\n".join(failures[:10])


def test_schema_generates_without_errors(db):
    """What `check --deploy` leaves out: the schema builds and validates as OpenAPI 3."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    validate_schema(SchemaGenerator(api_version="v1").get_schema(request=None, public=True))
