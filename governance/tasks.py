"""Celery tasks: load by id and call a service; the services hold the rules."""

from celery import shared_task
from django.db import InterfaceError, OperationalError


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    max_retries=3,
    name="governance.scenario_solve",
)
def scenario_solve_task(self, scenario_id: int) -> str:
    """Solve a budget scenario; idempotent (a solved scenario returns at once)."""
    from .scenario_models import Scenario, ScenarioStatus
    from .scenario_services import scenario_run

    scenario = Scenario.objects.filter(pk=scenario_id).first()
    if scenario is None:
        return "missing"
    if scenario.status == ScenarioStatus.DONE:
        return ScenarioStatus.DONE
    return scenario_run(scenario=scenario).status


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    name="governance.decision_brief",
)
def decision_brief_task(self, brief_id: int) -> str:
    """Make one version of a decision brief; idempotent (a ready brief returns at once)."""
    from .brief_models import DecisionBrief
    from .decision_briefs import brief_generate

    brief = DecisionBrief.objects.filter(pk=brief_id).first()
    if brief is None:
        return "missing"
    return brief_generate(brief).status


@shared_task(name="governance.decision_briefs_sweep")
def decision_briefs_sweep_task() -> dict:
    """Beat: briefs whose worker died are queued again or failed; lost messages are sent again."""
    from .decision_briefs import briefs_sweep

    return briefs_sweep()
