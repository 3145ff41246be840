"""Exact reduction of a budget scenario's integer program before branch and bound: reduced-cost fixing.

The program is `min c·x` subject to `A x <= b`, `lo <= x <= hi`, x integer (governance/optimise.py builds it). Solving
its LP relaxation gives duals `y <= 0` and reduced costs `r = c - Aᵀy`; for every x that meets the constraints,

    c·x  >=  yᵀb + Σ_j r_j x_j  >=  L + Σ_j |r_j| · (distance of x_j from the bound where r_j puts it),

where `L = yᵀb + Σ_j min(r_j lo_j, r_j hi_j)` is the Lagrangian lower bound (valid for any y <= 0, computed here,
not trusted from the solver). A feasible integer selection (the incumbent, value z) is made by rounding the LP
solution down and adding candidates greedily while every row still holds. A variable whose move away from its bound
would cost more than `z - L` cannot differ from that bound in any selection at least as good as the incumbent, so it
is fixed there: every optimal selection of the whole program is a selection of the reduced one, and the reduced
program (typically a few hundred of thousands of candidates) is what the solver proves optimal. Nothing is
approximated: a variable is fixed only with a margin, and when the LP gives no usable duals nothing is fixed.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, linprog, milp
from scipy.sparse import csc_array

TOLERANCE = 1e-6  # a row holds up to this (the data are whole kroner and counts: sums are exact in floating point)
CORE = 1000  # variables re-chosen exactly to improve the incumbent
MARGIN = 1e-7  # relative safety margin on the bound comparison (floating point), in favour of not fixing


@dataclass(frozen=True)
class Solved:
    x: np.ndarray | None  # the selection (None: none found in the time)
    optimal: bool  # proven optimal
    gap: float  # proven relative distance to the best possible (0 when optimal)
    fixed: int  # variables fixed by the reduction


def solve(objective, matrix, rhs, lower, upper, *, time_limit: float) -> Solved:
    """The integer program solved exactly: reduced (`reduce`), the free variables' sub-program solved by HiGHS with
    a zero gap, the fixed values put back. When the time limit comes before a proof, the better of the solver's
    best and the incumbent is returned, with the gap to the proven bound."""
    objective, rhs = np.asarray(objective, dtype=float), np.asarray(rhs, dtype=float)
    reduction = reduce(objective, matrix, rhs, lower, upper)
    lower, upper = reduction.lower, reduction.upper
    free = np.flatnonzero(lower < upper)
    x = lower.copy()
    if len(free):
        columns = csc_array(matrix)
        held = lower.copy()
        held[free] = 0.0
        rest = rhs - columns @ held  # what the fixed variables leave of each row
        sub = columns[:, free].tocsr()
        rows = np.flatnonzero(np.diff(sub.indptr))  # rows that still hold a free variable
        result = milp(
            objective[free],
            integrality=np.ones(len(free)),
            bounds=Bounds(lower[free], upper[free]),
            constraints=[LinearConstraint(sub[rows], -np.inf, rest[rows])] if len(rows) else [],
            options={"mip_rel_gap": 0.0, "time_limit": time_limit, "presolve": True},
        )
        if result.x is None and reduction.incumbent is None:
            return Solved(None, False, 0.0, reduction.fixed)
        if result.x is not None:
            x[free] = np.round(result.x)
        if result.status != 0:  # the time limit: the better of the solver's best and the incumbent, with the gap
            incumbent = reduction.incumbent
            if incumbent is not None and (result.x is None or objective @ incumbent < objective @ x):
                x = incumbent.copy()
            best = float(objective @ x)
            dual = getattr(result, "mip_dual_bound", None)
            held_value = float(objective @ held)  # the fixed variables' part of the objective
            bound = max(reduction.bound, held_value + dual if dual is not None and np.isfinite(dual) else -np.inf)
            gap = abs(best - bound) / max(abs(best), 1e-9) if np.isfinite(bound) else 1.0
            return Solved(x, False, gap, reduction.fixed)
    return Solved(x, True, 0.0, reduction.fixed)


@dataclass(frozen=True)
class Reduction:
    lower: np.ndarray  # the tightened bounds: equal where a variable is fixed
    upper: np.ndarray
    fixed: int  # how many variables were fixed here (beyond those fixed by the caller)
    incumbent: np.ndarray | None = None  # a feasible integer point (None: the LP gave no usable answer)
    bound: float = -np.inf  # the Lagrangian lower bound of the minimisation


def reduce(objective, matrix, rhs, lower, upper, *, core: int = CORE, time_limit: float = 1.0) -> Reduction:
    """Bounds tightened by reduced-cost fixing against the best incumbent found; the same bounds when the LP
    relaxation gives no usable answer. `matrix` is a SciPy sparse matrix of the `<=` rows, `rhs` their right-hand
    sides. The incumbent is the LP solution rounded and filled greedily, then improved by solving the `core`
    variables of smallest reduced cost exactly with every other variable held at the greedy point (a restriction of
    the program, so its solution is feasible for the whole; it only makes the incumbent, never the fixing, better)."""
    lower, upper = np.asarray(lower, dtype=float), np.asarray(upper, dtype=float)
    unchanged = Reduction(lower, upper, 0)
    if matrix is None or matrix.shape[0] == 0:
        return unchanged
    lp = linprog(objective, A_ub=matrix, b_ub=rhs, bounds=np.column_stack([lower, upper]), method="highs")
    if lp.status != 0 or lp.x is None or getattr(lp, "ineqlin", None) is None:
        return unchanged
    y = np.minimum(np.asarray(lp.ineqlin.marginals, dtype=float), 0.0)  # duals of <= rows in a minimisation
    reduced = objective - matrix.T @ y
    bound = float(y @ rhs + np.minimum(reduced * lower, reduced * upper).sum())
    incumbent = _incumbent(objective, csc_array(matrix), rhs, lower, upper, lp.x, reduced)
    if incumbent is None:
        return unchanged
    free = lower < upper
    if free.sum() > core:
        incumbent = _improve(objective, matrix, rhs, lower, upper, incumbent, reduced, core, time_limit)
    gap = float(objective @ incumbent) - bound
    margin = gap + MARGIN * (1.0 + abs(bound))
    # Moving a variable one unit off its bound costs at least |r_j| (the bound above): fixed when that exceeds the gap
    to_lower = (reduced > 0) & (reduced > margin)
    to_upper = (reduced < 0) & (-reduced > margin)
    new_lower, new_upper = lower.copy(), upper.copy()
    new_upper[to_lower] = lower[to_lower]
    new_lower[to_upper] = upper[to_upper]
    return Reduction(new_lower, new_upper, int(((to_lower | to_upper) & free).sum()), incumbent, bound)


def _improve(objective, matrix, rhs, lower, upper, incumbent, reduced, core, time_limit) -> np.ndarray:
    """The incumbent with its `core` free variables of smallest |reduced cost| re-chosen exactly (the others held)."""
    free = np.flatnonzero(lower < upper)
    chosen = free[np.argsort(np.abs(reduced[free]), kind="stable")[:core]]
    lo, hi = incumbent.copy(), incumbent.copy()
    lo[chosen], hi[chosen] = lower[chosen], upper[chosen]
    result = milp(
        objective,
        integrality=np.ones(len(objective)),
        bounds=Bounds(lo, hi),
        constraints=[LinearConstraint(matrix, -np.inf, rhs)],
        options={"time_limit": time_limit, "presolve": True},
    )
    if result.x is None:
        return incumbent
    better = np.round(result.x)
    if np.all(matrix @ better <= rhs + TOLERANCE) and objective @ better < objective @ incumbent:
        return better
    return incumbent


def _incumbent(objective, matrix: csc_array, rhs, lower, upper, x_lp, reduced) -> np.ndarray | None:
    """A feasible integer point: the LP solution rounded down (to the lower bound where that breaks a row through a
    negative coefficient, i.e. a dependency), then variables raised one at a time, most attractive reduced cost
    first, while every row holds. None when even that fails (the caller then fixes nothing)."""
    x = np.maximum(np.floor(x_lp + 1e-9), lower)
    x = np.minimum(x, upper)
    indptr, indices, data = matrix.indptr, matrix.indices, matrix.data
    rows = matrix.tocsr()
    activity = matrix @ x
    for _ in range(len(x) + 1):  # lower what breaks a row, until every row holds
        broken = np.flatnonzero(activity > rhs + TOLERANCE)
        if not len(broken):
            break
        start, end = rows.indptr[broken[0]], rows.indptr[broken[0] + 1]
        entries = zip(rows.indices[start:end], rows.data[start:end], strict=True)
        cols = [int(j) for j, a in entries if a > 0 and x[j] > lower[j]]
        if not cols:
            return None
        j = max(cols, key=lambda k: objective[k])  # give up the least valuable first
        x[j] -= 1
        activity[indices[indptr[j] : indptr[j + 1]]] -= data[indptr[j] : indptr[j + 1]]
    else:
        return None
    for j in np.argsort(reduced, kind="stable"):
        if objective[j] >= 0:
            continue
        while x[j] < upper[j]:
            col = indices[indptr[j] : indptr[j + 1]]
            step = data[indptr[j] : indptr[j + 1]]
            if np.any(activity[col] + step > rhs[col] + TOLERANCE):
                break
            activity[col] += step
            x[j] += 1
    return x
