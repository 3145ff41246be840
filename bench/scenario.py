"""The benchmark's budget scenario: one solve over the generated portfolio's candidates (its running measures and its
proposals in steps 3 and 4), queued through the service and solved by the running Celery worker; the budget is a
third of what every candidate would cost, so the choice is real. Seconds end to end and in the worker. Also the
frontier alone (governance.optimise, in process) over the first 2,000 of those candidates: seconds and each step's
status, the figure of issue 20 ("2,000 candidates in seconds")."""

from __future__ import annotations

import time
from dataclasses import replace

from django.db import transaction


def solve(timeout: float = 600) -> dict:
    from governance.scenario_models import Scenario, ScenarioStatus
    from governance.scenario_queries import problem_for
    from governance.scenario_services import scenario_create

    from .pages import user_for

    office = user_for("portfolio_office")
    probe = Scenario(budgets={str(y): 1 for y in range(2027, 2030)})
    problem = problem_for(probe).problem  # what each year would cost with every candidate chosen
    budgets = {str(y): max(1, sum(c.cost_in(y) for c in problem.candidates) // 3) for y in range(2027, 2030)}
    t = time.perf_counter()
    with transaction.atomic():
        scenario = scenario_create(data={"name": "Benchmark (syntetisk)", "budgets": budgets}, by=office)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        scenario = Scenario.objects.get(pk=scenario.pk)
        if scenario.status in (ScenarioStatus.DONE, ScenarioStatus.FAILED):
            break
        time.sleep(0.1)
    result = scenario.result or {}
    return {
        "seconds": round(time.perf_counter() - t, 2),
        "worker_seconds": result.get("seconds"),
        "status": scenario.status,
        "solve_status": result.get("status"),
        "gap": result.get("gap"),
        "candidates": len(problem.candidates),
        "chosen": len(result.get("chosen", [])),
        "frontier_steps": len(result.get("frontier", [])),
    }


def frontier_2000(n: int = 2000) -> dict:
    """The six-step frontier over the first `n` candidates (measures first, then proposals, as gathered), with a
    third of their cost as the budget: seconds, and each step's status and proven gap."""
    from governance import optimise
    from governance.scenario_models import Scenario
    from governance.scenario_queries import problem_for

    t = time.perf_counter()
    gathered = problem_for(Scenario(budgets={str(y): 1 for y in range(2027, 2030)}))
    gather_seconds = time.perf_counter() - t
    candidates = gathered.problem.candidates[:n]
    budgets = {y: max(1, sum(c.cost_in(y) for c in candidates) // 3) for y in range(2027, 2030)}
    problem = replace(gathered.problem, candidates=candidates, budgets=budgets)
    t = time.perf_counter()
    steps = optimise.frontier(problem)
    return {
        "candidates": len(candidates),
        "seconds": round(time.perf_counter() - t, 2),
        "gather_seconds_all": round(gather_seconds, 2),
        "steps": [{"factor": s.factor, "status": s.selection.status, "gap": s.selection.gap} for s in steps],
    }
