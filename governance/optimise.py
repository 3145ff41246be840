"""Budget scenarios as an exact integer program: data in, selection out, no ORM.

Each candidate (a running measure or a proposal on the table) is chosen or not (a binary variable). The program
maximises the sum of the chosen candidates' values subject to the money per year (and per funding source and year),
the measures that must stay, dependencies (a candidate needs another: it can only be chosen with it), mutual
exclusions and a maximum number of chosen candidates per life event. It is solved by SciPy's `milp` (HiGHS, branch
and bound with a zero optimality gap), so a result marked optimal is proven optimal, never a greedy guess. When a
solve reaches its time limit first (thousands of candidates), the best selection found is kept and marked so, with
the proven gap to the best possible value. Before branch and bound the program is reduced exactly by reduced-cost
fixing against a good feasible selection (`governance/fixing.py`): with thousands of candidates only the few hundred
near the margin of the budget stay free, which is what makes a 2,000-candidate frontier take seconds.

Infeasibility is diagnosed before solving, exactly: every candidate at zero satisfies every constraint, so the
problem is infeasible if and only if the forced set (the mandatory candidates and everything they need, transitively)
breaks a constraint on its own. `diagnose()` checks each constraint against that set and names the ones that fail.
A candidate in a circular dependency, or needing one that is not a candidate, can never start: it is unavailable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from scipy.sparse import coo_array

from . import fixing

OPTIMAL, INFEASIBLE, TIME_LIMIT = "optimal", "infeasible", "time_limit"
TIME_LIMIT_SECONDS = 4.0  # per solve; beyond it the best selection found is kept, with its proven gap
STEP_SECONDS = 1.0  # per frontier step other than the scenario's own budget (the chart's points), same rule
TIE_BREAK = 1e-7  # per candidate at most: among equally valuable selections, the cheaper one wins
FRONTIER_FACTORS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


@dataclass(frozen=True)
class Candidate:
    key: str  # "T12" (tiltak, a measure) or "F34" (forslag, a proposal)
    title: str
    value: float  # the weighted value, >= 0
    costs: Mapping[tuple[int, str], int] = field(default_factory=dict)  # (year, funding source or "") -> NOK
    life_events: tuple[int, ...] = ()
    mandatory: bool = False
    requires: tuple[str, ...] = ()  # keys of the candidates this one needs

    def cost_in(self, year: int, source: str | None = None) -> int:
        return sum(a for (y, s), a in self.costs.items() if y == year and (source is None or s == source))

    @property
    def total_cost(self) -> int:
        return sum(self.costs.values())


@dataclass(frozen=True)
class Problem:
    candidates: tuple[Candidate, ...]
    budgets: Mapping[int, int]  # year -> the money there is; years without a budget are not constrained
    source_budgets: Mapping[tuple[int, str], int] = field(default_factory=dict)  # (year, source) -> money
    exclusions: tuple[tuple[str, str], ...] = ()  # pairs of which at most one may be chosen
    life_event_limits: Mapping[int, int] = field(default_factory=dict)  # life event -> most candidates chosen

    def scaled(self, factor: float) -> Problem:
        """The same problem with every budget multiplied by `factor` (a step of the frontier)."""
        return Problem(
            self.candidates,
            {y: int(round(b * factor)) for y, b in self.budgets.items()},
            {k: int(round(b * factor)) for k, b in self.source_budgets.items()},
            self.exclusions,
            self.life_event_limits,
        )


@dataclass(frozen=True)
class Conflict:
    """A constraint the mandatory candidates (with what they need) cannot meet."""

    kind: str  # "budget", "source_budget", "cycle", "missing", "exclusion", "life_event_limit"
    keys: tuple[str, ...]  # the candidates involved (for a cycle: in the order of the cycle)
    year: int | None = None
    source: str = ""
    amount: int = 0  # what the forced candidates need (money, or a count)
    limit: int = 0  # what the constraint allows
    life_event: int | None = None
    missing: str = ""  # the key needed that is not a candidate


@dataclass(frozen=True)
class Selection:
    status: str  # OPTIMAL, INFEASIBLE or TIME_LIMIT (the best found, not proven optimal)
    chosen: tuple[str, ...] = ()
    value: float = 0.0
    spend: Mapping[int, int] = field(default_factory=dict)  # year -> chosen candidates' cost
    conflicts: tuple[Conflict, ...] = ()
    unavailable: tuple[str, ...] = ()  # can never be chosen (circular or missing dependency)
    gap: float = 0.0  # proven relative distance to the best possible value (0 when optimal)

    @property
    def feasible(self) -> bool:
        return self.status != INFEASIBLE


@dataclass(frozen=True)
class FrontierStep:
    factor: float
    budget: int  # the total money of the step (all years)
    selection: Selection
    entering: tuple[str, ...] = ()  # chosen here, not at the step before
    leaving: tuple[str, ...] = ()  # chosen at the step before, not here


# ---- dependencies --------------------------------------------------------------------------------------------


def dependency_cycles(candidates: Sequence[Candidate]) -> list[tuple[str, ...]]:
    """The circular dependencies among the candidates (strongly connected groups of two or more, or a candidate
    needing itself), each as a cycle of keys starting from its smallest key. Tarjan's algorithm, iteratively."""
    graph = {c.key: [r for r in c.requires if r != c.key] for c in candidates}
    keys = set(graph)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            nexts = [n for n in graph[node] if n in keys]
            if i < len(nexts):
                work.append((node, i + 1))
                nxt = nexts[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    group.append(top)
                    if top == node:
                        break
                groups.append(group)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    selfloops = [[c.key] for c in candidates if c.key in c.requires]
    return [_as_cycle(g, graph) for g in groups if len(g) > 1] + [(g[0], g[0]) for g in selfloops]


def _as_cycle(group: list[str], graph: dict[str, list[str]]) -> tuple[str, ...]:
    """A readable cycle through a strongly connected group: from its smallest key, following needs inside the group
    until a key repeats."""
    members = set(group)
    path = [min(group)]
    while True:
        nxt = min(n for n in graph[path[-1]] if n in members)
        if nxt in path:
            return tuple(path[path.index(nxt) :] + [nxt])
        path.append(nxt)


def unavailable(candidates: Sequence[Candidate]) -> dict[str, Conflict]:
    """Candidates that can never be chosen, with the reason: in a circular dependency, or needing (directly or
    through others) a key that is not a candidate or is itself unavailable."""
    by_key = {c.key: c for c in candidates}
    out: dict[str, Conflict] = {}
    for cycle in dependency_cycles(candidates):
        for key in set(cycle):
            out.setdefault(key, Conflict("cycle", cycle))
    for c in candidates:
        for r in c.requires:
            if r not in by_key and c.key not in out:
                out[c.key] = Conflict("missing", (c.key,), missing=r)
    changed = True
    while changed:  # what needs an unavailable candidate is unavailable too, for the same reason
        changed = False
        for c in candidates:
            if c.key in out:
                continue
            blocked = next((r for r in c.requires if r in out), None)
            if blocked:
                out[c.key] = out[blocked]
                changed = True
    return out


def forced(problem: Problem) -> list[str]:
    """The mandatory candidates and, transitively, every candidate they need (keys that are not candidates are
    left out: `unavailable` reports them)."""
    by_key = {c.key: c for c in problem.candidates}
    todo = [c.key for c in problem.candidates if c.mandatory]
    seen: dict[str, None] = {}
    while todo:
        key = todo.pop()
        if key in seen or key not in by_key:
            continue
        seen[key] = None
        todo.extend(by_key[key].requires)
    return sorted(seen)


# ---- infeasibility ------------------------------------------------------------------------------------------


def diagnose(problem: Problem) -> list[Conflict]:
    """Every constraint the forced set breaks on its own; empty when the problem is feasible (exact, see above)."""
    by_key = {c.key: c for c in problem.candidates}
    must = forced(problem)
    blocked = unavailable(problem.candidates)
    conflicts: list[Conflict] = []
    seen_reasons = set()
    for key in must:
        if key in blocked and blocked[key] not in seen_reasons:
            seen_reasons.add(blocked[key])
            conflicts.append(blocked[key])
    for year, limit in sorted(problem.budgets.items()):
        need = sum(by_key[k].cost_in(year) for k in must)
        if need > limit:
            keys = tuple(k for k in must if by_key[k].cost_in(year))
            conflicts.append(Conflict("budget", keys, year=year, amount=need, limit=limit))
    for (year, source), limit in sorted(problem.source_budgets.items()):
        need = sum(by_key[k].cost_in(year, source) for k in must)
        if need > limit:
            keys = tuple(k for k in must if by_key[k].cost_in(year, source))
            conflicts.append(Conflict("source_budget", keys, year=year, source=source, amount=need, limit=limit))
    forced_set = set(must)
    for a, b in problem.exclusions:
        if a in forced_set and b in forced_set:
            conflicts.append(Conflict("exclusion", (a, b)))
    for life_event, limit in sorted(problem.life_event_limits.items()):
        keys = tuple(k for k in must if life_event in by_key[k].life_events)
        if len(keys) > limit:
            conflicts.append(Conflict("life_event_limit", keys, life_event=life_event, amount=len(keys), limit=limit))
    return conflicts


# ---- the integer program ------------------------------------------------------------------------------------


def solve(problem: Problem, *, time_limit: float = TIME_LIMIT_SECONDS) -> Selection:
    """The selection of greatest value that meets every constraint, or the reasons there is none."""
    conflicts = diagnose(problem)
    blocked = unavailable(problem.candidates)
    if conflicts:
        return Selection(INFEASIBLE, conflicts=tuple(conflicts), unavailable=tuple(sorted(blocked)))
    cands = problem.candidates
    n = len(cands)
    if n == 0:
        return Selection(OPTIMAL, spend={y: 0 for y in problem.budgets})
    pos = {c.key: i for i, c in enumerate(cands)}
    rows, cols, data, upper = [], [], [], []

    def add_row(entries: list[tuple[int, float]], ub: float) -> None:
        r = len(upper)
        for col, coef in entries:
            rows.append(r)
            cols.append(col)
            data.append(coef)
        upper.append(ub)

    for year, limit in problem.budgets.items():
        entries = [(i, c.cost_in(year)) for i, c in enumerate(cands) if c.cost_in(year)]
        if entries:
            add_row(entries, limit)
    for (year, source), limit in problem.source_budgets.items():
        entries = [(i, c.cost_in(year, source)) for i, c in enumerate(cands) if c.cost_in(year, source)]
        if entries:
            add_row(entries, limit)
    for c in cands:
        for r in c.requires:
            if r in pos and r != c.key:
                add_row([(pos[c.key], 1.0), (pos[r], -1.0)], 0)
    for a, b in problem.exclusions:
        if a in pos and b in pos and a != b:
            add_row([(pos[a], 1.0), (pos[b], 1.0)], 1)
    for life_event, limit in problem.life_event_limits.items():
        entries = [(i, 1.0) for i, c in enumerate(cands) if life_event in c.life_events]
        if entries:
            add_row(entries, limit)

    must = set(forced(problem))
    lower = np.array([1.0 if c.key in must else 0.0 for c in cands])
    top = np.array([0.0 if c.key in blocked else 1.0 for c in cands])
    biggest = max((c.total_cost for c in cands), default=0) or 1
    objective = np.array([-(c.value - TIE_BREAK * c.total_cost / biggest) for c in cands])
    if upper:
        matrix = coo_array((data, (rows, cols)), shape=(len(upper), n)).tocsr()
    else:
        matrix = coo_array((np.zeros(1), ([0], [0])), shape=(1, n)).tocsr()  # one empty row: nothing binds
        upper = [0.0]
    solved = fixing.solve(objective, matrix, np.array(upper, dtype=float), lower, top, time_limit=time_limit)
    if solved.x is None:  # no selection within the time (zero always meets every constraint; reported, not hidden)
        return Selection(TIME_LIMIT, unavailable=tuple(sorted(blocked)), gap=1.0)
    chosen = tuple(sorted(c.key for c, x in zip(cands, solved.x, strict=True) if x > 0.5))
    picked = [cands[pos[k]] for k in chosen]
    years = sorted({y for c in picked for (y, _s) in c.costs} | set(problem.budgets))
    return Selection(
        OPTIMAL if solved.optimal else TIME_LIMIT,
        chosen=chosen,
        value=sum(c.value for c in picked),
        spend={y: sum(c.cost_in(y) for c in picked) for y in years},
        unavailable=tuple(sorted(blocked)),
        gap=solved.gap,
    )


def frontier(
    problem: Problem,
    factors: Sequence[float] = FRONTIER_FACTORS,
    *,
    progress: Callable[[int, int], None] | None = None,
    time_limit: float = TIME_LIMIT_SECONDS,
    step_limit: float = STEP_SECONDS,
) -> list[FrontierStep]:
    """Value against budget: the problem solved with every budget scaled by each factor, with what enters and
    leaves the selection from one step to the next. The scenario's own budget (factor 1) has `time_limit`, the other
    steps `step_limit` each: small portfolios are proven optimal at every step in milliseconds; with thousands of
    candidates a step that is not proven in its time keeps its best selection, marked with its proven gap."""
    steps: list[FrontierStep] = []
    before: set[str] = set()
    for i, factor in enumerate(sorted(factors)):
        scaled = problem.scaled(factor)
        selection = solve(scaled, time_limit=time_limit if factor == 1.0 else min(time_limit, step_limit))
        now = set(selection.chosen)
        steps.append(
            FrontierStep(
                factor,
                sum(scaled.budgets.values()),
                selection,
                entering=tuple(sorted(now - before)) if i else (),
                leaving=tuple(sorted(before - now)) if i else (),
            )
        )
        before = now
        if progress:
            progress(i + 1, len(factors))
    return steps
