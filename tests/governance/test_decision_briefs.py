"""The decision brief is a stored, versioned document made by the worker, never in the request: the decision's
page shows its state (queued, done, failed, with a clear message) and a download link once a version is ready;
each new version of the decision (recorded, answered by a ministry, superseded) makes a new version of the brief;
the ministries the decision names download it through the policy; a brief whose worker died is found by the
sweeper."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from governance import decision_briefs
from governance.decision_services import decision_record, steering_respond
from governance.models import DecisionBrief
from tests.factories.core import OrganisationFactory, UserFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import ProposalFactory


@pytest.fixture
def escalate(portfolio_office, ministry_official, nav, agency_staff):
    def record(**extra):
        life_event = LifeEventFactory(owner_ministry=ministry_official.organisation)
        proposal = ProposalFactory(
            status="deciding", organisation=nav, created_by=agency_staff, life_events=[life_event], title="Felles kø"
        )
        return decision_record(
            proposal=proposal,
            outcome="escalate",
            rationale="Krever tildelingsbrev.",
            ministries=[ministry_official.organisation],
            acting_agency=nav,
            allocation_year=2027,
            by=portfolio_office,
            **extra,
        )

    return record


def _text(brief: DecisionBrief) -> str:
    with brief.file.open("rb") as f:
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(f.read())).pages)


def test_the_brief_is_queued_with_the_decision_and_made_by_the_worker(
    client, escalate, ministry_official, django_capture_on_commit_callbacks
):
    decision = escalate()
    brief = decision.briefs.get()
    assert (brief.version, brief.status, bool(brief.file)) == (1, "queued", False)  # nothing rendered in the request
    client.force_login(ministry_official)
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert "Queued" in page or "I kø" in page
    assert 'hx-trigger="every 3s"' in page  # the state updates itself while the brief is being made
    assert reverse("decisions:decision_brief", args=[decision.pk]) not in page
    response = client.get(reverse("decisions:decision_brief", args=[decision.pk]), follow=True)
    assert response.redirect_chain[0][1] == 302
    assert "not ready yet" in response.content.decode() or "ikke klart ennå" in response.content.decode()

    decision_briefs.brief_generate(brief)  # what the worker does once the decision is committed
    brief.refresh_from_db()
    assert brief.status == "done" and brief.sha256 and brief.size > 0
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert reverse("decisions:decision_brief", args=[decision.pk]) in page and 'hx-trigger="every 3s"' not in page
    pdf = client.get(reverse("decisions:decision_brief", args=[decision.pk]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")
    assert f"beslutningsnotat-{decision.pk}-v1.pdf" in pdf["Content-Disposition"]


def test_the_worker_task_makes_it_after_the_commit(escalate, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # Celery is eager in the unit tests
        decision = escalate()
    brief = decision.briefs.get()
    assert brief.status == "done"
    assert "Felles kø" in _text(brief) and "2027" in _text(brief)


def test_each_new_version_of_the_decision_makes_a_new_version_of_the_brief(
    escalate, ministry_official, portfolio_office, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        decision = escalate()
    with django_capture_on_commit_callbacks(execute=True):
        steering_respond(decision=decision, kind="more_info", comment="Hva koster drift?", by=ministry_official)
    versions = list(decision.briefs.order_by("version").values_list("version", "reason", "status"))
    assert versions == [(1, "recorded", "done"), (2, "answered", "done")]
    assert "Hva koster drift?" in _text(decision.briefs.get(version=2))  # the answer is in the new version
    assert "Hva koster drift?" not in _text(decision.briefs.get(version=1))  # the old version is kept as it was
    with django_capture_on_commit_callbacks(execute=True):
        decision_record(
            proposal=decision.proposal,
            outcome="reject",
            shelf_reason="out_of_scope",
            rationale="Nei.",
            by=portfolio_office,
        )
    superseded = decision.briefs.get(version=3)
    assert superseded.reason == "superseded" and superseded.status == "done"
    assert "superseded" in _text(superseded).lower() or "erstattet" in _text(superseded).lower()


def test_only_an_escalated_decision_has_a_brief(portfolio_office, nav, agency_staff):
    proposal = ProposalFactory(status="deciding", organisation=nav, created_by=agency_staff)
    decision = decision_record(
        proposal=proposal, outcome="reject", shelf_reason="out_of_scope", rationale="Nei.", by=portfolio_office
    )
    assert not decision.briefs.exists()


def test_the_named_ministry_downloads_it_and_an_unnamed_one_does_not(client, escalate):
    decision = escalate()
    decision_briefs.brief_generate(decision.briefs.get())
    stranger = UserFactory(role="ministry_official", organisation=OrganisationFactory(kind="ministry"))
    client.force_login(stranger)
    assert client.get(reverse("decisions:decision_brief", args=[decision.pk])).status_code == 404
    assert not DecisionBrief.objects.visible_to(stranger).exists()


def test_a_failed_brief_says_so_and_the_office_has_it_made_again(
    client, escalate, portfolio_office, ministry_official, monkeypatch
):
    decision = escalate()
    monkeypatch.setattr(decision_briefs, "render_pdf", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("font")))
    brief = decision_briefs.brief_generate(decision.briefs.get())
    assert brief.status == "failed" and "font" in brief.error
    client.force_login(ministry_official)
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert "could not be made" in page or "kunne ikke lages" in page
    assert reverse("decisions:decision_brief_order", args=[decision.pk]) not in page  # only the office orders
    assert client.post(reverse("decisions:decision_brief_order", args=[decision.pk])).status_code == 403
    client.force_login(portfolio_office)
    page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
    assert reverse("decisions:decision_brief_order", args=[decision.pk]) in page
    monkeypatch.undo()
    response = client.post(reverse("decisions:decision_brief_order", args=[decision.pk]))
    assert response.status_code == 302
    assert list(decision.briefs.order_by("version").values_list("version", "status")) == [(1, "failed"), (2, "queued")]


def test_the_state_is_polled_as_a_fragment(client, escalate, ministry_official):
    decision = escalate()
    client.force_login(ministry_official)
    response = client.get(
        reverse("decisions:decision_detail", args=[decision.pk]),
        headers={"HX-Request": "true", "HX-Target": "decision-brief"},
    )
    body = response.content.decode()
    assert response.status_code == 200 and body.lstrip().startswith('<div id="decision-brief"')
    assert "<html" not in body


def test_the_sweeper_queues_a_brief_whose_worker_died_and_fails_it_in_the_end(escalate, settings):
    decision = escalate()
    brief = decision.briefs.get()
    DecisionBrief.objects.filter(pk=brief.pk).update(status="running", attempts=1)  # no worker holds its lock
    assert decision_briefs.briefs_sweep()["requeued"] == [brief.pk]
    brief.refresh_from_db()
    assert brief.status == "done"  # the eager task ran again and made it
    second = escalate().briefs.get()
    DecisionBrief.objects.filter(pk=second.pk).update(status="running", attempts=settings.REPORT_MAX_ATTEMPTS)
    assert decision_briefs.briefs_sweep()["failed"] == [second.pk]
    second.refresh_from_db()
    assert second.status == "failed" and second.error
