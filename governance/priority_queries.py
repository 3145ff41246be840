"""The priorities: candidate proposals (steps 3 and 4) and running measures ranked by the priority value, with
why each ranks where it does and how sure the ranking is (the reviewers' spread).

The rank is over the whole portfolio. The priority value (`lifeevents.figures.priority_value`) mixes the scoring
page's weighted innovation potential (`portfolio.queries.scoring.scored`) with the candidate's score against
the office's strategic drivers (`lifeevents.figures.driver_score`, the weights in force: governance/drivers.py) by
the rubric's share; lower complexity breaks ties; each user sees the rows they may see, with their
rank in the whole: the office every row; agency staff and ministries the running measures they may see (their own, or
their life events'), never a proposal's scores (the reveal rule of step 3 keeps those with the office).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef

from core import access
from lifeevents import figures
from portfolio.choices import CriterionAxis
from portfolio.models import Measure, Proposal
from portfolio.queries.scoring import DISAGREEMENT_SPREAD, Result, scored
from portfolio.workflow import DECIDABLE

from .drivers import Weighting, scores_for, weighting_in_force
from .scenario_queries import RUNNING, measure_key, proposal_key

LIMIT = 200  # rows shown; the rank is still over every candidate


@dataclass
class Ranked:
    rank: int
    key: str
    title: str
    url: str
    is_measure: bool
    result: Result | None
    value: float | None = None  # the priority value
    drivers: float | None = None  # the weighted driver score (0–5)
    contributions: tuple = ()  # (driver name, score, weight) for each driver scored

    @property
    def pk(self) -> int:
        return int(self.key[1:])

    @property
    def potential(self) -> float | None:
        return self.result.potential if self.result else None

    @property
    def complexity(self) -> float | None:
        return self.result.complexity if self.result else None

    @property
    def reviewers(self) -> int:
        return self.result.reviewers if self.result else 0

    @property
    def spread(self) -> int | None:
        """The largest difference between two reviewers' scores on one criterion."""
        spreads = [r.high - r.low for r in self.result.rows if r.values] if self.result else []
        return max(spreads) if spreads else None

    @property
    def certainty(self) -> str:
        """ "none" (not assessed), "one" (a single reviewer), "disagree" (a spread of DISAGREEMENT_SPREAD or more)
        or "agree"."""
        if not self.reviewers:
            return "none"
        if self.spread is not None and self.spread >= DISAGREEMENT_SPREAD:
            return "disagree"
        return "one" if self.reviewers == 1 else "agree"


def _sort_key(row: tuple) -> tuple:
    key, title, _source, axes, value = row
    complexity = axes.get(CriterionAxis.COMPLEXITY) if axes else None
    return (-(value if value is not None else -1), 6 if complexity is None else complexity, title, key)


def priority_list(user, *, limit: int = LIMIT) -> tuple[list[Ranked], int, Weighting]:
    """The ranked rows `user` may see (at most `limit`), the number of candidates ranked and the weighting used.
    Seven queries. Every candidate is ranked by its axes (`Scored.axes`); the results of the rows listed alone are
    built (`Scored.result`: each criterion's scores, for how sure the ranking is)."""
    weighting = weighting_in_force()
    # every running measure is ranked; those the user may see (the one policy) are listed
    may_see = Exists(Measure.objects.visible_to(user).filter(pk=OuterRef("pk")))
    measures = list(
        Measure.objects.filter(status__in=RUNNING).values("pk", "title", "origin_proposal_id", visible=may_see)
    )
    proposals = list(Proposal.objects.filter(status__in=DECIDABLE).values("pk", "title"))
    results = scored(
        [p["pk"] for p in proposals] + [m["origin_proposal_id"] for m in measures if m["origin_proposal_id"]]
    )
    axes = {pk: results.axes(pk) for pk in results.values}  # a measure's are those of the proposal it came from
    scores = scores_for(measure_ids=[m["pk"] for m in measures], proposal_ids=[p["pk"] for p in proposals])
    candidates = [(measure_key(m["pk"]), m["title"], m["origin_proposal_id"]) for m in measures]
    candidates += [(proposal_key(p["pk"]), p["title"], p["pk"]) for p in proposals]
    rows = []
    for key, title, source in candidates:  # (source: the proposal whose reviews it has)
        own = axes.get(source)
        potential = own[CriterionAxis.POTENTIAL] if own else None
        rows.append((key, title, source, own, weighting.value_of(potential, scores.get(key, {}))))
    rows.sort(key=_sort_key)
    visible = {measure_key(m["pk"]) for m in measures if m["visible"]}
    if access.scope(user) == access.Scope.ALL:  # proposals' scores stay with the office (the reveal rule of step 3)
        visible |= {proposal_key(p["pk"]) for p in proposals}
    out = []
    names = {d.pk: d.name for d in weighting.drivers}
    for rank, (key, title, source, _axes, value) in enumerate(rows, start=1):
        if key not in visible:
            continue
        is_measure = key.startswith("T")
        pk = int(key[1:])
        url = (Measure(pk=pk) if is_measure else Proposal(pk=pk)).get_absolute_url()
        own = scores.get(key, {})
        contributions = tuple(
            (names[d], v, weighting.weights.get(d, 0.0)) for d, v in sorted(own.items()) if d in names
        )
        drivers = figures.driver_score(own, weighting.weights)
        result = results.result(source) if source else None
        out.append(Ranked(rank, key, title, url, is_measure, result, value, drivers, contributions))
        if len(out) >= limit:
            break
    return out, len(rows), weighting
