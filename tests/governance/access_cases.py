"""Access-matrix cases of the governance app: budget scenarios (format: tests/access_matrix.py).

The office sets up, changes, solves and shares scenarios; a ministry sees those shared with it (others: 404);
agency staff see none (the list: 403, a scenario: 404)."""

from tests.access_matrix import Case, Personas

READERS = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 200, "ministry": 200, "admin": 200}
OFFICE_PAGE = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 200, "ministry": 403, "admin": 200}
SHARED_PAGE = {"anonymous": 302, "agency": 404, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200}
UNSHARED_PAGE = {"anonymous": 302, "agency": 404, "other_agency": 404, "office": 200, "ministry": 404, "admin": 200}
OFFICE_OF_SHARED = {"anonymous": 302, "agency": 404, "other_agency": 404, "office": 200, "ministry": 403, "admin": 200}
OFFICE_POST = {"anonymous": 302, "agency": 404, "other_agency": 404, "office": 302, "ministry": 403, "admin": 302}


def _scenario(personas: Personas, *, shared: bool = True, solved: bool = False) -> dict:
    from tests.factories.governance import ScenarioFactory

    scenario = ScenarioFactory(created_by=personas.office)
    if shared:
        scenario.shared_with.add(personas.ministry.organisation)
    if solved:
        scenario.status, scenario.result = "done", {"chosen": ["T1"], "candidates": {}, "status": "optimal"}
        scenario.save()
    return {"pk": scenario.pk}


def _nothing(personas: Personas) -> dict:
    return {}


def _solved(personas: Personas) -> dict:
    return _scenario(personas, solved=True)


def _unshared(personas: Personas) -> dict:
    return _scenario(personas, shared=False)


def _share_data(personas: Personas) -> dict:
    return {"ministries": [personas.ministry.organisation.pk]}


ALL = {"anonymous": 302, "agency": 200, "other_agency": 200, "office": 200, "ministry": 200, "admin": 200}

CASES: list[Case] = [
    Case("governance:priority_list", _nothing, ALL),
    Case("governance:scenario_list", _nothing, READERS),
    Case("governance:scenario_create", _nothing, OFFICE_PAGE),
    Case("governance:scenario_compare", _nothing, READERS),
    Case("governance:scenario_detail", _scenario, SHARED_PAGE),
    Case("governance:scenario_detail", _unshared, UNSHARED_PAGE, note="not shared with the ministry"),
    Case("governance:scenario_edit", _scenario, OFFICE_OF_SHARED),
    Case("governance:scenario_solve", _solved, OFFICE_POST, method="post"),
    Case("governance:scenario_share", _scenario, OFFICE_POST, method="post", data=_share_data),
    Case("governance:scenario_recommend", _solved, OFFICE_POST, method="post", data={"recommendation": "Velg A."}),
]


# ---- strategic drivers, roadmap, benefits map, who pays (governance/rules_steering.py) ----------------------------
# Everyone with a scope reads the drivers, the roadmap, the benefits map and who pays (their visible measures' rows);
# only the office defines, weighs and scores drivers.


def _driver(personas: Personas) -> dict:
    from governance.driver_models import Driver

    return {"pk": Driver.objects.get_or_create(name="Misjonsbidrag")[0].pk}  # the fuzz tests set up once per example


def _measure_to_score(personas: Personas) -> dict:
    from governance.driver_models import Driver
    from tests.factories.portfolio import MeasureFactory

    Driver.objects.get_or_create(name="Hast")
    return {"kind": "tiltak", "pk": MeasureFactory(owner=personas.agency.organisation).pk}


def _organisation(personas: Personas) -> dict:
    return {"pk": personas.agency.organisation.pk}


OFFICE_ONLY = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 200, "ministry": 403, "admin": 200}
OFFICE_SCORES = {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 200, "ministry": 404, "admin": 200}

CASES += [
    Case("governance:driver_list", _nothing, ALL),
    Case("governance:driver_create", _nothing, OFFICE_ONLY),
    Case("governance:driver_edit", _driver, OFFICE_ONLY),
    Case("governance:driver_weights", _nothing, OFFICE_ONLY),
    Case("governance:driver_scores", _measure_to_score, OFFICE_SCORES, note="the measure is NAV's: others 404"),
    Case("governance:roadmap", _nothing, ALL),
    Case("governance:benefit_map", _nothing, ALL),
    Case("governance:flow_list", _nothing, ALL),
    Case("governance:flow_detail", _organisation, ALL),
]

CASES += [
    Case("governance:funding_list", _nothing, ALL, note="funding per measure and year, within the scope"),
]


# ---- issue 23: a measure's benefit plan and the change of a running measure ---------------------------------------


def _nav_measure_and_proposal(personas: Personas) -> tuple:
    """A NAV measure with a plan in two versions and a NAV proposal (deciding) that extends it, in ASD's life event."""
    from portfolio.services import benefit_plans
    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.portfolio import BenefitFactory, MeasureFactory, ProposalFactory

    life_event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    measure = MeasureFactory(owner=personas.agency.organisation, life_events=[life_event])
    BenefitFactory(measure=measure)
    benefit_plans.plan_new_version(
        measure=measure, benefits=benefit_plans.current_entries(measure), reason="Ny innsikt", by=personas.office
    )
    proposal = ProposalFactory(
        organisation=personas.agency.organisation,
        status="deciding",
        life_events=[life_event],
        qualification="extends",
        related_measure=measure,
    )
    return measure, proposal


def _plan_measure(personas: Personas) -> dict:
    return {"pk": _nav_measure_and_proposal(personas)[0].pk}


def _extending_proposal(personas: Personas) -> dict:
    return {"pk": _nav_measure_and_proposal(personas)[1].pk}


def _measure_change(personas: Personas) -> dict:
    from governance.models import MeasureChange
    from tests.factories.governance import DecisionFactory

    measure, proposal = _nav_measure_and_proposal(personas)
    decision = DecisionFactory(proposal=proposal, measure=measure, outcome="change_measure")
    return {"pk": MeasureChange.objects.create(decision=decision, measure=measure, proposal=proposal).pk}


_WITH_MEASURE = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200}
_OFFICE_DECIDES = {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 200, "ministry": 403, "admin": 200}

CASES += [
    Case("portfolio:benefit_plan_compare", _plan_measure, _WITH_MEASURE, note="two plan versions side by side"),
    Case("decisions:measure_change_decide", _extending_proposal, _OFFICE_DECIDES, note="the office decides"),
    Case("decisions:measure_change", _measure_change, _WITH_MEASURE, note="the owner answers here"),
]


# ---- user panels and shared user journeys (issue 22; governance/rules_panels.py) ---------------------------------
# Panels and journeys are read by those who follow their life event (the office, the ministry that owns it, the
# agencies taking part or, for a journey, responsible for a step; a panel's coordinating organisation); members
# (personal data) only by the office and the coordinating organisation (NAV here), who recruit and consult; the office
# keeps the journeys.

from tests.access_matrix import ClassCase, class_expect  # noqa: E402


def _nav_panel(personas: Personas) -> dict:
    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.panels import UserPanelFactory

    event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    return {"pk": UserPanelFactory(life_event=event, coordinator=personas.agency.organisation).pk}


def _nav_panel_member(personas: Personas) -> dict:
    from governance.models import UserPanel
    from tests.factories.panels import PanelMemberFactory

    return {"pk": PanelMemberFactory(panel=UserPanel.objects.get(pk=_nav_panel(personas)["pk"])).pk}


def _nav_journey(personas: Personas) -> dict:
    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.panels import JourneyStepFactory, UserJourneyFactory

    journey = UserJourneyFactory(life_event=LifeEventFactory(owner_ministry=personas.ministry.organisation))
    JourneyStepFactory(journey=journey, agency=personas.agency.organisation)
    return {"pk": journey.pk}


def _nav_pain_point(personas: Personas) -> dict:
    from governance.models import JourneyStep
    from tests.factories.panels import PainPointFactory

    kwargs = _nav_journey(personas)
    step = JourneyStep.objects.get(journey_id=kwargs["pk"])
    return {**kwargs, "point_pk": PainPointFactory(step=step).pk}


_FOLLOWERS = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 200, "admin": 200}
_COORDINATOR = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 403, "admin": 200}
_MEMBER = {"anonymous": 302, "agency": 200, "other_agency": 404, "office": 200, "ministry": 404, "admin": 200}
_OFFICE_KEEPS = {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 200, "ministry": 403, "admin": 200}

CASES += [
    Case("governance:insight_overview", _nothing, ALL),
    Case("governance:panel_create", _nothing, OFFICE_PAGE),
    Case("governance:panel_detail", _nav_panel, _FOLLOWERS, note="members shown to the office and NAV only"),
    Case("governance:panel_member_add", _nav_panel, _COORDINATOR),
    Case("governance:consultation_add", _nav_panel, _COORDINATOR),
    Case("governance:panel_member_withdraw", _nav_panel_member, _MEMBER, note="members: office and coordinator"),
    Case("governance:journey_create", _nothing, OFFICE_PAGE),
    Case("governance:journey_detail", _nav_journey, _FOLLOWERS, note="NAV is responsible for a step"),
    Case("governance:journey_step_add", _nav_journey, _OFFICE_KEEPS),
    Case("governance:pain_point_add", _nav_journey, _OFFICE_KEEPS),
    Case("governance:pain_point_edit", _nav_pain_point, _OFFICE_KEEPS),
]

CLASS_CASES: list[ClassCase] = [
    ClassCase("governance.userpanel", "create", class_expect("office", "admin"), "the office sets up panels"),
    ClassCase("governance.userjourney", "create", class_expect("office", "admin"), "the office keeps journeys"),
    ClassCase("governance.userpanel", "consult", class_expect("agency", "other_agency", "office", "admin")),
]


# ---- collaboration agreements and generations (issue 22): tests/governance/access_cases_agreements.py -------------
from tests.governance.access_cases_agreements import CASES as _AGREEMENT_CASES  # noqa: E402

CASES += _AGREEMENT_CASES


# ---- the office keeps the funding per measure and year in the portal (issue 15) ------------------------------------


def _nav_funding(personas: Personas) -> dict:
    from tests.factories.governance import FundingFactory
    from tests.factories.lifeevents import LifeEventFactory
    from tests.factories.portfolio import MeasureFactory

    life_event = LifeEventFactory(owner_ministry=personas.ministry.organisation)
    measure = MeasureFactory(owner=personas.agency.organisation, life_events=[life_event])
    return {"pk": FundingFactory(measure=measure, life_event=None, year=2026).pk}


_FUNDING_FORM = {"anonymous": 302, "agency": 403, "other_agency": 403, "office": 200, "ministry": 403, "admin": 200}
_FUNDING_EDIT = {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 200, "ministry": 403, "admin": 200}

CASES += [
    Case("governance:funding_create", _nothing, _FUNDING_FORM, note="add funding: the office"),
    Case(
        "governance:funding_create",
        _nothing,
        {**_FUNDING_FORM, "office": 422, "admin": 422},
        method="post",
        data={},
        note="422: empty form",
    ),
    Case("governance:funding_edit", _nav_funding, _FUNDING_EDIT, note="NAV's measure: others do not see it"),
    Case(
        "governance:funding_edit",
        _nav_funding,
        {**_FUNDING_EDIT, "office": 422, "admin": 422},
        method="post",
        data={},
        note="422: empty form",
    ),
]
CLASS_CASES += [
    ClassCase("governance.funding", "create", class_expect("office", "admin"), "add funding"),
]


# The user insight forms' POSTs (their data is fuzzed by tests/test_fuzz.py): recruiting a member, recording a
# consultation, withdrawing consent, a journey's step and pain point.


def _member_data(personas: Personas) -> dict:
    return {"name": "Ola Etterlatt", "email": "ola@eksempel.invalid", "consent_given_on": "2026-01-10",
            "consent_purpose": "Intervju om skifte.", "recruited_by": personas.agency.organisation.pk}  # fmt: skip


def _consultation_data(personas: Personas) -> dict:
    import datetime

    return {"date": datetime.date.today().isoformat(), "method": "interview", "topic": "Skifte",
            "findings": "Skifteattesten kom i papir."}  # fmt: skip


def _withdrawal_data(personas: Personas) -> dict:
    import datetime

    return {"withdrawn_on": datetime.date.today().isoformat(), "confirm": "on"}


def _pain_point_data(personas: Personas) -> dict:
    from governance.models import JourneyStep

    step = JourneyStep.objects.order_by("-pk").first()  # the step the case's setup has just made
    return {"step": step.pk, "description": "Lang ventetid på skifteattest."}


def _panel_data(personas: Personas) -> dict:
    from governance.models import UserPanel

    panel = UserPanel.objects.order_by("-pk").first()  # the panel the case's setup has just made
    return {"life_event": panel.life_event_id, "name": "Etterlatte", "coordinator": panel.coordinator_id}


def _journey_data(personas: Personas) -> dict:
    from governance.models import UserJourney

    journey = UserJourney.objects.order_by("-pk").first()
    return {"life_event": journey.life_event_id, "title": "Når noen dør"}


_COORDINATOR_POST = {"anonymous": 302, "agency": 302, "other_agency": 404, "office": 302, "ministry": 403, "admin": 302}
_MEMBER_POST = {"anonymous": 302, "agency": 302, "other_agency": 404, "office": 302, "ministry": 404, "admin": 302}
_OFFICE_POST = {"anonymous": 302, "agency": 403, "other_agency": 404, "office": 302, "ministry": 403, "admin": 302}

CASES += [
    Case("governance:panel_member_add", _nav_panel, _COORDINATOR_POST, method="post", data=_member_data),
    Case("governance:consultation_add", _nav_panel, _COORDINATOR_POST, method="post", data=_consultation_data),
    Case("governance:panel_member_withdraw", _nav_panel_member, _MEMBER_POST, method="post", data=_withdrawal_data),
    Case("governance:journey_step_add", _nav_journey, _OFFICE_POST, method="post", data={"title": "Få svar"}),
    Case("governance:panel_edit", _nav_panel, _OFFICE_KEEPS, note="the office keeps panels"),
    Case("governance:panel_edit", _nav_panel, _OFFICE_POST, method="post", data=_panel_data),
    Case("governance:journey_edit", _nav_journey, _OFFICE_KEEPS),
    Case("governance:journey_edit", _nav_journey, _OFFICE_POST, method="post", data=_journey_data),
    Case("governance:pain_point_add", _nav_journey, _OFFICE_POST, method="post", data=_pain_point_data),
]


# Correcting and deleting in panels and journeys (issue 22): a member's details (the office and the coordinator, while
# consent is given), a consultation (the office and the coordinator), a journey's step (the office).


def _nav_consultation(personas: Personas) -> dict:
    from governance.models import UserPanel
    from tests.factories.panels import ConsultationFactory

    panel = UserPanel.objects.get(pk=_nav_panel(personas)["pk"])
    return {"pk": ConsultationFactory(panel=panel).pk}  # informs nothing: only the office and NAV see it


def _nav_journey_step(personas: Personas) -> dict:
    from governance.models import JourneyStep

    kwargs = _nav_journey(personas)
    return {**kwargs, "step_pk": JourneyStep.objects.get(journey_id=kwargs["pk"]).pk}


def _member_edit_data(personas: Personas) -> dict:
    return {**_member_data(personas), "name": "Ola Etterlatt-Hansen"}


def _step_data(personas: Personas) -> dict:
    return {"title": "Få svar", "description": "", "agency": ""}


CASES += [
    Case("governance:panel_member_edit", _nav_panel_member, _MEMBER),
    Case("governance:panel_member_edit", _nav_panel_member, _MEMBER_POST, method="post", data=_member_edit_data),
    Case("governance:consultation_edit", _nav_consultation, _MEMBER, note="the office and the coordinator"),
    Case("governance:consultation_edit", _nav_consultation, _MEMBER_POST, method="post", data=_consultation_data),
    Case("governance:consultation_delete", _nav_consultation, _MEMBER),
    Case("governance:consultation_delete", _nav_consultation, _MEMBER_POST, method="post", data={}),
    Case("governance:journey_step_edit", _nav_journey_step, _OFFICE_KEEPS),
    Case("governance:journey_step_edit", _nav_journey_step, _OFFICE_POST, method="post", data=_step_data),
    Case("governance:journey_step_delete", _nav_journey_step, _OFFICE_KEEPS),
    Case("governance:journey_step_delete", _nav_journey_step, _OFFICE_POST, method="post", data={}),
]
