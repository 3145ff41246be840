"""Reads for the budget scenarios: the candidates and their costs, values, dependencies and life events gathered
into a `governance.optimise.Problem`, and the pages' rows built from a solved scenario's stored result.

A candidate is a running measure (planned or ongoing) or a proposal on the table (steps 3 and 4). Its value is its
priority value, the very figure the priorities rank by (`drivers.Weighting.value_of`: `lifeevents.figures`'
priority_value of the weighted innovation potential of its reviews, `portfolio.queries.scoring.scored`, a
measure having its origin proposal's, and its score against the strategic drivers, under the driver weights in
force); neither known counts as 0. The weights' version is recorded with the solved scenario. Its cost per year is
`candidate_costs`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.links import row_url
from lifeevents import figures
from lifeevents.models import LifeEvent
from portfolio.choices import DependencyKind, MeasureStatus, Qualification
from portfolio.models import Dependency, Measure, Proposal
from portfolio.queries.scoring import scored
from portfolio.workflow import DECIDABLE

from . import optimise
from .drivers import Weighting, scores_for, weighting_in_force
from .models import Funding
from .scenario_models import Scenario

RUNNING = (MeasureStatus.PLANNED, MeasureStatus.ONGOING)


def measure_key(pk: int) -> str:
    return f"T{pk}"  # tiltak


def proposal_key(pk: int) -> str:
    return f"F{pk}"  # forslag


def candidate_costs(*, years: list[int], budget, start=None, end=None, fundings=()) -> dict[tuple[int, str], int]:
    """A candidate's cost per (year, funding source): its funding rows with an amount when it has any; otherwise its
    budget (a measure's `figures.measure_budget`, a proposal's estimated cost) spread evenly over the scenario years
    its dates cover, or all in the scenario's first year. Unknown budget: no cost."""
    costs: dict[tuple[int, str], int] = defaultdict(int)
    for f in fundings:
        if f["amount"] is not None:
            costs[(f["year"], f["source__name"])] += int(f["amount"])
    if costs or budget is None or not years:
        return dict(costs)
    covered = [y for y in years if (start is None or y >= start.year) and (end is None or y <= end.year)]
    covered = covered if (start or end) and covered else years[:1]
    share, rest = divmod(int(budget), len(covered))
    for i, year in enumerate(covered):
        costs[(year, "")] += share + (rest if i == 0 else 0)
    return dict(costs)


@dataclass
class Gathered:
    problem: optimise.Problem
    titles: dict[str, str]
    urls: dict[str, str]
    unscored: set[str]
    weighting: Weighting | None = None  # the driver weights the values were computed with


def problem_for(scenario: Scenario) -> Gathered:
    """The scenario's integer program over today's candidates. A fixed number of queries."""
    years = sorted(int(y) for y in scenario.budgets)
    measures = list(
        Measure.objects.filter(status__in=RUNNING).values(
            "pk", "title", "budget", "start_date", "end_date", "origin_proposal_id"
        )
    )
    proposals = list(
        Proposal.objects.filter(status__in=DECIDABLE).values(
            "pk", "title", "estimated_cost", "qualification", "related_measure_id"
        )
    )
    measure_ids = [m["pk"] for m in measures]
    fundings = defaultdict(list)
    for f in Funding.objects.filter(measure_id__in=measure_ids).values("measure_id", "year", "amount", "source__name"):
        fundings[f["measure_id"]].append(f)
    life_events = defaultdict(list)
    for link in Measure.life_events.through.objects.filter(measure_id__in=measure_ids).values(
        "measure_id", "lifeevent_id"
    ):
        life_events[measure_key(link["measure_id"])].append(link["lifeevent_id"])
    for link in Proposal.life_events.through.objects.filter(proposal_id__in=[p["pk"] for p in proposals]).values(
        "proposal_id", "lifeevent_id"
    ):
        life_events[proposal_key(link["proposal_id"])].append(link["lifeevent_id"])
    requires = defaultdict(list)
    for d in (
        Dependency.objects.filter(kind=DependencyKind.DEPENDS_ON, from_measure_id__in=measure_ids)
        .exclude(to_measure__status=MeasureStatus.COMPLETED)
        .values("from_measure_id", "to_measure_id")
    ):
        requires[measure_key(d["from_measure_id"])].append(measure_key(d["to_measure_id"]))
    for p in proposals:
        if p["qualification"] == Qualification.EXTENDS and p["related_measure_id"]:
            requires[proposal_key(p["pk"])].append(measure_key(p["related_measure_id"]))
    results = scored(
        [p["pk"] for p in proposals] + [m["origin_proposal_id"] for m in measures if m["origin_proposal_id"]]
    )
    weighting = weighting_in_force()
    scores = scores_for(measure_ids=measure_ids, proposal_ids=[p["pk"] for p in proposals])
    mandatory = set(scenario.mandatory.values_list("pk", flat=True)) if scenario.pk else set()
    candidates, titles, urls, unscored = [], {}, {}, set()
    measure_url, proposal_url = row_url("portfolio:measure_detail"), row_url("portfolio:proposal_detail")  # once

    def value_of(proposal_id, key) -> float:
        potential = results.potential(proposal_id)
        value = weighting.value_of(potential, scores.get(key, {}))
        if value is None:
            unscored.add(key)
        return round(value or 0.0, 4)

    for m in measures:
        key = measure_key(m["pk"])
        costs = candidate_costs(
            years=years,
            budget=figures.measure_budget(m),
            start=m["start_date"],
            end=m["end_date"],
            fundings=fundings[m["pk"]],
        )
        candidates.append(
            optimise.Candidate(
                key,
                m["title"],
                value_of(m["origin_proposal_id"], key),
                costs,
                tuple(life_events[key]),
                m["pk"] in mandatory,
                tuple(requires[key]),
            )
        )
        titles[key], urls[key] = m["title"], measure_url(m["pk"])
    for p in proposals:
        key = proposal_key(p["pk"])
        costs = candidate_costs(years=years, budget=p["estimated_cost"])
        candidates.append(
            optimise.Candidate(
                key, p["title"], value_of(p["pk"], key), costs, tuple(life_events[key]), False, tuple(requires[key])
            )
        )
        titles[key], urls[key] = p["title"], proposal_url(p["pk"])
    source_budgets = {}
    for composite, amount in scenario.source_budgets.items():
        year, source = composite.split("|", 1)
        source_budgets[(int(year), source)] = int(amount)
    problem = optimise.Problem(
        candidates=tuple(candidates),
        budgets={int(y): int(a) for y, a in scenario.budgets.items()},
        source_budgets=source_budgets,
        exclusions=tuple(tuple(pair) for pair in scenario.exclusions),
        life_event_limits={int(le): int(n) for le, n in scenario.life_event_limits.items()},
    )
    return Gathered(problem, titles, urls, unscored, weighting)


# ---- the pages ---------------------------------------------------------------------------------------------------


def conflict_message(conflict: dict, titles: dict[str, str], life_events: dict[int, str]) -> str:
    """One infeasibility, in words: which constraint the measures that must stay cannot meet."""
    kind = conflict["kind"]
    params = {
        "names": ", ".join(titles.get(k, k) for k in conflict["keys"]),
        "amount": _nok(conflict["amount"]),
        "limit": _nok(conflict["limit"]),
        "year": conflict["year"],
        "source": conflict["source"],
        "chain": " → ".join(titles.get(k, k) for k in conflict["keys"]),
        "missing": titles.get(conflict["missing"], conflict["missing"]),
        "life_event": life_events.get(conflict["life_event"], conflict["life_event"]),
    }
    messages = {
        "budget": _(
            "The measures that must stay cost %(amount)s NOK in %(year)s, but the budget for that year is "
            "%(limit)s NOK (%(names)s)."
        ),
        "source_budget": _(
            "The measures that must stay need %(amount)s NOK from %(source)s in %(year)s, but that source has "
            "%(limit)s NOK (%(names)s)."
        ),
        "cycle": _(
            "Circular dependency: %(chain)s. None of them can start before the others, so a measure that must "
            "stay can never be chosen."
        ),
        "missing": _(
            "%(names)s must stay (or is needed by a measure that must), but it depends on a measure that is no "
            "longer running (%(missing)s)."
        ),
        "exclusion": _("%(names)s must all stay, but they exclude each other."),
        "life_event_limit": _(
            "%(amount)s measures that must stay belong to %(life_event)s, but at most %(limit)s may be chosen there."
        ),
    }
    return messages.get(kind, _("The solver found no selection that meets every constraint.")) % params


def _nok(amount) -> str:
    return f"{int(amount):,}".replace(",", "\u00a0")


@dataclass
class Row:
    key: str
    title: str
    url: str
    value: float
    cost: int
    chosen: bool = False


@dataclass
class ChartPoint:
    budget: int
    value: float
    x: float
    y: float
    label: str


@dataclass
class FrontierRow:
    factor: float
    budget: int
    status: str
    value: float | None
    chosen: int
    entering: list[Row]
    leaving: list[Row]
    current: bool


@dataclass
class ScenarioPage:
    scenario: Scenario
    result: dict | None
    chosen: list[Row]
    conflicts: list[str]
    frontier: list[FrontierRow]
    points: list[ChartPoint]
    polyline: str
    axis: dict
    spend: list[tuple[int, int, int]]  # year, spent, budget

    @property
    def infeasible(self) -> bool:
        return bool(self.result) and self.result.get("status") == optimise.INFEASIBLE


# The chart: viewBox 0 0 480 300; plot area 70–460 across, 250–20 up.
X0, X1, Y0, Y1 = 70, 460, 250, 20


def scenario_page(scenario: Scenario) -> ScenarioPage:
    """What the scenario's page shows, from its stored result (no query beyond the life events' names)."""
    result = scenario.result
    budgets = {int(y): int(a) for y, a in scenario.budgets.items()}
    if not result:
        return ScenarioPage(scenario, None, [], [], [], [], "", {}, [(y, 0, b) for y, b in sorted(budgets.items())])
    cands = result["candidates"]  # key -> [title, url, value, cost]

    def row(key: str, chosen: bool = False) -> Row:
        title, url, value, cost = cands.get(key, [key, "", 0, 0])
        return Row(key, title, url, value, cost, chosen)

    titles = {k: v[0] for k, v in cands.items()}
    names = {le.pk: le.name for le in LifeEvent.objects.all()} if result.get("conflicts") else {}
    conflicts = [conflict_message(c, titles, names) for c in result.get("conflicts", [])]
    chosen = sorted((row(k, True) for k in result.get("chosen", [])), key=lambda r: (-r.value, r.cost, r.title))
    steps = result.get("frontier", [])
    frontier = [
        FrontierRow(
            s["factor"],
            s["budget"],
            s["status"],
            s["value"],
            s["chosen"],
            [row(k) for k in s["entering"]],
            [row(k) for k in s["leaving"]],
            s["factor"] == 1.0,
        )
        for s in steps
    ]
    points, polyline, axis = _chart(frontier)
    spend = [(y, int(result.get("spend", {}).get(str(y), 0)), b) for y, b in sorted(budgets.items())]
    return ScenarioPage(scenario, result, chosen, conflicts, frontier, points, polyline, axis, spend)


def _chart(frontier: list[FrontierRow]) -> tuple[list[ChartPoint], str, dict]:
    solved = [f for f in frontier if f.value is not None]
    if not solved:
        return [], "", {}
    max_budget = max(f.budget for f in solved) or 1
    max_value = max(f.value for f in solved) or 1
    points = [
        ChartPoint(
            f.budget,
            f.value,
            round(X0 + f.budget / max_budget * (X1 - X0), 1),
            round(Y0 - f.value / max_value * (Y0 - Y1), 1),
            f"{f.value:.1f}",
        )
        for f in solved
    ]
    polyline = " ".join(f"{p.x},{p.y}" for p in points)
    axis = {"max_budget": _nok(max_budget), "max_value": f"{max_value:.1f}", "x0": X0, "x1": X1, "y0": Y0, "y1": Y1}
    return points, polyline, axis


@dataclass
class Side:
    scenario: Scenario
    page: ScenarioPage
    only_here: list[Row]


def comparison(a: Scenario, b: Scenario) -> tuple[Side, Side, list[Row]]:
    """Two scenarios side by side: each one's page, what only it chooses, and what both choose."""
    pa, pb = scenario_page(a), scenario_page(b)
    ka, kb = {r.key: r for r in pa.chosen}, {r.key: r for r in pb.chosen}
    both = [ka[k] for k in ka if k in kb]
    return (
        Side(a, pa, [r for k, r in ka.items() if k not in kb]),
        Side(b, pb, [r for k, r in kb.items() if k not in ka]),
        both,
    )
