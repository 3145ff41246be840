"""Who may do what with governance records (decisions and their steering dialogue), registered with `core.access`.

Loaded by `GovernanceConfig.ready()`. Decisions are seen through `Decision.objects.visible_to` (the proposals and
measures the user may see); recording one is the proposal's "decide" (portfolio/rules.py).
"""

from __future__ import annotations

from core.access import Scope, is_ministry_official, is_office, rule, scope

from .choices import DecisionOutcome, DecisionStatus
from .scenario_models import ScenarioStatus


@rule("governance.decision", "view")
def _decision_view(user, decision) -> bool:
    return True  # Decision.objects.visible_to decides


@rule("governance.decision", "respond")
def _decision_respond(user, decision) -> bool:
    """A ministry the escalated decision names answers it while it awaits the steering dialogue."""
    if not is_ministry_official(user) or isinstance(decision, type):
        return is_ministry_official(user)
    awaiting = decision.status == DecisionStatus.AWAITING_STEERING and decision.superseded_by_id is None
    return awaiting and decision.ministries.filter(pk=user.organisation_id).exists()


@rule("governance.decision", "order_brief")
def _decision_order_brief(user, decision) -> bool:
    """A new version of an escalated decision's brief (the worker makes one for each version of the decision by
    itself): the office, for an escalated decision (only those have a brief)."""
    return is_office(user) and (isinstance(decision, type) or decision.outcome == DecisionOutcome.ESCALATE)


@rule("governance.decision", "see_steering")
def _decision_steering(user, decision) -> bool:
    """The steering dialogue: the office, and the ministries an escalated decision names (their scope)."""
    return is_office(user) or is_ministry_official(user)


# ---- budget scenarios (governance/scenario_models.py) --------------------------------------------------------------
# Seen through Scenario.objects.visible_to: the office all, a ministry those shared with it, agencies none.


@rule("governance.scenario", "view")
def _scenario_view(user, scenario) -> bool:
    return True  # Scenario.objects.visible_to decides


@rule("governance.scenario", "list")
def _scenario_list(user, scenario) -> bool:
    """The scenario list: the office, and ministries (the scenarios shared with them)."""
    return is_office(user) or is_ministry_official(user)


def _office(user, scenario) -> bool:
    """Only the portfolio office sets up, changes, solves, shares and recommends scenarios."""
    return is_office(user)


def _idle(scenario) -> bool:
    return not scenario.is_pending


def _has_selection(scenario) -> bool:
    return scenario.status == ScenarioStatus.DONE and bool(scenario.result and scenario.result.get("chosen"))


rule("governance.scenario", "create", "change", "share")(_office)
rule("governance.scenario", "solve", when=_idle)(_office)
rule("governance.scenario", "recommend", when=_has_selection)(_office)


@rule("portfolio.measure", "see_ranks")
def _measure_ranks(user, measure) -> bool:
    """The priorities page (governance/priority_queries.py): everyone with a scope sees the ranks of the running
    measures they may see; the office sees every candidate's."""
    return scope(user) != Scope.NONE


# The rules of the steering pages (drivers, roadmap, benefits map, who pays), of changes of running measures and of
# user panels and journeys (issue 22)
from . import rules_measure_change, rules_panels, rules_steering  # noqa: E402, F401
