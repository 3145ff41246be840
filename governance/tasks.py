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
