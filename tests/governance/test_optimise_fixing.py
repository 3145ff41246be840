"""The exact reduction before branch and bound (governance/fixing.py): on portfolios of a few hundred candidates the
reduced program reaches exactly the optimum of the whole program solved by HiGHS alone, and a solve stopped by its
time limit keeps a feasible selection with its proven gap instead of reporting the scenario infeasible. No database."""

from __future__ import annotations

import random

import numpy as np
import pytest
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array

from governance import fixing
from governance.optimise import OPTIMAL, TIME_LIMIT, Candidate, Problem, solve


def portfolio(seed: int, n: int = 300) -> Problem:
    """Proposals with a rubric-like value and a cost in whole 25,000s (as the generator makes them), a few running
    measures of no value of their own that some proposals extend, and two years of money: a third of the cost."""
    rnd = random.Random(seed)
    measures = [Candidate(f"T{i}", "", 0.0, {(2027, ""): rnd.randint(4, 80) * 25_000}) for i in range(n // 10)]
    proposals = [
        Candidate(
            f"F{i}",
            "",
            round(rnd.randint(48, 180) / 36, 4),
            {(2027 + (i % 5 == 0), ""): rnd.randint(1, 60) * 25_000},
            (rnd.randint(1, 4),),
            requires=(f"T{rnd.randrange(len(measures))}",) if rnd.random() < 0.3 else (),
        )
        for i in range(n)
    ]
    candidates = tuple(measures + proposals)
    budgets = {y: sum(c.cost_in(y) for c in candidates) // 3 for y in (2027, 2028)}
    return Problem(candidates, budgets, life_event_limits={1: n // 8})


def plain_optimum(problem: Problem) -> float:
    """The whole program solved by HiGHS without the reduction: the best value (the tie-break left out)."""
    cands = problem.candidates
    pos = {c.key: i for i, c in enumerate(cands)}
    rows = [[c.cost_in(y) for c in cands] for y in problem.budgets]
    upper = list(problem.budgets.values())
    for c in cands:
        for r in c.requires:
            row = [0] * len(cands)
            row[pos[c.key]], row[pos[r]] = 1, -1
            rows.append(row)
            upper.append(0)
    for life_event, limit in problem.life_event_limits.items():
        rows.append([1 if life_event in c.life_events else 0 for c in cands])
        upper.append(limit)
    result = milp(
        -np.array([c.value for c in cands]),
        integrality=np.ones(len(cands)),
        bounds=Bounds(0, 1),
        constraints=[LinearConstraint(np.array(rows, dtype=float), -np.inf, np.array(upper, dtype=float))],
        options={"mip_rel_gap": 0.0, "time_limit": 60},
    )
    assert result.status == 0
    return -result.fun


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_the_reduced_program_reaches_the_whole_programs_optimum(seed):
    problem = portfolio(seed)
    selection = solve(problem, time_limit=60)
    assert selection.status == OPTIMAL
    assert selection.value == pytest.approx(plain_optimum(problem), abs=1e-6)
    by_key = {c.key: c for c in problem.candidates}
    for year, limit in problem.budgets.items():
        assert sum(by_key[k].cost_in(year) for k in selection.chosen) <= limit
    assert all(r in selection.chosen for k in selection.chosen for r in by_key[k].requires)


def test_the_reduction_fixes_most_candidates_and_never_the_optimum_away():
    problem = portfolio(5, n=400)
    n = len(problem.candidates)
    objective = -np.array([c.value for c in problem.candidates])
    matrix = np.array([[c.cost_in(y) for c in problem.candidates] for y in problem.budgets], dtype=float)
    rhs = np.array(list(problem.budgets.values()), dtype=float)
    reduction = fixing.reduce(objective, csr_array(matrix), rhs, np.zeros(n), np.ones(n))
    assert reduction.fixed > n // 2
    assert np.all(matrix @ reduction.incumbent <= rhs)
    assert reduction.bound <= objective @ reduction.incumbent
    whole = milp(objective, integrality=np.ones(n), bounds=Bounds(0, 1),
                 constraints=[LinearConstraint(matrix, -np.inf, rhs)], options={"mip_rel_gap": 0.0})  # fmt: skip
    reduced = milp(objective, integrality=np.ones(n), bounds=Bounds(reduction.lower, reduction.upper),
                   constraints=[LinearConstraint(matrix, -np.inf, rhs)], options={"mip_rel_gap": 0.0})  # fmt: skip
    assert reduced.fun == pytest.approx(whole.fun, abs=1e-9)


def test_a_solve_stopped_by_its_time_limit_keeps_a_feasible_selection_with_its_gap():
    problem = portfolio(6, n=600)
    selection = solve(problem, time_limit=1e-6)
    assert selection.status in (TIME_LIMIT, OPTIMAL)  # never "infeasible": choosing nothing always fits
    assert selection.chosen
    by_key = {c.key: c for c in problem.candidates}
    for year, limit in problem.budgets.items():
        assert sum(by_key[k].cost_in(year) for k in selection.chosen) <= limit
    if selection.status == TIME_LIMIT:
        assert 0 <= selection.gap < 0.01
