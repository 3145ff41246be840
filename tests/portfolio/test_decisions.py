"""Step 4: every decision outcome, validation, superseding, the shelf and revival, the decision brief PDF."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.models import AuditEvent
from governance import decision_briefs
from governance import decision_services as svc
from governance.models import Decision
from portfolio.models import Measure, Transition
from portfolio.services import shelf as shelf_services
from tests.factories.core import OrganisationFactory
from tests.factories.governance import FundingSourceFactory, GovernanceBodyFactory
from tests.factories.portfolio import MeasureFactory, ProposalFactory


@pytest.fixture
def proposal(agency_staff):
    return ProposalFactory(organisation=agency_staff.organisation, status="deciding", estimated_cost=250_000)


@pytest.mark.parametrize(("outcome", "kind"), [("start_experiment", "experiment"), ("add_measure", "project")])
def test_decision_that_creates_a_measure_links_it(portfolio_office, proposal, outcome, kind):
    body = GovernanceBodyFactory()
    decision = svc.decision_record(
        proposal=proposal, outcome=outcome, rationale="Stort potensial.", body=body, by=portfolio_office
    )
    proposal.refresh_from_db()
    measure = Measure.objects.get(origin_proposal=proposal)
    assert decision.measure == measure and decision.body == body and decision.decided_by == portfolio_office
    assert measure.kind == kind and measure.owner == proposal.organisation and measure.budget == 250_000
    assert set(measure.life_events.all()) == set(proposal.life_events.all())
    assert proposal.status == "decided"
    assert Transition.objects.filter(proposal=proposal, to_status="decided").exists()
    assert AuditEvent.objects.filter(action="governance.decision.recorded", object_id=str(decision.pk)).exists()


def test_merge_into_an_existing_measure(portfolio_office, proposal):
    target = MeasureFactory()
    with pytest.raises(ValidationError) as exc:
        svc.decision_record(proposal=proposal, outcome="merge", rationale="Overlapper.", by=portfolio_office)
    assert "merge_into" in exc.value.message_dict
    decision = svc.decision_record(
        proposal=proposal, outcome="merge", rationale="Overlapper.", merge_into=target, by=portfolio_office
    )
    proposal.refresh_from_db()
    assert decision.measure == target and proposal.related_measure == target and proposal.status == "merged"
    assert not Measure.objects.filter(origin_proposal=proposal).exists()


def test_defer_needs_a_future_date(portfolio_office, proposal):
    with pytest.raises(ValidationError) as exc:
        svc.decision_record(proposal=proposal, outcome="defer", rationale="Vent.", by=portfolio_office)
    assert "defer_until" in exc.value.message_dict
    with pytest.raises(ValidationError):
        svc.decision_record(
            proposal=proposal, outcome="defer", rationale="Vent.", defer_until=timezone.localdate(), by=portfolio_office
        )
    until = timezone.localdate() + datetime.timedelta(days=90)
    decision = svc.decision_record(
        proposal=proposal,
        outcome="defer",
        shelf_reason="no_funding",
        rationale="Vent.",
        defer_until=until,
        by=portfolio_office,
    )
    proposal.refresh_from_db()
    assert decision.defer_until == until and proposal.status == "deferred"


def test_reject(portfolio_office, proposal):
    decision = svc.decision_record(
        proposal=proposal,
        outcome="reject",
        shelf_reason="out_of_scope",
        rationale="Utenfor mandat.",
        by=portfolio_office,
    )
    proposal.refresh_from_db()
    assert decision.outcome == "reject" and proposal.status == "rejected"


def test_escalate_names_who_must_act_and_renders_a_brief(portfolio_office, proposal, asd, nav):
    with pytest.raises(ValidationError) as exc:
        svc.decision_record(proposal=proposal, outcome="escalate", rationale="Krever midler.", by=portfolio_office)
    assert {"ministries", "acting_agency", "allocation_year"} <= set(exc.value.message_dict)
    source = FundingSourceFactory()
    decision = svc.decision_record(
        proposal=proposal,
        outcome="escalate",
        rationale="Krever midler.",
        ministries=[asd],
        acting_agency=nav,
        allocation_year=2027,
        funding_source=source,
        by=portfolio_office,
    )
    proposal.refresh_from_db()
    assert decision.status == "awaiting" and proposal.status == "deciding"
    assert list(decision.ministries.all()) == [asd]
    assert (decision.acting_agency, decision.allocation_year, decision.funding_source) == (nav, 2027, source)
    brief = decision.briefs.get()  # ordered with the decision, made by the worker (never in the request)
    assert (brief.version, brief.status) == (1, "queued")
    brief = decision_briefs.brief_generate(brief)
    assert brief.status == "done" and brief.file.open("rb").read().startswith(b"%PDF")


def test_a_new_decision_supersedes_the_one_in_force(portfolio_office, proposal, asd, nav):
    first = svc.decision_record(
        proposal=proposal,
        outcome="escalate",
        rationale="Til departementene.",
        ministries=[asd],
        acting_agency=nav,
        allocation_year=2027,
        by=portfolio_office,
    )
    second = svc.decision_record(
        proposal=proposal, outcome="start_experiment", rationale="Midler gitt.", by=portfolio_office
    )
    first.refresh_from_db()
    assert first.status == "superseded" and first.superseded_by == second
    assert Decision.objects.filter(proposal=proposal).count() == 2  # never deleted


def test_decision_refused_outside_steps_3_and_4_and_for_non_office(portfolio_office, agency_staff, ministry_official):
    early = ProposalFactory(status="harmonising")
    with pytest.raises(ValidationError):
        svc.decision_record(
            proposal=early, outcome="reject", shelf_reason="out_of_scope", rationale="x", by=portfolio_office
        )
    proposal = ProposalFactory(organisation=agency_staff.organisation, status="deciding")
    for user in (agency_staff, ministry_official):
        with pytest.raises(PermissionDenied):
            svc.decision_record(
                proposal=proposal, outcome="reject", shelf_reason="out_of_scope", rationale="x", by=user
            )
    with pytest.raises(ValidationError) as exc:
        svc.decision_record(
            proposal=proposal, outcome="reject", shelf_reason="out_of_scope", rationale=" ", by=portfolio_office
        )
    assert "rationale" in exc.value.message_dict
    with pytest.raises(ValidationError):
        svc.decision_record(proposal=proposal, outcome="other", rationale="x", by=portfolio_office)
    assert not Decision.objects.exists()


def test_assessing_proposal_passes_through_step_4(portfolio_office):
    proposal = ProposalFactory(status="assessing")
    svc.decision_record(
        proposal=proposal, outcome="reject", shelf_reason="out_of_scope", rationale="Nei.", by=portfolio_office
    )
    assert list(Transition.objects.filter(proposal=proposal).values_list("to_status", flat=True)) == [
        "deciding",
        "rejected",
    ]


@pytest.mark.parametrize(
    ("status", "back_to"), [("deferred", "deciding"), ("rejected", "deciding"), ("not_qualified", "harmonising")]
)
def test_revive_from_the_shelf(portfolio_office, status, back_to):
    proposal = ProposalFactory(status=status)
    with pytest.raises(ValidationError):
        shelf_services.proposal_revive(proposal=proposal, reason="", by=portfolio_office)
    shelf_services.proposal_revive(proposal=proposal, reason="Ny finansiering.", by=portfolio_office)
    proposal.refresh_from_db()
    assert proposal.status == back_to
    assert Transition.objects.get(proposal=proposal).from_status == status


def test_revive_refused_off_the_shelf_and_for_agency(portfolio_office, agency_staff):
    with pytest.raises(ValidationError):
        shelf_services.proposal_revive(proposal=ProposalFactory(status="deciding"), reason="x", by=portfolio_office)
    mine = ProposalFactory(organisation=agency_staff.organisation, status="rejected")
    with pytest.raises(PermissionDenied):
        shelf_services.proposal_revive(proposal=mine, reason="x", by=agency_staff)


def test_escalation_for_other_ministry_org(portfolio_office, proposal):
    ministry = OrganisationFactory(kind="ministry")
    agency = OrganisationFactory(kind="agency")
    decision = svc.decision_record(
        proposal=proposal,
        outcome="escalate",
        rationale="x",
        ministries=[ministry],
        acting_agency=agency,
        allocation_year=2028,
        by=portfolio_office,
    )
    assert decision.acting_agency == agency


def test_the_submitter_is_told_of_the_decision(
    portfolio_office, proposal, mailoutbox, django_capture_on_commit_callbacks
):
    proposal.created_by.email = "saksbehandler@nav.no"
    proposal.created_by.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        svc.decision_record(
            proposal=proposal,
            outcome="reject",
            shelf_reason="out_of_scope",
            rationale="Utenfor mandat.",
            by=portfolio_office,
        )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["saksbehandler@nav.no"] and proposal.title in mailoutbox[0].subject
    assert "Utenfor mandat." in mailoutbox[0].body


def test_stale_version_is_refused(portfolio_office, proposal):
    stale = proposal.version
    svc.decision_record(
        proposal=proposal,
        outcome="reject",
        shelf_reason="out_of_scope",
        rationale="Nei.",
        version=stale,
        by=portfolio_office,
    )
    revived = shelf_services.proposal_revive(proposal=proposal, reason="Likevel.", by=portfolio_office)
    with pytest.raises(ValidationError):
        svc.decision_record(
            proposal=revived,
            outcome="reject",
            shelf_reason="out_of_scope",
            rationale="Nei.",
            version=stale,
            by=portfolio_office,
        )
    assert Decision.objects.filter(proposal=proposal).count() == 1


@pytest.mark.parametrize("outcome", ["defer", "reject"])
def test_the_shelf_needs_a_reason_code(portfolio_office, proposal, outcome):
    until = timezone.localdate() + datetime.timedelta(days=30)
    with pytest.raises(ValidationError) as exc:
        svc.decision_record(
            proposal=proposal, outcome=outcome, rationale="Vent.", defer_until=until, by=portfolio_office
        )
    assert "shelf_reason" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        svc.decision_record(
            proposal=proposal,
            outcome=outcome,
            shelf_reason="bogus",
            rationale="Vent.",
            defer_until=until,
            by=portfolio_office,
        )
    assert "shelf_reason" in exc.value.message_dict
    svc.decision_record(
        proposal=proposal,
        outcome=outcome,
        shelf_reason="not_mature",
        rationale="Vent.",
        defer_until=until,
        by=portfolio_office,
    )
    proposal.refresh_from_db()
    assert proposal.shelf_reason == "not_mature" and proposal.get_shelf_reason_display() == "Ikke moden nok"


def test_a_revived_proposal_no_longer_shows_its_old_reason(client, portfolio_office, proposal):
    svc.decision_record(
        proposal=proposal, outcome="reject", shelf_reason="no_funding", rationale="Nei.", by=portfolio_office
    )
    client.force_login(portfolio_office)
    shelf = client.get(_shelf_url()).content.decode()
    assert "Ingen finansiering" in shelf
    proposal.refresh_from_db()
    shelf_services.proposal_revive(proposal=proposal, reason="Ny finansiering.", by=portfolio_office)
    proposal.refresh_from_db()
    assert proposal.status == "deciding" and proposal.shelf_reason == ""
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'data-testid="shelf-reason"' not in page
    event = AuditEvent.objects.get(action="portfolio.proposal.revived", object_id=str(proposal.pk))
    assert event.changes["shelf_reason"] == ["no_funding", ""]


def test_a_revived_measure_no_longer_shows_its_termination_reason(portfolio_office):
    from portfolio.services import measures

    measure = MeasureFactory(status="ongoing")
    measures.measure_terminate(measure=measure, reason_code="no_funding", reason="Ingen midler.", by=portfolio_office)
    measure.refresh_from_db()
    measures.measure_revive(measure=measure, evidence="Midler funnet.", by=portfolio_office)
    measure.refresh_from_db()
    assert measure.status == "ongoing" and measure.termination_reason == ""
    assert measures.termination_code(measure) == "other"  # nothing current to show
    assert measure.moves.filter(to_value="terminated", evidence="Ingen midler.").exists()  # history kept


def _shelf_url():
    from django.urls import reverse

    return reverse("portfolio:shelf")
