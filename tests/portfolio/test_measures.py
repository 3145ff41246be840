"""Step 5: ladder and stage moves (allowed and refused), termination and revival, learning log → new proposal."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEvent
from portfolio.models import MeasureMove
from portfolio.services import intake, learning
from portfolio.services import measures as svc
from tests.factories.portfolio import LearningEntryFactory, MeasureFactory

LADDER_ALLOWED = [(frm, to) for frm, tos in svc.ALLOWED_MOVES["kind"].items() for to in sorted(tos)]
STAGE_ALLOWED = [(frm, to) for frm, tos in svc.ALLOWED_MOVES["stage"].items() for to in sorted(tos)]
STATUS_ALLOWED = [(frm, to) for frm, tos in svc.ALLOWED_MOVES["status"].items() for to in sorted(tos)]


def _refused(field):
    values = list(svc.ALLOWED_MOVES[field])
    return [(a, b) for a in values for b in values if a != b and b not in svc.ALLOWED_MOVES[field][a]]


@pytest.mark.parametrize(("frm", "to"), LADDER_ALLOWED)
def test_every_allowed_ladder_move_is_recorded_with_evidence(portfolio_office, frm, to):
    measure = MeasureFactory(kind=frm)
    svc.measure_move(
        measure=measure, field="kind", to=to, evidence="Pilot i tre kommuner viste effekt.", by=portfolio_office
    )
    measure.refresh_from_db()
    assert measure.kind == to
    move = MeasureMove.objects.get(measure=measure)
    assert (move.field, move.from_value, move.to_value) == ("kind", frm, to)
    assert move.evidence == "Pilot i tre kommuner viste effekt."
    assert AuditEvent.objects.filter(action="portfolio.measure.moved", object_id=str(measure.pk)).exists()


@pytest.mark.parametrize(("frm", "to"), _refused("kind"))
def test_every_refused_ladder_move_changes_nothing(portfolio_office, frm, to):
    measure = MeasureFactory(kind=frm)
    with pytest.raises(ValidationError):
        svc.measure_move(measure=measure, field="kind", to=to, evidence="x", by=portfolio_office)
    measure.refresh_from_db()
    assert measure.kind == frm
    assert not MeasureMove.objects.exists()


@pytest.mark.parametrize(("frm", "to"), STAGE_ALLOWED)
def test_every_allowed_stage_move(portfolio_office, frm, to):
    measure = MeasureFactory(stage=frm)
    svc.measure_move(measure=measure, field="stage", to=to, evidence="Brukertest", by=portfolio_office)
    measure.refresh_from_db()
    assert measure.stage == to


@pytest.mark.parametrize(("frm", "to"), _refused("stage"))
def test_every_refused_stage_move(portfolio_office, frm, to):
    measure = MeasureFactory(stage=frm)
    with pytest.raises(ValidationError):
        svc.measure_move(measure=measure, field="stage", to=to, evidence="x", by=portfolio_office)
    measure.refresh_from_db()
    assert measure.stage == frm


@pytest.mark.parametrize(("frm", "to"), STATUS_ALLOWED)
def test_every_allowed_status_move(portfolio_office, frm, to):
    measure = MeasureFactory(status=frm)
    svc.measure_move(measure=measure, field="status", to=to, evidence="Styringsgruppen", by=portfolio_office)
    measure.refresh_from_db()
    assert measure.status == to


def test_move_needs_evidence_and_a_known_field(portfolio_office):
    measure = MeasureFactory(kind="experiment")
    with pytest.raises(ValidationError) as exc:
        svc.measure_move(measure=measure, field="kind", to="demonstrator", evidence="  ", by=portfolio_office)
    assert "evidence" in exc.value.message_dict
    with pytest.raises(ValidationError):
        svc.measure_move(measure=measure, field="budget", to="1", evidence="x", by=portfolio_office)


def test_stale_version_is_refused(portfolio_office):
    measure = MeasureFactory(kind="experiment")
    with pytest.raises(ValidationError):
        svc.measure_move(
            measure=measure,
            field="kind",
            to="demonstrator",
            evidence="x",
            by=portfolio_office,
            version=measure.version + 1,
        )


def test_only_the_office_moves(agency_staff, ministry_official):
    measure = MeasureFactory(kind="experiment", owner=agency_staff.organisation)
    for user in (agency_staff, ministry_official):
        with pytest.raises(PermissionDenied):
            svc.measure_move(measure=measure, field="kind", to="demonstrator", evidence="x", by=user)


def test_terminate_needs_reason_and_is_not_a_delete(portfolio_office):
    measure = MeasureFactory(kind="demonstrator")
    with pytest.raises(ValidationError):
        svc.measure_terminate(measure=measure, reason_code="no_value", reason="", by=portfolio_office)
    with pytest.raises(ValidationError):
        svc.measure_terminate(measure=measure, reason_code="bogus", reason="x", by=portfolio_office)
    svc.measure_terminate(measure=measure, reason_code="no_value", reason="Ingen gevinst målt.", by=portfolio_office)
    measure.refresh_from_db()
    assert measure.status == "terminated"
    assert svc.termination_code(measure) == "no_value"
    assert MeasureMove.objects.get(measure=measure).to_value == "terminated"
    # no further moves while terminated
    with pytest.raises(ValidationError):
        svc.measure_move(measure=measure, field="kind", to="national", evidence="x", by=portfolio_office)
    with pytest.raises(ValidationError):
        svc.measure_terminate(measure=measure, reason_code="no_value", reason="igjen", by=portfolio_office)


def test_revive_from_the_shelf_keeps_history(portfolio_office):
    measure = MeasureFactory()
    svc.measure_terminate(measure=measure, reason_code="no_funding", reason="Ingen midler", by=portfolio_office)
    svc.measure_revive(measure=measure, evidence="Midler fra StimuLab", by=portfolio_office)
    measure.refresh_from_db()
    assert measure.status == "ongoing"
    assert [m.to_value for m in MeasureMove.objects.filter(measure=measure).order_by("pk")] == ["terminated", "ongoing"]
    with pytest.raises(ValidationError):
        svc.measure_revive(measure=measure, evidence="x", by=portfolio_office)


def test_learning_entry_by_owner_staff_sets_review_date(agency_staff):
    measure = MeasureFactory(owner=agency_staff.organisation)
    on = timezone.localdate() + datetime.timedelta(days=30)
    entry = learning.learning_add(
        measure=measure, hypothesis="H", learned="L", evidence="E", next_step="N", next_review_date=on, by=agency_staff
    )
    measure.refresh_from_db()
    assert entry.author == agency_staff
    assert measure.next_review_date == on
    assert AuditEvent.objects.filter(action="portfolio.learningentry.created").exists()


def test_learning_entry_refused_for_outsiders_and_empty_input(other_agency_staff, ministry_official, portfolio_office):
    measure = MeasureFactory()
    for user in (other_agency_staff, ministry_official):
        with pytest.raises(PermissionDenied):
            learning.learning_add(measure=measure, hypothesis="H", learned="L", by=user)
    with pytest.raises(ValidationError) as exc:
        learning.learning_add(measure=measure, hypothesis="", learned="", by=portfolio_office)
    assert set(exc.value.message_dict) == {"hypothesis", "learned"}


def test_learning_entry_starts_a_linked_proposal_once(portfolio_office):
    measure = MeasureFactory(title="Digital søknad")
    entry = LearningEntryFactory(measure=measure, next_step="Prøv i flere kommuner")
    proposal = learning.learning_start_proposal(entry=entry, by=portfolio_office)
    entry.refresh_from_db()
    assert entry.spawned_proposal == proposal
    assert proposal.related_measure == measure
    assert set(proposal.life_events.all()) == set(measure.life_events.all())
    assert proposal.need == "Prøv i flere kommuner"
    with pytest.raises(ValidationError):
        learning.learning_start_proposal(entry=entry, by=portfolio_office)


def test_a_proposal_from_learning_goes_through_intake_and_the_workflow(portfolio_office, agency_staff):
    """Registered by the intake service (audited), a draft until it is complete, then submitted through the
    transition like any other proposal: its next edit and its submission work."""
    measure = MeasureFactory(owner=agency_staff.organisation)
    entry = LearningEntryFactory(measure=measure, next_step="Prøv i flere kommuner")
    proposal = learning.learning_start_proposal(entry=entry, by=agency_staff)
    assert proposal.status == "draft" and proposal.organisation == agency_staff.organisation
    actions = set(AuditEvent.objects.for_object(proposal).values_list("action", flat=True))
    assert {"portfolio.proposal.created", "portfolio.proposal.created_from_learning"} <= actions
    values = {**intake.proposal_values(proposal), "expected_benefits": "Færre avslag", "beneficiaries": "Familier"}
    intake.proposal_update(proposal=proposal, data=values, version=proposal.version, by=agency_staff, submit=True)
    proposal.refresh_from_db()
    assert proposal.status == "submitted" and proposal.step == 1
    assert proposal.transitions.filter(from_status="draft", to_status="submitted").exists()


def test_schedule_review_refuses_past_dates(portfolio_office):
    measure = MeasureFactory()
    with pytest.raises(ValidationError):
        svc.measure_schedule_review(
            measure=measure, on=timezone.localdate() - datetime.timedelta(days=1), by=portfolio_office
        )
    on = timezone.localdate() + datetime.timedelta(days=7)
    svc.measure_schedule_review(measure=measure, on=on, by=portfolio_office)
    measure.refresh_from_db()
    assert measure.next_review_date == on
