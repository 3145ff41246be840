"""Writes through the API go through the intake and rounds services: the same rules, workflow and audit trail as
the pages; optimistic locking with ETag/If-Match; bad input is a 400 with field errors in Norwegian."""

from __future__ import annotations

import pytest
from rest_framework.throttling import SimpleRateThrottle

from core.models import AuditEvent
from portfolio.models import Proposal
from reports.models import StatusReport


def _actions(obj) -> list[str]:
    return list(AuditEvent.objects.for_object(obj).order_by("pk").values_list("action", flat=True))


def test_agency_registers_a_draft_through_the_intake_service(api, world, agency_staff):
    data = {"title": "Samtykke én gang", "need": "Foreldre gjentar seg", "life_events": [world.life_event.pk]}
    response = api("agency").post("/api/v1/proposals/", data, format="json")
    assert response.status_code == 201, response.content
    proposal = Proposal.objects.get(pk=response.json()["id"])
    assert (proposal.status, proposal.organisation, proposal.created_by) == (
        "draft",
        agency_staff.organisation,
        agency_staff,
    )
    assert response["ETag"] == '"1"'
    assert _actions(proposal) == ["portfolio.proposal.created"]


def test_create_and_submit_at_once_checks_what_a_submission_needs(api, world):
    data = {"title": "Uferdig", "need": "Et behov", "life_events": [world.life_event.pk], "submit": True}
    response = api("agency").post("/api/v1/proposals/", data, format="json")
    assert response.status_code == 400
    assert response.json()["solution"] == ["Beskriv den foreslåtte løsningen før du sender inn."]
    assert not Proposal.objects.filter(title="Uferdig").exists()  # nothing half-saved


def test_bad_input_is_400_with_field_errors_in_norwegian(api, world):
    response = api("agency").post(
        "/api/v1/proposals/", {"title": "", "life_events": [999999], "estimated_cost": -5}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()
    assert errors["title"] == ["Dette feltet må ikke være blankt."]
    assert errors["need"] == ["Dette feltet er påkrevd."]
    assert "999999" in errors["life_events"][0]
    assert set(errors) >= {"title", "need", "life_events", "estimated_cost"}


def test_malformed_json_is_400(api, world):
    response = api("agency").generic("POST", "/api/v1/proposals/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_change_with_the_current_etag_is_saved_and_audited(api, world):
    client = api("agency")
    etag = client.get(f"/api/v1/proposals/{world.draft.pk}/")["ETag"]
    response = client.patch(
        f"/api/v1/proposals/{world.draft.pk}/", {"title": "Bedre tittel"}, format="json", HTTP_IF_MATCH=etag
    )
    assert response.status_code == 200, response.content
    world.draft.refresh_from_db()
    assert (world.draft.title, world.draft.version) == ("Bedre tittel", 2)
    assert response["ETag"] == '"2"' and response.json()["version"] == 2
    assert list(world.draft.life_events.all()) == [world.life_event]  # untouched fields keep their values
    assert _actions(world.draft) == ["portfolio.proposal.changed"]


def test_stale_write_gets_412_with_the_current_version(api, world):
    client = api("agency")
    old = client.get(f"/api/v1/proposals/{world.draft.pk}/")["ETag"]
    assert (
        client.patch(
            f"/api/v1/proposals/{world.draft.pk}/", {"title": "Først"}, format="json", HTTP_IF_MATCH=old
        ).status_code
        == 200
    )
    response = client.patch(f"/api/v1/proposals/{world.draft.pk}/", {"title": "Sist"}, format="json", HTTP_IF_MATCH=old)
    assert response.status_code == 412
    body = response.json()
    assert body["current_version"] == 2 and body["current"]["title"] == "Først"
    assert response["ETag"] == '"2"'
    assert "endret" in body["detail"]
    world.draft.refresh_from_db()
    assert world.draft.title == "Først"


def test_write_without_if_match_gets_428(api, world):
    response = api("agency").patch(f"/api/v1/proposals/{world.draft.pk}/", {"title": "x"}, format="json")
    assert response.status_code == 428
    assert "If-Match" in response.json()["detail"]


def test_submit_goes_through_the_workflow(api, world, mailoutbox, portfolio_office, django_capture_on_commit_callbacks):
    client, url = api("agency"), f"/api/v1/proposals/{world.draft.pk}/submit/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, HTTP_IF_MATCH=f'"{world.draft.version}"')
    assert response.status_code == 200, response.content
    world.draft.refresh_from_db()
    assert world.draft.status == "submitted" and world.draft.submitted_at is not None
    assert world.draft.transitions.filter(to_status="submitted").exists()
    assert _actions(world.draft)[-1] in ("portfolio.proposal.submitted", "portfolio.proposal.transitioned")
    assert [m.to for m in mailoutbox] == [[portfolio_office.email]]  # the office is told, as from the page


def test_proposal_filters_are_the_pages(api, world):
    client = api("office")
    assert [p["id"] for p in client.get("/api/v1/proposals/", {"status": "draft"}).json()["results"]] == [
        world.draft.pk
    ]
    assert client.get("/api/v1/proposals/", {"status": "nonsense"}).status_code == 400
    listed = client.get("/api/v1/proposals/", {"life_event": world.life_event.pk, "page_size": 1}).json()
    assert listed["count"] == 2 and len(listed["results"]) == 1 and listed["next"]


def test_status_report_saved_and_submitted_through_the_rounds_services(api, world):
    client = api("agency")
    url = f"/api/v1/status-reports/{world.report.pk}/"
    response = client.patch(
        url, {"progress": 60, "risks": "Få"}, format="json", HTTP_IF_MATCH=f'"{world.report.version}"'
    )
    assert response.status_code == 200, response.content
    response = client.post(url + "submit/", HTTP_IF_MATCH=response["ETag"])
    assert response.status_code == 200, response.content
    world.report.refresh_from_db()
    assert (world.report.progress, world.report.state) == (60, "submitted")
    assert _actions(world.report) == ["reports.statusreport.saved", "reports.statusreport.submitted"]
    assert client.patch(url, {"progress": 70}, format="json", HTTP_IF_MATCH=response["ETag"]).status_code == 200


def test_status_report_out_of_range_is_400(api, world):
    response = api("agency").patch(
        f"/api/v1/status-reports/{world.report.pk}/", {"progress": 101, "indicator_values": [1]}, format="json",
        HTTP_IF_MATCH=f'"{world.report.version}"',
    )  # fmt: skip
    assert response.status_code == 400
    assert set(response.json()) == {"progress", "indicator_values"}


@pytest.mark.parametrize("values", [{"a\u0000": 1}, {"a": "\u0000"}, {"a": {"nested": 1}}, [1], "x"])
def test_indicator_values_must_be_a_flat_object_without_nul(api, world, values):
    response = api("agency").patch(
        f"/api/v1/status-reports/{world.report.pk}/", {"indicator_values": values}, format="json",
        HTTP_IF_MATCH=f'"{world.report.version}"',
    )  # fmt: skip
    assert response.status_code == 400
    assert list(response.json()) == ["indicator_values"]


def test_nul_in_text_is_400(api, world):
    data = {"title": "a\u0000b", "need": "x", "life_events": [world.life_event.pk]}
    assert api("agency").post("/api/v1/proposals/", data, format="json").status_code == 400


def test_stale_status_report_gets_412(api, world):
    StatusReport.objects.filter(pk=world.report.pk).update(version=world.report.version + 1)
    response = api("agency").patch(
        f"/api/v1/status-reports/{world.report.pk}/",
        {"progress": 20},
        format="json",
        HTTP_IF_MATCH=f'"{world.report.version}"',
    )
    assert response.status_code == 412
    assert response.json()["current_version"] == world.report.version + 1


def test_document_download_is_the_file(api, world):
    response = api("ministry").get(f"/api/v1/documents/{world.document.pk}/download/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.7 api"
    assert response["Content-Disposition"].startswith("attachment")
    assert api("ministry").get(f"/api/v1/documents/{world.document.pk}/").json()["download"].endswith("/download/")


def test_unknown_and_malformed_ids_are_404(api, world):
    client = api("office")
    assert client.get("/api/v1/proposals/99999999/").status_code == 404
    assert client.get("/api/v1/proposals/abc/").status_code == 404
    assert client.get("/api/v1/proposals/99999999/").json()["detail"] == "Ikke funnet."


def test_throttling(api, world, monkeypatch):
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "2/minute", "anon": "2/minute"})
    client = api("agency")
    codes = [client.get("/api/v1/life-events/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]


@pytest.mark.parametrize("language", ["nb", "en"])
def test_messages_follow_the_language(api, world, language):
    response = api("agency").get("/api/v1/proposals/99999999/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.json()["detail"] == {"nb": "Ikke funnet.", "en": "Not found."}[language]


@pytest.mark.parametrize(
    "path", ["proposals", "measures", "missions", "decisions", "benefits", "status-reports", "documents", "life-events"]
)
def test_list_queries_do_not_grow_with_the_rows(api, world, path, personas):
    """Each list reads its relations in one query each (prefetch), however many rows it shows."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.portfolio import BenefitFactory, MeasureFactory, MissionFactory, ProposalFactory

    client = api("office")
    client.get(f"/api/v1/{path}/")  # warm-up: content types, the token's last use
    with CaptureQueriesContext(connection) as before:
        client.get(f"/api/v1/{path}/")
    for _ in range(5):
        measure = MeasureFactory(life_events=[world.life_event])
        measure.participants.add(personas["agency"].organisation)
        BenefitFactory(measure=measure)
        ProposalFactory(life_events=[world.life_event]).partners.add(personas["other_agency"].organisation)
        MissionFactory(life_events=[world.life_event])
    with CaptureQueriesContext(connection) as after:
        assert client.get(f"/api/v1/{path}/").json()["count"] >= 1
    assert len(after) == len(before), [q["sql"][:120] for q in after.captured_queries]


def test_organisation_numbers_are_checked_in_the_api(api, world):
    nav = world.measure.owner
    nav.orgnr = "889640782"
    nav.save(update_fields=["orgnr"])
    client = api("agency")
    assert [o["id"] for o in client.get("/api/v1/organisations/", {"orgnr": "889640782"}).json()["results"]] == [nav.pk]
    response = client.get("/api/v1/organisations/", {"orgnr": "123456789"})
    assert response.status_code == 400
    assert "ikke et gyldig organisasjonsnummer" in response.json()["orgnr"][0]


def test_withdraw_goes_through_the_workflow_and_needs_if_match(api, world, django_capture_on_commit_callbacks):
    client, url = api("agency"), f"/api/v1/proposals/{world.submitted.pk}/withdraw/"
    assert client.post(url, {"reason": "Dekket"}, format="json").status_code == 428
    stale = client.post(url, {"reason": "Dekket"}, format="json", HTTP_IF_MATCH='"999"')
    assert stale.status_code == 412 and stale["ETag"] == f'"{world.submitted.version}"'
    assert client.post(url, {"reason": "x" * 2001}, format="json", HTTP_IF_MATCH="*").status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Dekket av et annet tiltak"}, format="json", HTTP_IF_MATCH="*")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "withdrawn"
    world.submitted.refresh_from_db()
    transition = world.submitted.transitions.get(to_status="withdrawn")
    assert transition.reason == "Dekket av et annet tiltak"
    again = client.post(url, {"reason": "Igjen"}, format="json", HTTP_IF_MATCH="*")
    assert again.status_code in (400, 403)  # a withdrawn proposal is closed: nothing more to withdraw


@pytest.mark.parametrize("path", ["/api/v1/proposals/", "/api/v1/measures/", "/api/v1/organisations/"])
def test_lists_answer_304_while_nothing_the_user_sees_has_changed(api, world, path):
    client = api("office")
    first = client.get(path)
    tag = first["ETag"]
    assert first.status_code == 200 and tag.startswith('W/"')
    not_modified = client.get(path, HTTP_IF_NONE_MATCH=tag)
    assert not_modified.status_code == 304 and not_modified["ETag"] == tag and not not_modified.content
    assert client.get(path, HTTP_IF_NONE_MATCH='W/"something-else"').status_code == 200


def test_a_change_gives_the_list_a_new_etag(api, world):
    client = api("office")
    tag = client.get("/api/v1/proposals/")["ETag"]
    Proposal.objects.filter(pk=world.draft.pk).update(title="Endret tittel")
    changed = client.get("/api/v1/proposals/", HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag
