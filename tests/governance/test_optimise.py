"""The budget optimisation (governance/optimise.py): optimal on small cases (checked against every subset), within
every constraint on generated portfolios, and infeasibility reported with its cause. No database."""

from __future__ import annotations

import itertools

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from governance.optimise import (
    INFEASIBLE,
    OPTIMAL,
    Candidate,
    Problem,
    dependency_cycles,
    diagnose,
    frontier,
    solve,
)

YEARS = (2027, 2028)
SOURCES = ("", "StimuLab")


def in_a_cycle(problem: Problem, key: str) -> bool:
    """Whether `key` needs itself through its dependencies (it can then never start)."""
    by_key = {c.key: c for c in problem.candidates}
    todo, seen = list(by_key[key].requires), set()
    while todo:
        k = todo.pop()
        if k == key:
            return True
        if k not in seen and k in by_key:
            seen.add(k)
            todo.extend(by_key[k].requires)
    return False


def violations(problem: Problem, chosen: set[str]) -> list[str]:
    """Every constraint `chosen` breaks, checked here independently of the module under test."""
    by_key = {c.key: c for c in problem.candidates}
    out = [f"cycle {k}" for k in chosen if in_a_cycle(problem, k)]
    for year, limit in problem.budgets.items():
        spent = sum(a for k in chosen for (y, _s), a in by_key[k].costs.items() if y == year)
        if spent > limit:
            out.append(f"budget {year}")
    for (year, source), limit in problem.source_budgets.items():
        spent = sum(a for k in chosen for (y, s), a in by_key[k].costs.items() if y == year and s == source)
        if spent > limit:
            out.append(f"source {year} {source}")
    for c in problem.candidates:
        if c.mandatory and c.key not in chosen:
            out.append(f"mandatory {c.key}")
        if c.key in chosen and any(r not in chosen for r in c.requires):
            out.append(f"requires {c.key}")
    for a, b in problem.exclusions:
        if a in chosen and b in chosen:
            out.append(f"exclusion {a} {b}")
    for life_event, limit in problem.life_event_limits.items():
        if sum(1 for k in chosen if life_event in by_key[k].life_events) > limit:
            out.append(f"life event {life_event}")
    return out


def brute_force(problem: Problem) -> float | None:
    """The best value over all subsets that break no constraint (None: no subset does)."""
    keys = [c.key for c in problem.candidates]
    values = {c.key: c.value for c in problem.candidates}
    best = None
    for n in range(len(keys) + 1):
        for subset in itertools.combinations(keys, n):
            if not violations(problem, set(subset)):
                value = sum(values[k] for k in subset)
                best = value if best is None else max(best, value)
    return best


@st.composite
def problems(draw, max_candidates: int = 7) -> Problem:
    n = draw(st.integers(min_value=1, max_value=max_candidates))
    keys = [f"T{i}" for i in range(n)]
    candidates = []
    for key in keys:
        costs = {}
        for year in YEARS:
            if draw(st.booleans()):
                costs[(year, draw(st.sampled_from(SOURCES)))] = draw(st.integers(min_value=1, max_value=20)) * 100_000
        others = [k for k in keys if k != key]
        requires = tuple(draw(st.lists(st.sampled_from(others), max_size=1, unique=True))) if others else ()
        candidates.append(
            Candidate(
                key,
                f"Tiltak {key}",
                float(draw(st.integers(min_value=0, max_value=10))),
                costs,
                (draw(st.sampled_from([1, 2])),),
                draw(st.booleans()) and draw(st.booleans()),
                requires,
            )
        )
    budgets = {year: draw(st.integers(min_value=0, max_value=60)) * 100_000 for year in YEARS}
    source_budgets = {(2027, "StimuLab"): draw(st.integers(min_value=0, max_value=30)) * 100_000}
    pairs = [p for p in itertools.combinations(keys, 2)]
    exclusions = tuple(draw(st.lists(st.sampled_from(pairs), max_size=2, unique=True))) if pairs else ()
    limits = {1: draw(st.integers(min_value=0, max_value=4))}
    return Problem(tuple(candidates), budgets, source_budgets, exclusions, limits)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems())
def test_the_selection_is_optimal_and_feasible_exactly_when_a_subset_is(problem):
    best = brute_force(problem)
    selection = solve(problem)
    if best is None:
        assert selection.status == INFEASIBLE
        assert selection.conflicts, "an infeasible scenario names the constraint that cannot be met"
    else:
        assert selection.status == OPTIMAL
        assert violations(problem, set(selection.chosen)) == []
        assert abs(selection.value - best) < 1e-6


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(problems(max_candidates=40))
def test_generated_portfolios_get_a_selection_within_every_constraint(problem):
    selection = solve(problem)
    if selection.status == INFEASIBLE:
        assert diagnose(problem), "infeasible only with a named cause"
    else:
        assert violations(problem, set(selection.chosen)) == []
        assert selection.spend == {
            y: sum(c.cost_in(y) for c in problem.candidates if c.key in selection.chosen) for y in selection.spend
        }


def _c(key, value=1.0, cost=0, **kw):
    return Candidate(key, f"Tiltak {key}", value, {(2027, ""): cost} if cost else {}, **kw)


def test_a_small_case_prefers_two_cheap_over_one_dear():
    problem = Problem((_c("T1", 5, 600), _c("T2", 3, 500), _c("T3", 3, 450)), {2027: 1000})
    selection = solve(problem)
    assert selection.chosen == ("T2", "T3") and selection.value == 6
    assert selection.spend == {2027: 950}


def test_a_candidate_comes_only_with_what_it_needs():
    problem = Problem((_c("T1", 10, 500, requires=("T2",)), _c("T2", 0, 600), _c("T3", 4, 400)), {2027: 1000})
    assert solve(problem).chosen == ("T3",)  # T1 with T2 would cost 1100
    assert solve(problem.scaled(1.1)).chosen == ("T1", "T2")


def test_mandatory_measures_over_budget_are_explained():
    problem = Problem((_c("T1", 1, 800, mandatory=True), _c("T2", 1, 300, mandatory=True)), {2027: 1000})
    selection = solve(problem)
    assert selection.status == INFEASIBLE and selection.chosen == ()
    (conflict,) = selection.conflicts
    assert (conflict.kind, conflict.year, conflict.amount, conflict.limit) == ("budget", 2027, 1100, 1000)
    assert set(conflict.keys) == {"T1", "T2"}


def test_a_mandatory_measure_needing_a_dear_one_is_over_budget_through_it():
    problem = Problem((_c("T1", 1, 100, mandatory=True, requires=("T2",)), _c("T2", 0, 1000)), {2027: 1000})
    (conflict,) = solve(problem).conflicts
    assert conflict.kind == "budget" and conflict.amount == 1100


def test_circular_dependencies_among_mandatory_measures_are_named():
    problem = Problem(
        (_c("T1", mandatory=True, requires=("T2",)), _c("T2", requires=("T3",)), _c("T3", requires=("T1",)), _c("T4")),
        {2027: 1000},
    )
    selection = solve(problem)
    assert selection.status == INFEASIBLE
    (conflict,) = selection.conflicts
    assert conflict.kind == "cycle" and conflict.keys == ("T1", "T2", "T3", "T1")


def test_a_cycle_of_optional_candidates_only_leaves_them_out():
    problem = Problem((_c("T1", 5, requires=("T2",)), _c("T2", 5, requires=("T1",)), _c("T3", 1)), {2027: 1000})
    selection = solve(problem)
    assert selection.status == OPTIMAL and selection.chosen == ("T3",)
    assert set(selection.unavailable) == {"T1", "T2"}
    assert dependency_cycles(problem.candidates) == [("T1", "T2", "T1")]


def test_contradictory_exclusions_and_life_event_limits_are_named():
    problem = Problem(
        (_c("T1", mandatory=True, life_events=(7,)), _c("T2", mandatory=True, life_events=(7,))),
        {2027: 1000},
        exclusions=(("T1", "T2"),),
        life_event_limits={7: 1},
    )
    kinds = {c.kind for c in solve(problem).conflicts}
    assert kinds == {"exclusion", "life_event_limit"}


def test_a_mandatory_measure_needing_one_no_longer_running_is_named():
    problem = Problem((_c("T1", mandatory=True, requires=("T9",)),), {2027: 1000})
    (conflict,) = solve(problem).conflicts
    assert conflict.kind == "missing" and conflict.missing == "T9"


def test_the_source_budget_binds_on_its_own():
    stimulab = Candidate("T1", "A", 5, {(2027, "StimuLab"): 500})
    own = Candidate("T2", "B", 4, {(2027, ""): 500})
    problem = Problem((stimulab, own), {2027: 1000}, {(2027, "StimuLab"): 400})
    assert solve(problem).chosen == ("T2",)


def test_the_frontier_grows_with_the_money_and_says_what_enters_and_leaves():
    problem = Problem((_c("T1", 5, 600), _c("T2", 3, 500), _c("T3", 3, 450)), {2027: 1000})
    steps = frontier(problem, (0.5, 0.6, 1.0, 2.0))
    assert [s.budget for s in steps] == [500, 600, 1000, 2000]
    assert [s.selection.value for s in steps] == [3, 5, 6, 11]
    assert steps[0].selection.chosen == ("T3",)  # of two equally valuable, the cheaper
    assert steps[1].entering == ("T1",) and steps[1].leaving == ("T3",)
    assert steps[2].entering == ("T2", "T3") and steps[2].leaving == ("T1",)
    assert steps[3].entering == ("T1",) and steps[3].leaving == ()
