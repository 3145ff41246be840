"""Every API endpoint × every persona against the access policy: the pages' answers, as the API gives them.
Invisible → 404, visible but not allowed → 403, no credentials → 401. Writes send the object's current ETag, so the
answer is the policy's, not the lock's (the lock has its own tests in test_writes.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from tests.access_matrix import PERSONAS


@dataclass
class ApiCase:
    name: str
    path: str  # formatted with the world's objects: "/api/v1/proposals/{submitted.pk}/"
    expect: dict[str, int]
    method: str = "get"
    data: dict | None = field(default=None)
    if_match: str | None = None  # the world's object whose version goes in If-Match
    note: str = ""


def _all(code=200, **other):
    return {"anonymous": 401, **{p: code for p in PERSONAS if p != "anonymous"}, **other}


AGENCY_WORK = {"anonymous": 401, "agency": 200, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200}
DRAFT = {**AGENCY_WORK, "ministry": 404}  # ministries see proposals once submitted
READERS = {"anonymous": 401, "agency": 404, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200}
REPORTER = {"anonymous": 401, "agency": 200, "other_agency": 404, "office": 403, "ministry": 403, "admin": 403}

CASES = [
    ApiCase("proposals list", "/api/v1/proposals/", _all()),
    ApiCase("proposal detail", "/api/v1/proposals/{submitted.pk}/", AGENCY_WORK),
    ApiCase("draft detail", "/api/v1/proposals/{draft.pk}/", DRAFT),
    ApiCase(
        "proposal create",
        "/api/v1/proposals/",
        _all(201, ministry=403),
        method="post",
        data={"title": "Nytt forslag", "need": "Et behov", "life_events": ["{life_event.pk}"], "organisation": "{nav}"},
    ),
    ApiCase(
        "draft change", "/api/v1/proposals/{draft.pk}/", DRAFT, method="patch", data={"title": "Ny"}, if_match="draft"
    ),
    ApiCase(
        "submitted change",
        "/api/v1/proposals/{submitted.pk}/",
        {**AGENCY_WORK, "agency": 403, "ministry": 403},
        method="patch",
        data={"title": "Ny tittel"},
        if_match="submitted",
    ),
    ApiCase("draft submit", "/api/v1/proposals/{draft.pk}/submit/", DRAFT, method="post", if_match="draft"),
    ApiCase(
        "submitted submit",
        "/api/v1/proposals/{submitted.pk}/submit/",
        {**AGENCY_WORK, "agency": 403, "office": 409, "ministry": 403, "admin": 409},
        method="post",
        if_match="submitted",
        note="the office may act on it, but only a draft is submitted: the policy's message, 409 (as the pages)",
    ),
    ApiCase(
        "submitted withdraw",
        "/api/v1/proposals/{submitted.pk}/withdraw/",
        {**AGENCY_WORK, "ministry": 403},
        method="post",
        data={"reason": "Dekket av et annet tiltak"},
        if_match="submitted",
        note="the proposing organisation or the office",
    ),
    ApiCase("measures list", "/api/v1/measures/", _all()),
    ApiCase("measure detail", "/api/v1/measures/{measure.pk}/", AGENCY_WORK),
    ApiCase("benefits list", "/api/v1/benefits/", _all()),
    ApiCase("benefit detail", "/api/v1/benefits/{benefit.pk}/", AGENCY_WORK),
    ApiCase("decisions list", "/api/v1/decisions/", _all()),
    ApiCase("decision detail", "/api/v1/decisions/{decision.pk}/", AGENCY_WORK),
    ApiCase("life events list", "/api/v1/life-events/", _all()),
    ApiCase("life event detail", "/api/v1/life-events/{life_event.pk}/", _all()),
    ApiCase("missions list", "/api/v1/missions/", _all()),
    ApiCase("mission detail", "/api/v1/missions/{mission.pk}/", _all()),
    ApiCase("organisations list", "/api/v1/organisations/", _all()),
    ApiCase("organisation detail", "/api/v1/organisations/{measure.owner_id}/", _all()),
    ApiCase("rounds list", "/api/v1/rounds/", _all()),
    ApiCase("round detail", "/api/v1/rounds/{round.pk}/", _all()),
    ApiCase("status reports list", "/api/v1/status-reports/", _all()),
    ApiCase("status report detail", "/api/v1/status-reports/{report.pk}/", AGENCY_WORK),
    ApiCase(
        "status report create",
        "/api/v1/status-reports/",
        {**REPORTER, "agency": 201, "other_agency": 400},
        method="post",
        data={"round": "{round.pk}", "measure": "{unreported.pk}", "traffic": "yellow", "progress": 5},
    ),
    ApiCase(
        "status report change",
        "/api/v1/status-reports/{report.pk}/",
        REPORTER,
        method="patch",
        data={"progress": 40},
        if_match="report",
    ),
    ApiCase(
        "status report submit", "/api/v1/status-reports/{report.pk}/submit/", REPORTER, method="post", if_match="report"
    ),
    ApiCase("documents list", "/api/v1/documents/", _all()),
    ApiCase("document detail", "/api/v1/documents/{document.pk}/", READERS),
    ApiCase("document download", "/api/v1/documents/{document.pk}/download/", READERS),
    ApiCase("schema", "/api/v1/schema/", _all()),
]


def _fill(value, world, personas):
    if isinstance(value, str) and value.startswith("{"):
        text = value.format(**vars(world), nav=personas["agency"].organisation_id)
        return int(text) if text.isdigit() else text
    if isinstance(value, list):
        return [_fill(v, world, personas) for v in value]
    return value


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_access(case: ApiCase, persona: str, api, world, personas):
    client = api(persona)
    url = case.path.format(**vars(world))
    headers = {}
    if case.if_match:
        headers["HTTP_IF_MATCH"] = f'"{getattr(world, case.if_match).version}"'
    data = {k: _fill(v, world, personas) for k, v in (case.data or {}).items()}
    response = getattr(client, case.method)(url, data, format="json", **headers)
    expected = case.expect[persona]
    assert response.status_code == expected, f"{case.method} {url} as {persona}: {response.content[:300]} {case.note}"
    if expected == 401:
        assert response["WWW-Authenticate"] == "Bearer"


def test_lists_hold_only_what_the_persona_may_see(api, world):
    """Another agency's list holds none of NAV's proposals, measures, status reports or documents."""
    other = api("other_agency")
    for path in ("proposals", "measures", "benefits", "decisions", "status-reports", "documents"):
        assert other.get(f"/api/v1/{path}/").json()["count"] == 0, path
    assert api("agency").get("/api/v1/proposals/").json()["count"] == 2
    ministry = api("ministry").get("/api/v1/proposals/").json()
    assert [p["id"] for p in ministry["results"]] == [world.submitted.pk]  # not NAV's draft


def test_session_authentication_for_the_browser(agency_staff, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(agency_staff)
    assert client.get(f"/api/v1/proposals/{world.submitted.pk}/").status_code == 200
    response = client.patch(
        f"/api/v1/proposals/{world.draft.pk}/", {"title": "x"}, content_type="application/json",
        HTTP_IF_MATCH=f'"{world.draft.version}"',
    )  # fmt: skip
    assert response.status_code == 403  # a session write without its CSRF token is refused
    assert "CSRF" in response.json()["detail"]


def test_an_action_the_state_no_longer_allows_answers_409_json_with_the_reason(api, world):
    submitted = world.submitted
    response = api("office").post(f"/api/v1/proposals/{submitted.pk}/submit/", HTTP_IF_MATCH=f'"{submitted.version}"')
    assert response.status_code == 409
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
