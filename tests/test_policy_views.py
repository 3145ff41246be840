"""The policy and the views cannot disagree: every URL that accepts a POST (and its GET form, where it has one) is
walked for every workflow state of its object × every persona, and answers exactly as `core.access.can`:

- an object the user may not see: 404;
- the policy says no (who, or the object's state): 403 or 409 with a whole page, and nothing is written
  (no audit row, the object's state unchanged) — also when the page hides the link and the POST is sent directly;
- the policy says yes: the view takes the request (a form's 200/422, or a redirect), never 403/404/409.

`test_every_post_url_is_walked` finds the URLs that accept a POST by asking each one with PUT (the method
decorators answer 405 with the methods they allow, before the view runs), so a new POST endpoint cannot escape.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

from core import access
from core.models import AuditEvent
from governance.choices import DecisionStatus
from governance.scenario_models import ScenarioStatus
from portfolio.choices import MeasureStatus, ProposalStatus
from reports.choices import RoundStatus
from tests.factories import governance as gf
from tests.factories import portfolio as pf
from tests.factories import reports as rf
from tests.factories.lifeevents import LifeEventFactory

NAMESPACES = ("portfolio", "decisions", "governance", "reports", "lifeevents")
PERSONAS = ("agency_staff", "other_agency_staff", "portfolio_office", "ministry_official", "admin_user")


@dataclass
class Made:
    obj: object  # what the policy is asked about
    kwargs: dict  # the URL's kwargs
    data: dict | None = None  # the POST's data (a form's minimum, or None)


def _proposal(status: str, p) -> Made:
    """A NAV proposal in `status`, in a life event ASD owns, reviewed by Skatteetaten's user, with an attachment."""
    life_event = LifeEventFactory(owner_ministry=p["ministry_official"].organisation)
    extra = {}
    if status == ProposalStatus.MERGED:
        extra["merged_into"] = pf.ProposalFactory(organisation=p["agency_staff"].organisation, status="harmonising")
    proposal = pf.ProposalFactory(
        organisation=p["agency_staff"].organisation,
        created_by=p["agency_staff"],
        status=status,
        life_events=[life_event],
        **extra,
    )
    pf.ReviewAssignmentFactory(proposal=proposal, reviewer=p["other_agency_staff"], assigned_by=p["portfolio_office"])
    return Made(proposal, {"pk": proposal.pk})


def _with_attachment(status, p) -> Made:
    made = _proposal(status, p)
    attachment = pf.AttachmentFactory(proposal=made.obj)
    return Made(made.obj, {"pk": made.obj.pk, "attachment_pk": attachment.pk}, {"reason": "Feil fil"})


def _with_criterion(status, p) -> Made:
    made = _proposal(status, p)
    return Made(made.obj, {"pk": made.obj.pk, "criterion_pk": pf.CriterionFactory(name="Vandring").pk})


def _assignment(status, p) -> Made:
    made = _proposal(status, p)
    assignment = made.obj.review_assignments.get()
    return Made(assignment, {"pk": made.obj.pk, "assignment_pk": assignment.pk})


def _measure(status, p) -> Made:
    life_event = LifeEventFactory(owner_ministry=p["ministry_official"].organisation)
    measure = pf.MeasureFactory(owner=p["agency_staff"].organisation, status=status, life_events=[life_event])
    return Made(measure, {"pk": measure.pk})


def _learning_entry(status, p) -> Made:
    made = _measure(status, p)
    entry = pf.LearningEntryFactory(measure=made.obj, author=p["portfolio_office"])
    return Made(made.obj, {"pk": made.obj.pk, "entry_pk": entry.pk})


def _round(status, p) -> Made:
    round = rf.ReportingRoundFactory(status=status)
    return Made(round, {"pk": round.pk})


def _status_report(status, p) -> Made:
    measure = _measure(MeasureStatus.ONGOING, p).obj
    report = rf.StatusReportFactory(round=rf.ReportingRoundFactory(status=status), measure=measure, state="draft")
    return Made(report, {"pk": report.round_id, "measure_pk": measure.pk})


def _decision(status, p) -> Made:
    proposal = _proposal(ProposalStatus.DECIDED, p).obj
    decision = gf.DecisionFactory(proposal=proposal, outcome="escalate", status=status)
    decision.ministries.add(p["ministry_official"].organisation)
    return Made(decision, {"pk": decision.pk})


def _measure_change(status, p) -> Made:
    """A change of a NAV measure (agency_staff's organisation owns it) that Skatteetaten's proposal extends."""
    from governance.models import MeasureChange

    measure = pf.MeasureFactory(owner=p["agency_staff"].organisation)
    proposal = pf.ProposalFactory(
        organisation=p["other_agency_staff"].organisation,
        created_by=p["other_agency_staff"],
        status=ProposalStatus.DECIDED,
        qualification="extends",
        related_measure=measure,
    )
    decision = gf.DecisionFactory(proposal=proposal, measure=measure, outcome="change_measure")
    change = MeasureChange.objects.create(decision=decision, measure=measure, proposal=proposal, status=status)
    return Made(change, {"pk": change.pk})


def _call(status, p) -> Made:
    call = pf.CallForProposalsFactory()
    return Made(call, {"pk": call.pk})


def _call_in(status, p) -> Made:
    """An open or a closed call (a call's own questions and criteria are added while it is not closed)."""
    from django.utils import timezone

    call = pf.CallForProposalsFactory(closed_at=timezone.now() if status == "closed" else None)
    return Made(call, {"pk": call.pk})


def _question(status, p) -> Made:
    """A question of an open call: not yet answered, answered by NAV's proposal, or retired."""
    from portfolio.models import CallAnswer, CallQuestion

    call = pf.CallForProposalsFactory()
    question = CallQuestion.objects.create(call=call, label="Registre", kind="text", is_active=status != "retired")
    if status == "answered":
        proposal = _proposal(ProposalStatus.DRAFT, p).obj
        CallAnswer.objects.create(proposal=proposal, question=question, text="Folkeregisteret")
    return Made(question, {"pk": call.pk, "question_pk": question.pk}, {"label": "Nytt", "kind": "text"})


def _criterion(status, p) -> Made:
    criterion = pf.CriterionFactory(name="Vandring")
    return Made(criterion, {"pk": criterion.pk})


def _benefit(status, p) -> Made:
    measure = _measure(MeasureStatus.ONGOING, p).obj
    benefit = pf.BenefitFactory(measure=measure)
    return Made(benefit, {"pk": benefit.pk})


def _scenario(status, p) -> Made:
    scenario = gf.ScenarioFactory(status=status)
    return Made(scenario, {"pk": scenario.pk})


def _panel(status, p) -> Made:
    """A user panel of a life event ASD owns, coordinated by NAV (agency_staff's organisation)."""
    from tests.factories.panels import UserPanelFactory

    life_event = LifeEventFactory(owner_ministry=p["ministry_official"].organisation)
    panel = UserPanelFactory(life_event=life_event, coordinator=p["agency_staff"].organisation)
    return Made(panel, {"pk": panel.pk})


def _panel_member(status, p) -> Made:
    """A member of NAV's panel, with consent ("active") or after it was withdrawn ("withdrawn")."""
    import datetime

    from tests.factories.panels import PanelMemberFactory

    panel = _panel(status, p).obj
    member = PanelMemberFactory(panel=panel)
    if status == "withdrawn":
        member.consent_withdrawn_on, member.email, member.phone = datetime.date(2026, 2, 1), "", ""
        member.save()
    return Made(member, {"pk": member.pk}, {"withdrawn_on": datetime.date.today().isoformat(), "confirm": "on"})


def _journey(status, p) -> Made:
    """A user journey of a life event ASD owns, with a step NAV is responsible for."""
    from tests.factories.panels import JourneyStepFactory, UserJourneyFactory

    journey = UserJourneyFactory(life_event=LifeEventFactory(owner_ministry=p["ministry_official"].organisation))
    JourneyStepFactory(journey=journey, agency=p["agency_staff"].organisation)
    return Made(journey, {"pk": journey.pk}, {"title": "Nytt steg"})


def _pain_point(status, p) -> Made:
    """A pain point of that journey: a "new" one (the URL names the journey) or an "existing" one (and the point)."""
    from tests.factories.panels import PainPointFactory

    journey = _journey(status, p).obj
    step = journey.steps.get()
    kwargs = {"pk": journey.pk} if status == "new" else {"pk": journey.pk, "point_pk": PainPointFactory(step=step).pk}
    return Made(journey, kwargs, {"step": step.pk, "description": "Lang ventetid"})


def _agreement_version(status, p) -> Made:
    """A version of ASD's life event's agreement in `status`, with NAV (agency_staff) and Skatteetaten as parties."""
    from governance.agreement_models import AgreementParty, AgreementVersion, CollaborationAgreement

    event = LifeEventFactory(owner_ministry=p["ministry_official"].organisation)
    agreement = CollaborationAgreement.objects.create(life_event=event, title="Samarbeidsavtale")
    version = AgreementVersion.objects.create(agreement=agreement, status=status)
    for staff in ("agency_staff", "other_agency_staff"):
        AgreementParty.objects.create(version=version, organisation=p[staff].organisation, roles="Deltar.")
    return Made(version, {"pk": version.pk})


def _generation(status, p) -> Made:
    from governance.generation_models import Generation

    generation = Generation.objects.create(life_event=LifeEventFactory(), number=1, name="Første generasjon")
    return Made(generation, {"pk": generation.pk}, {"number": "1", "name": "Første generasjon", "state": "planned"})


def _life_event(status, p) -> Made:
    event = LifeEventFactory()
    return Made(event, {"slug": event.slug}, {"planning_mode": "generations"})


def _board_card(status: str, p) -> Made:
    """A proposal on the board, moved to step 2 by its card (the triage rule)."""
    made = _proposal(status, p)
    return Made(made.obj, made.kwargs, {"to": ProposalStatus.HARMONISING})


@dataclass
class Walk:
    action: str  # the policy's action that the URL performs
    make: Callable[[str, dict], Made]
    statuses: tuple[str, ...]
    get: bool = False  # the URL also shows a form (GET): asked the same question


PROPOSAL = tuple(ProposalStatus.values)
MEASURE = tuple(MeasureStatus.values)
AGREEMENT = ("draft", "sent", "in_force", "declined", "superseded")  # governance.agreement_models.AgreementStatus

WALKS: dict[str, Walk] = {
    "portfolio:proposal_edit": Walk("change", _proposal, PROPOSAL, get=True),
    "portfolio:proposal_submit": Walk("submit", _proposal, PROPOSAL),
    "portfolio:proposal_withdraw": Walk("withdraw", _proposal, PROPOSAL),
    "portfolio:attachment_upload": Walk("attach", _proposal, PROPOSAL),
    "portfolio:attachment_remove": Walk("attach", _with_attachment, PROPOSAL),
    "portfolio:proposal_triage": Walk("triage", _proposal, PROPOSAL),
    "portfolio:board_move": Walk("triage", _board_card, PROPOSAL),
    "portfolio:facilitator_assign": Walk("assign_facilitator", _proposal, PROPOSAL),
    "portfolio:proposal_qualify": Walk("qualify", _proposal, PROPOSAL),
    "portfolio:proposal_unmerge": Walk("unmerge", _proposal, PROPOSAL),
    "portfolio:message_post": Walk("ask", _proposal, PROPOSAL),
    "portfolio:score_save": Walk("score", _with_criterion, PROPOSAL),
    "portfolio:score_submit": Walk("score", _proposal, PROPOSAL),
    "portfolio:reviewer_assign": Walk("assign_reviewer", _proposal, PROPOSAL),
    "portfolio:reviewer_withdraw": Walk("withdraw", _assignment, PROPOSAL),
    "decisions:proposal_decide": Walk("decide", _proposal, PROPOSAL, get=True),
    "portfolio:proposal_revive": Walk("revive", _proposal, PROPOSAL),
    "portfolio:measure_move": Walk("move", _measure, MEASURE),
    "portfolio:measure_terminate": Walk("terminate", _measure, MEASURE),
    "portfolio:measure_revive": Walk("revive", _measure, MEASURE),
    "portfolio:learning_add": Walk("learn", _measure, MEASURE, get=True),
    "portfolio:learning_start_proposal": Walk("learn", _learning_entry, MEASURE),
    "decisions:decision_respond": Walk("respond", _decision, tuple(DecisionStatus.values)),
    "decisions:measure_change_decide": Walk("decide", _proposal, PROPOSAL, get=True),
    "decisions:measure_change": Walk("answer", _measure_change, ("awaiting", "confirmed", "disagreed")),
    "decisions:decision_brief_order": Walk("order_brief", _decision, tuple(DecisionStatus.values)),
    "portfolio:call_edit": Walk("change", _call, ("open",), get=True),
    "portfolio:call_close": Walk("close", _call, ("open",)),
    "portfolio:call_question_add": Walk("add_question", _call_in, ("open", "closed")),
    "portfolio:call_criterion_add": Walk("add_criterion", _call_in, ("open", "closed")),
    "portfolio:call_question_edit": Walk("change", _question, ("unanswered", "answered", "retired"), get=True),
    "portfolio:call_question_retire": Walk("retire", _question, ("unanswered", "answered", "retired")),
    "portfolio:criterion_edit": Walk("change", _criterion, ("",), get=True),
    "portfolio:benefit_edit": Walk("change", _benefit, ("",), get=True),
    "reports:round_edit": Walk("change", _round, tuple(RoundStatus.values), get=True),
    "reports:round_close": Walk("close", _round, tuple(RoundStatus.values)),
    "reports:round_remind": Walk("remind", _round, tuple(RoundStatus.values)),
    "reports:report_order": Walk("order", _round, tuple(RoundStatus.values)),
    "reports:status_report_edit": Walk("change", _status_report, tuple(RoundStatus.values)),
    "governance:scenario_edit": Walk("change", _scenario, ("draft", "done"), get=True),
    "governance:scenario_solve": Walk("solve", _scenario, tuple(ScenarioStatus.values)),
    "governance:scenario_share": Walk("share", _scenario, ("draft", "done")),
    "governance:scenario_recommend": Walk("recommend", _scenario, ("draft", "done")),
    "governance:agreement_edit": Walk("change", _agreement_version, AGREEMENT, get=True),
    "governance:agreement_send": Walk("send", _agreement_version, AGREEMENT),
    "governance:agreement_respond": Walk("respond", _agreement_version, AGREEMENT, get=True),
    "governance:agreement_revise": Walk("revise", _agreement_version, AGREEMENT),
    "governance:agreement_pdf_order": Walk("order_pdf", _agreement_version, AGREEMENT),
    "governance:generation_edit": Walk("change", _generation, ("",), get=True),
    "governance:planning_mode": Walk("plan", _life_event, ("",)),
    "governance:panel_edit": Walk("change", _panel, ("",), get=True),
    "governance:journey_edit": Walk("change", _journey, ("",), get=True),
    "governance:panel_member_add": Walk("add_member", _panel, ("",), get=True),
    "governance:consultation_add": Walk("consult", _panel, ("",), get=True),
    "governance:panel_member_withdraw": Walk("withdraw_consent", _panel_member, ("active", "withdrawn"), get=True),
    "governance:journey_step_add": Walk("change", _journey, ("",), get=True),
    "governance:pain_point_add": Walk("change", _pain_point, ("new",), get=True),
    "governance:pain_point_edit": Walk("change", _pain_point, ("existing",), get=True),
}

# POST URLs walked elsewhere, each with the reason.
ELSEWHERE = {
    "portfolio:proposal_create": "class-level: can(user, 'create', Proposal), tests/test_access_matrix.py",
    "portfolio:call_create": "class-level: can(user, 'create', CallForProposals), tests/test_access_matrix.py",
    "portfolio:criterion_create": "class-level: can(user, 'create', Criterion), tests/test_access_matrix.py",
    "portfolio:realisation_add": "class-level: can(user, 'create', BenefitRealisation), tests/test_access_matrix.py",
    "portfolio:measurement_add": "class-level: can(user, 'create', TargetMeasurement), tests/test_access_matrix.py",
    "portfolio:mission_review_add": "class-level: can(user, 'create', MissionReview), tests/test_access_matrix.py",
    "reports:round_create": "class-level: can(user, 'create', ReportingRound), tests/test_access_matrix.py",
    "governance:scenario_create": "class-level: can(user, 'create', Scenario), tests/test_access_matrix.py",
    "governance:panel_create": "class-level: can(user, 'create', UserPanel), tests/test_access_matrix.py",
    "governance:journey_create": "class-level: can(user, 'create', UserJourney), tests/test_access_matrix.py",
    "governance:driver_create": "class-level: can(user, 'create', Driver), tests/governance/test_drivers.py",
    "governance:driver_edit": "strategic drivers have no workflow state (who only): tests/governance/test_drivers.py",
    "governance:driver_weights": "class-level: can(user, 'weigh', Driver), tests/governance/test_drivers.py",
    "governance:driver_scores": "class-level: can(user, 'score', Driver), tests/governance/test_drivers.py",
    "governance:agreement_create": "class-level: can(user, 'create', CollaborationAgreement), the access matrix",
    "governance:generation_create": "class-level: can(user, 'create', Generation), tests/test_access_matrix.py",
}


# Benefit reviews (issue 23): answering (who: the measure's owner and the office; when: open, of a measure not
# terminated) and starting a change proposal (when: answered and no proposal started yet).
def _benefit_review(status, p) -> Made:
    import datetime

    from portfolio.models import BenefitReview
    from portfolio.services import benefit_reviews as br

    made = _measure(MeasureStatus.TERMINATED if status == "terminated" else MeasureStatus.ONGOING, p)
    review = BenefitReview.objects.create(measure=made.obj, due_date=datetime.date(2026, 1, 1))
    if status in ("answered", "proposed"):
        review = br.benefit_review_answer(review=review, benefit_still="no", direction="change", notes="Ny retning",
                                          by=p["agency_staff"])  # fmt: skip
    if status == "proposed":
        br.benefit_review_propose(review=review, by=p["agency_staff"])
    review.refresh_from_db()
    return Made(review, {"pk": review.pk}, {"benefit_still": "yes", "direction": "keep"})


REVIEW_STATES = ("open", "answered", "proposed", "terminated")
WALKS.update({
    "portfolio:benefit_review_detail": Walk("answer", _benefit_review, REVIEW_STATES),
    "portfolio:benefit_review_propose": Walk("propose", _benefit_review, REVIEW_STATES),
})  # fmt: skip
ELSEWHERE["portfolio:benefit_review_interval_set"] = "class-level: can(user, 'set', BenefitReviewInterval), the matrix"


# Public access (offentleglova, issue 22): exempting a part of a record and lifting it (who: the office and the
# record's own agency; when: an exemption not yet lifted), and answering an access request (the office, unanswered).
def _exemption(status, p) -> Made:
    from portfolio.services.public_access import exemption_add, exemption_lift

    made = _proposal(ProposalStatus.ASSESSING, p)
    data = {"part": "need", "legal_basis": "14", "reason": "Intern vurdering.", "review_date": _in_a_year()}
    exemption = exemption_add(record=made.obj, data=data, by=p["portfolio_office"])
    if status == "lifted":
        exemption = exemption_lift(exemption=exemption, reason="Ikke lenger intern.", by=p["portfolio_office"])
    return Made(exemption, {"pk": exemption.pk}, {"lift_reason": ""})


def _access_request(status, p) -> Made:
    from django.utils import timezone

    from portfolio.services.public_access import access_request_answer, access_request_create

    proposal = _proposal(ProposalStatus.ASSESSING, p).obj
    today = {"received_on": timezone.localdate()}
    logged = access_request_create(record=proposal, data=today, by=p["portfolio_office"])
    if status == "refused":
        logged = access_request_answer(request=logged, data={"outcome": "refused", "refusal_basis": "14"},
                                       by=p["portfolio_office"])  # fmt: skip
    return Made(logged, {"pk": logged.pk}, {"outcome": ""})


def _in_a_year():
    import datetime

    from django.utils import timezone

    return timezone.localdate() + datetime.timedelta(days=365)


WALKS.update({
    "portfolio:proposal_exempt": Walk("exempt", _proposal, PROPOSAL, get=True),
    "portfolio:measure_exempt": Walk("exempt", _measure, MEASURE, get=True),
    "portfolio:exemption_lift": Walk("lift", _exemption, ("active", "lifted"), get=True),
    "portfolio:access_request_detail": Walk("answer", _access_request, ("unanswered", "refused")),
})  # fmt: skip
ELSEWHERE["portfolio:access_request_create"] = "class-level: can(user, 'create', AccessRequest), the access matrix"


# The office keeps the missions, their targets, the benefits' links to them and the funding in the portal (issue 15):
# reference records without a workflow state, so the walk asks who only.
def _mission(status, p) -> Made:
    mission = pf.MissionFactory()
    return Made(mission, {"pk": mission.pk}, {"title": ""})


def _target(status, p) -> Made:
    target = pf.MissionTargetFactory()
    return Made(target, {"pk": target.mission_id, "target": target.pk}, {"indicator": ""})


def _funding(status, p) -> Made:
    funding = gf.FundingFactory(measure=_measure(MeasureStatus.ONGOING, p).obj, life_event=None, year=2026)
    return Made(funding, {"pk": funding.pk}, {"year": ""})


WALKS.update({
    "portfolio:mission_edit": Walk("change", _mission, ("",), get=True),
    "portfolio:target_edit": Walk("change", _target, ("",), get=True),
    "portfolio:benefit_targets": Walk("change", _benefit, ("",), get=True),
    "governance:funding_edit": Walk("change", _funding, ("",), get=True),
})  # fmt: skip
ELSEWHERE["portfolio:mission_create"] = "class-level: can(user, 'create', Mission), tests/test_access_matrix.py"
ELSEWHERE["portfolio:target_create"] = "class-level: can(user, 'create', MissionTarget), tests/test_access_matrix.py"
ELSEWHERE["governance:funding_create"] = "class-level: can(user, 'create', Funding), tests/test_access_matrix.py"
WALKS["portfolio:benefit_plan_change"] = Walk("replan", _measure, MEASURE, get=True)  # the owner, within the limits
ELSEWHERE["portfolio:plan_limits_set"] = "class-level: can(user, 'set', PlanChangeLimits), tests/test_access_matrix.py"


def _consultation(status, p) -> Made:
    """A consultation of NAV's panel that informs a proposal of the panel's life event (so the ministry reads it)."""
    from tests.factories.panels import ConsultationFactory

    panel = _panel(status, p).obj
    proposal = pf.ProposalFactory(status=ProposalStatus.SUBMITTED, life_events=[panel.life_event])
    consultation = ConsultationFactory(panel=panel, proposals=[proposal])
    return Made(consultation, {"pk": consultation.pk}, {"topic": ""})


def _journey_step(status, p) -> Made:
    journey = _journey(status, p).obj
    return Made(journey, {"pk": journey.pk, "step_pk": journey.steps.get().pk}, {"title": ""})


def _agreement_funding(status, p) -> Made:
    """A life event's funding row that a collaboration agreement in force wrote: changed only by a new version."""
    from governance.agreement_models import AgreementFunding

    version = _agreement_version("in_force", p).obj
    funding = gf.FundingFactory(life_event=version.agreement.life_event, measure=None, year=2027, amount=1)
    AgreementFunding.objects.create(
        version=version, party=version.parties.first(), year=2027, amount=1, funding=funding
    )
    return Made(funding, {"pk": funding.pk}, {"year": "2027", "amount": "2"})


WALKS.update({
    "governance:panel_member_edit": Walk("change", _panel_member, ("active", "withdrawn"), get=True),
    "governance:consultation_edit": Walk("change", _consultation, ("",), get=True),
    "governance:consultation_delete": Walk("delete", _consultation, ("",), get=True),
    "governance:journey_step_edit": Walk("change", _journey_step, ("",), get=True),
    "governance:journey_step_delete": Walk("change", _journey_step, ("",), get=True),
})  # fmt: skip
FUNDING_FROM_AN_AGREEMENT = Walk("change", _agreement_funding, ("agreement",), get=True)


def _dummy_kwargs(pattern: URLPattern) -> dict:
    converters = getattr(pattern.pattern, "converters", {})
    return {name: 1 if isinstance(conv, IntConverter) else "x" for name, conv in converters.items()}


def _patterns(patterns=None, namespace: str = ""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            prefix = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _patterns(pattern.url_patterns, prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield namespace + pattern.name, pattern


def test_every_post_url_is_walked(client, portfolio_office):
    """Each URL of the domain apps is asked with PUT: a 405 lists the methods it allows. Every one that allows
    POST is walked here (or named in ELSEWHERE with the reason)."""
    client.force_login(portfolio_office)
    posting = set()
    for name, pattern in _patterns():
        if name.split(":")[0] not in NAMESPACES:
            continue
        response = client.put(reverse(name, kwargs=_dummy_kwargs(pattern)))
        allowed = response.get("Allow", "") if response.status_code == 405 else "POST (no method decorator)"
        if "POST" in allowed:
            posting.add(name)
    missing = sorted(posting - set(WALKS) - set(ELSEWHERE))
    stale = sorted((set(WALKS) | set(ELSEWHERE)) - posting)
    assert not missing, f"POST URLs that the policy walk does not cover: {missing}"
    assert not stale, f"walked URLs that take no POST (or no longer exist): {stale}"


def _params():
    for name, walk in WALKS.items():
        for status in walk.statuses:
            yield pytest.param(name, status, id=f"{name}-{status or 'any'}")
    yield pytest.param("governance:funding_edit", "agreement", id="governance:funding_edit-from-an-agreement")


def _state(obj) -> tuple:
    obj = type(obj).objects.get(pk=obj.pk)
    return tuple(getattr(obj, f) for f in ("status", "stage", "facilitator_id", "version") if hasattr(obj, f))


@pytest.mark.parametrize(("url_name", "status"), list(_params()))
def test_the_view_answers_as_the_policy(db, request, client, url_name, status):
    walk = FUNDING_FROM_AN_AGREEMENT if status == "agreement" else WALKS[url_name]
    people = {p: request.getfixturevalue(p) for p in PERSONAS}
    made = None
    for persona, user in people.items():
        made = made or walk.make(status, people)  # fresh objects after a persona was let through
        obj, url = made.obj, reverse(url_name, kwargs=made.kwargs)
        model = type(obj)
        visible = model.objects.visible_to(user).filter(pk=obj.pk).exists()
        allowed = access.can(user, walk.action, obj)
        client.force_login(user)
        for method in ("get", "post") if walk.get else ("post",):
            events, before = AuditEvent.objects.count(), _state(obj)
            response = getattr(client, method)(url, made.data or {})
            where = f"{method.upper()} {url_name} on {status or 'any'} as {persona}: {response.status_code}"
            if not visible:
                assert response.status_code == 404, where
            elif not allowed:
                assert response.status_code in (403, 409), f"{where}; the policy says no"
                assert AuditEvent.objects.count() == events and _state(obj) == before, f"{where}: something was written"
                assert b"<h1" in response.content, f"{where}: not a whole page"
            else:
                assert response.status_code not in (403, 404, 409), f"{where}; the policy says yes"
        if visible and allowed:
            made = None


def test_a_decided_proposal_is_not_edited_by_a_direct_post(client, portfolio_office, agency_staff):
    """The office no longer edits a decided (or shelved) proposal: the edit link is gone, and a direct GET or POST
    of the form answers 409 with a page that says why and links back; nothing is saved."""
    for status in ("decided", "deferred", "rejected", "not_qualified"):
        proposal = pf.ProposalFactory(organisation=agency_staff.organisation, status=status, title="Gammel tittel")
        client.force_login(portfolio_office)
        url = reverse("portfolio:proposal_edit", args=[proposal.pk])
        assert url not in client.get(proposal.get_absolute_url()).content.decode()
        for response in (client.get(url), client.post(url, {"title": "Ny tittel", "version": proposal.version})):
            page = response.content.decode()
            assert response.status_code == 409
            assert "kan ikke gjøres nå" in page and str(proposal.get_status_display()) in page
            assert f'href="{proposal.get_absolute_url()}"' in page
        proposal.refresh_from_db()
        assert proposal.title == "Gammel tittel"
        assert not AuditEvent.objects.filter(action="portfolio.proposal.changed").exists()


def test_the_service_refuses_a_decided_proposal_too(portfolio_office, agency_staff):
    """The admin and the API call the service, not the view: it refuses the state with a message."""
    from django.core.exceptions import ValidationError

    from portfolio.services import intake

    proposal = pf.ProposalFactory(organisation=agency_staff.organisation, status="decided", title="Gammel tittel")
    with pytest.raises(ValidationError) as refused:
        intake.proposal_update(proposal=proposal, data={"title": "Ny"}, version=proposal.version, by=portfolio_office)
    assert refused.value.code == "not_now"
    proposal.refresh_from_db()
    assert proposal.title == "Gammel tittel"
