"""Steps 4–5 pages as each persona: board, shelf, decide, revive, measure pages, moves, learning, brief PDF."""

import pytest
from django.urls import reverse

from governance.models import Decision
from portfolio.models import LearningEntry, Measure, MeasureMove
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import LearningEntryFactory, MeasureFactory, ProposalFactory


@pytest.fixture
def life_event(ministry_official):
    return LifeEventFactory(owner_ministry=ministry_official.organisation)


@pytest.fixture
def deciding(agency_staff, life_event):
    return ProposalFactory(organisation=agency_staff.organisation, status="deciding", life_events=[life_event])


def test_board_is_the_offices(client, portfolio_office, agency_staff, ministry_official, deciding):
    client.force_login(portfolio_office)
    response = client.get(reverse("portfolio:board"))
    assert response.status_code == 200
    assert deciding.title in response.content.decode()
    partial = client.get(
        reverse("portfolio:board"), {"age": "0"}, headers={"HX-Request": "true", "HX-Target": "board-columns"}
    )
    assert partial.status_code == 200 and b"<html" not in partial.content and b"board-columns" in partial.content
    for user in (agency_staff, ministry_official):
        client.force_login(user)
        assert client.get(reverse("portfolio:board")).status_code == 403


def test_board_filters_by_life_event(client, portfolio_office, deciding):
    other = ProposalFactory(status="deciding")
    client.force_login(portfolio_office)
    body = client.get(reverse("portfolio:board"), {"life_event": deciding.life_events.first().pk}).content.decode()
    assert deciding.title in body and other.title not in body


def test_office_decides_to_start_an_experiment(client, portfolio_office, deciding):
    client.force_login(portfolio_office)
    url = reverse("decisions:proposal_decide", args=[deciding.pk])
    assert client.get(url).status_code == 200
    data = {"outcome": "start_experiment", "rationale": "Godt potensial.", "version": deciding.version}
    response = client.post(url, data)
    measure = Measure.objects.get(origin_proposal=deciding)
    assert response.status_code == 302 and response["Location"] == measure.get_absolute_url()
    assert client.get(measure.get_absolute_url()).status_code == 200


def test_invalid_decision_is_422_and_saves_nothing(client, portfolio_office, deciding):
    client.force_login(portfolio_office)
    url = reverse("decisions:proposal_decide", args=[deciding.pk])
    response = client.post(
        url, {"outcome": "defer", "rationale": "Vent."}, headers={"HX-Request": "true", "HX-Target": "decide-form"}
    )
    assert response.status_code == 422 and b"<html" not in response.content
    assert not Decision.objects.exists()


def test_decide_refused_to_agency_and_hidden_from_others(client, agency_staff, other_agency_staff, deciding):
    url = reverse("decisions:proposal_decide", args=[deciding.pk])
    client.force_login(agency_staff)
    assert client.post(url, {"outcome": "reject", "rationale": "x"}).status_code == 403
    client.force_login(other_agency_staff)
    assert client.get(url).status_code == 404


def test_shelf_and_revive(client, portfolio_office, agency_staff):
    shelved = ProposalFactory(status="rejected", organisation=agency_staff.organisation)
    client.force_login(portfolio_office)
    assert shelved.title in client.get(reverse("portfolio:shelf")).content.decode()
    url = reverse("portfolio:proposal_revive", args=[shelved.pk])
    assert client.post(url, {"reason": ""}).status_code == 422
    assert client.post(url, {"reason": "Ny kunnskap"}).status_code == 302
    shelved.refresh_from_db()
    assert shelved.status == "deciding"
    client.force_login(agency_staff)
    assert client.post(url, {"reason": "x"}).status_code == 403


def test_measure_move_and_terminate_views(client, portfolio_office, agency_staff):
    measure = MeasureFactory(owner=agency_staff.organisation, kind="experiment")
    client.force_login(portfolio_office)
    move = reverse("portfolio:measure_move", args=[measure.pk])
    data = {"field": "kind", "to": "demonstrator", "evidence": "Effekt målt", "version": measure.version}
    assert client.post(move, data).status_code == 302
    assert client.post(move, {**data, "to": "experiment", "version": 1}).status_code == 422  # stale version
    assert client.post(move, {**data, "to": "national", "evidence": ""}).status_code == 422
    assert MeasureMove.objects.filter(measure=measure).count() == 1
    term = reverse("portfolio:measure_terminate", args=[measure.pk])
    measure.refresh_from_db()
    assert client.post(term, {"reason_code": "no_value", "reason": "", "version": measure.version}).status_code == 422
    ok = client.post(term, {"reason_code": "no_value", "reason": "Ingen effekt", "version": measure.version})
    assert ok.status_code == 302
    assert measure.title in client.get(reverse("portfolio:shelf")).content.decode()
    revive = reverse("portfolio:measure_revive", args=[measure.pk])
    assert client.post(revive, {"reason": "Ny finansiering"}).status_code == 302
    client.force_login(agency_staff)
    assert client.post(move, data).status_code == 403


def test_learning_entry_by_owner_staff_and_new_proposal(client, agency_staff, ministry_official, life_event):
    measure = MeasureFactory(owner=agency_staff.organisation, life_events=[life_event])
    client.force_login(agency_staff)
    url = reverse("portfolio:learning_add", args=[measure.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"hypothesis": "", "learned": ""}).status_code == 422
    assert client.post(url, {"hypothesis": "H", "learned": "L", "next_step": "Mer"}).status_code == 302
    entry = LearningEntry.objects.get(measure=measure)
    start = reverse("portfolio:learning_start_proposal", args=[measure.pk, entry.pk])
    assert client.post(start).status_code == 302
    entry.refresh_from_db()
    assert entry.spawned_proposal.organisation == agency_staff.organisation
    assert client.post(start).status_code == 422  # only once
    client.force_login(ministry_official)
    detail = client.get(measure.get_absolute_url())
    assert detail.status_code == 200 and b"nytt-forslag" not in detail.content
    assert client.get(url).status_code == 403


def test_measure_detail_hidden_from_other_agency(client, other_agency_staff, agency_staff):
    measure = MeasureFactory(owner=agency_staff.organisation)
    client.force_login(other_agency_staff)
    assert client.get(measure.get_absolute_url()).status_code == 404
    assert measure.title not in client.get(reverse("portfolio:measure_list")).content.decode()


def test_decision_brief_pdf_for_ministry(
    client, portfolio_office, ministry_official, deciding, asd, nav, django_capture_on_commit_callbacks
):
    from governance.decision_services import decision_record

    with django_capture_on_commit_callbacks(execute=True):  # the worker (eager in tests) makes the brief
        decision = decision_record(
            proposal=deciding,
            outcome="escalate",
            rationale="Midler trengs.",
            ministries=[asd],
            acting_agency=nav,
            allocation_year=2027,
            by=portfolio_office,
        )
    client.force_login(ministry_official)
    response = client.get(reverse("decisions:decision_brief", args=[decision.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    timeline = client.get(reverse("portfolio:proposal_timeline", args=[deciding.pk]))
    assert b"notat.pdf" in timeline.content and "Midler trengs." in timeline.content.decode()


def test_get_on_post_only_urls_is_405(client, portfolio_office):
    measure = MeasureFactory()
    entry = LearningEntryFactory(measure=measure)
    client.force_login(portfolio_office)
    assert client.get(reverse("portfolio:measure_move", args=[measure.pk])).status_code == 405
    assert client.get(reverse("portfolio:learning_start_proposal", args=[measure.pk, entry.pk])).status_code == 405


def test_second_decision_from_a_stale_form_is_refused(client, portfolio_office, deciding, asd, nav):
    client.force_login(portfolio_office)
    url = reverse("decisions:proposal_decide", args=[deciding.pk])
    data = {
        "outcome": "escalate",
        "rationale": "Til departementet.",
        "ministries": [asd.pk],
        "acting_agency": nav.pk,
        "allocation_year": 2027,
        "version": deciding.version,
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 422  # the same form posted again
    assert Decision.objects.filter(proposal=deciding).count() == 1
