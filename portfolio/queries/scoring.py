"""Reads for step 3: a proposal's scoring page, its result (weighted, spread, disagreement), the innovation-potential
× complexity matrix, the reviewer's work queue and the reviews falling due. Constant query counts throughout."""

from __future__ import annotations

import hashlib
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    prefetch_related_objects,
)
from django.utils import timezone
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from core import access
from core.dashboard import read_once
from core.links import row_url

from ..choices import CriterionAxis, ProposalStatus
from ..models import Criterion, Proposal, ReviewAssignment, Score
from ..rules import see_scores_filter
from ..workflow import DECIDABLE
from .rows import any_key

DISAGREEMENT_SPREAD = 2  # reviewers disagree on a criterion when their highest and lowest score differ this much
REMINDER_DAYS = 2  # a review "falls due" this many days before its due date
MATRIX_MIDPOINT = 3  # the quadrant lines of the matrix, on the 1–5 scale
QUADRANTS = {
    "quick": _("High potential, low complexity"),
    "strategic": _("High potential, high complexity"),
    "small": _("Low potential, low complexity"),
    "doubtful": _("Low potential, high complexity"),
}


@dataclass
class CriterionResult:
    criterion: Criterion
    values: list[int]

    @property
    def count(self) -> int:
        return len(self.values)

    @property
    def mean(self) -> float | None:
        return statistics.fmean(self.values) if self.values else None

    @property
    def low(self) -> int | None:
        return min(self.values) if self.values else None

    @property
    def high(self) -> int | None:
        return max(self.values) if self.values else None

    @property
    def stdev(self) -> float | None:
        return statistics.pstdev(self.values) if self.values else None

    @property
    def disagreement(self) -> bool:
        return disagree(self.values)


@dataclass
class Result:
    rows: list[CriterionResult]
    reviewers: int = 0
    axes: dict[str, float | None] = field(default_factory=dict)  # axis -> weighted mean on the 1–5 scale

    @property
    def disagreement(self) -> bool:
        return any(r.disagreement for r in self.rows)

    @property
    def potential(self) -> float | None:
        return self.axes.get(CriterionAxis.POTENTIAL)

    @property
    def complexity(self) -> float | None:
        return self.axes.get(CriterionAxis.COMPLEXITY)

    @property
    def axis_rows(self) -> list[tuple[str, float | None]]:
        return [(label, self.axes.get(value)) for value, label in CriterionAxis.choices]


AXES = tuple(CriterionAxis.values)  # the enum builds this list on every access; once per process is enough


def disagree(values: list[int]) -> bool:
    """Reviewers disagree on a criterion when their highest and lowest submitted score differ this much."""
    return bool(values) and max(values) - min(values) >= DISAGREEMENT_SPREAD


def weighted_axes(rows) -> dict[str, float | None]:
    """Each axis's weighted mean of its criteria's mean scores, on the 1–5 scale (None when none of them has a
    score): `rows` are (axis, weight, submitted values) of the criteria, in the rubric's order. The one definition
    of a proposal's result, for its scoring page (`result_from`) and the matrix."""
    weights, totals = dict.fromkeys(AXES, 0), dict.fromkeys(AXES, 0)
    for axis, weight, values in rows:  # in one pass (the matrix asks this of a hundred proposals a page)
        if values and axis in weights:
            weights[axis] += weight
            totals[axis] += weight * (sum(values) / len(values))  # statistics.fmean, of integers
    return {axis: totals[axis] / weights[axis] if weights[axis] else None for axis in AXES}


def result_from(criteria: list[Criterion], values: dict[int, list[int]], reviewers: int) -> Result:
    """Weighted result of submitted scores: `values` maps criterion id → the submitted values."""
    rows = [CriterionResult(c, values.get(c.pk, [])) for c in criteria]
    axes = weighted_axes((r.criterion.axis, r.criterion.weight, r.values) for r in rows)
    return Result(rows=rows, reviewers=reviewers, axes=axes)


def _submitted(proposal_ids):
    """The scores of the proposals' submitted reviews (not withdrawn), the keys as one array parameter (thousands of
    them on the priorities' page)."""
    return Score.objects.filter(
        any_key("assignment__proposal_id", list(proposal_ids)),
        assignment__submitted_at__isnull=False,
        assignment__withdrawn_at__isnull=True,
    )


def _submitted_scores(proposal_ids, *fields) -> list[dict]:
    return list(
        _submitted(proposal_ids).values("assignment__proposal_id", "assignment_id", "criterion_id", "value", *fields)
    )


def _criteria_for(used: set[int], call_id=None) -> list[Criterion]:
    """The criteria in use (the standard rubric and the call's own, `Criterion.objects.for_call`) plus those of
    `used`, the criteria that carry scores (retired ones, and other calls' criteria of the proposals asked about)."""
    in_use = Criterion.objects.for_call(call_id).filter(is_active=True)
    return list(Criterion.objects.filter(Q(pk__in=in_use.values("pk")) | Q(pk__in=used)))


@dataclass
class Scored:
    """The submitted scores of many proposals, read at once (`scored`): what ranks each of them (`axes`: its
    potential and complexity) for all of them, and its whole `Result` (each criterion's scores) for those shown."""

    criteria: list[Criterion]
    values: dict[int, dict[int, list[int]]]  # proposal -> criterion -> the submitted values
    reviewers: dict[int, int]  # proposal -> its reviewers with a submitted review

    def __post_init__(self):
        self._rubric = [(c.pk, c.axis, c.weight) for c in self.criteria]  # read once, not once per proposal

    def __contains__(self, pk) -> bool:
        return pk in self.values

    def axes(self, pk) -> dict[str, float | None]:
        """The proposal's weighted axes, as its `result` has them (`weighted_axes`), without building the result."""
        own = self.values.get(pk, {})
        return weighted_axes((axis, weight, own.get(criterion)) for criterion, axis, weight in self._rubric)

    def potential(self, pk) -> float | None:
        """The proposal's innovation potential (`Result.potential`); None with no submitted review."""
        return self.axes(pk)[CriterionAxis.POTENTIAL] if pk in self.values else None

    def result(self, pk) -> Result | None:
        """The proposal's result, as its scoring page shows it (`result_from`); None with no submitted review."""
        return result_from(self.criteria, self.values[pk], self.reviewers[pk]) if pk in self.values else None


def scored(proposal_ids) -> Scored:
    """The submitted reviews of these proposals (those with none are left out), in two queries: the same `result_from`
    as the scoring page, for thousands of proposals (the priorities and the budget scenarios rank them all by their
    axes and show the results of a few). The caller decides who may see them."""
    scores = list(  # tuples, not a dict per score: a hundred thousand on the priorities' page
        _submitted(proposal_ids).values_list("assignment__proposal_id", "assignment_id", "criterion_id", "value")
    )
    criteria = _criteria_for({criterion for _pk, _assignment, criterion, _value in scores})
    values: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    reviewers: dict[int, set] = defaultdict(set)
    for pk, assignment, criterion, value in scores:
        values[pk][criterion].append(value)
        reviewers[pk].add(assignment)
    return Scored(criteria, dict(values), {pk: len(assignments) for pk, assignments in reviewers.items()})


def results_for(proposal_ids) -> dict[int, Result]:
    """Each proposal's `Result` (`scored`), those with no submitted review left out."""
    found = scored(proposal_ids)
    return {pk: found.result(pk) for pk in found.values}


@dataclass
class ScoringPage:
    proposal: Proposal
    criteria: list[Criterion]
    assignments: list[ReviewAssignment]
    mine: ReviewAssignment | None
    my_scores: dict[int, Score]
    revealed: bool
    result: Result | None
    others: list[ReviewAssignment]  # the other reviewers' assignments with their scores, only when revealed

    @property
    def active(self) -> list[ReviewAssignment]:
        return [a for a in self.assignments if a.withdrawn_at is None]

    @property
    def my_rows(self) -> list[tuple[Criterion, Score]]:
        return [(c, self.my_scores[c.pk]) for c in self.criteria if c.pk in self.my_scores]

    @property
    def submitted_count(self) -> int:
        return sum(1 for a in self.active if a.submitted_at)

    @property
    def all_submitted(self) -> bool:
        return bool(self.active) and self.submitted_count == len(self.active)


def scoring_page(proposal: Proposal, user) -> ScoringPage:
    """Everything the scoring page shows `user`; other reviewers' scores only when the reveal rule allows."""
    getattr(proposal, "_prefetched_objects_cache", {}).pop("review_assignments", None)  # always fresh
    prefetch_related_objects([proposal], _assignments_prefetch())
    assignments = list(proposal.review_assignments.all())
    revealed = access.can(user, "see_scores", proposal)
    mine = next((a for a in assignments if a.reviewer_id == user.pk and a.withdrawn_at is None), None)
    my_scores = {s.criterion_id: s for s in Score.objects.filter(assignment=mine)} if mine else {}
    result, others = None, []
    if revealed:
        scores = _submitted_scores([proposal.pk], "comment")
        values = defaultdict(list)
        by_assignment = defaultdict(dict)
        for s in scores:
            values[s["criterion_id"]].append(s["value"])
            by_assignment[s["assignment_id"]][s["criterion_id"]] = s
        criteria = _criteria_for({s["criterion_id"] for s in scores}, proposal.call_id)
        result = result_from(criteria, values, reviewers=len(by_assignment))
        for a in assignments:
            if a.submitted_at and a.withdrawn_at is None and a is not mine:
                a.score_row = [by_assignment[a.pk].get(r.criterion.pk) for r in result.rows]  # {value, comment}
                others.append(a)
    else:
        criteria = _criteria_for(set(my_scores), proposal.call_id)
    return ScoringPage(proposal, criteria, assignments, mine, my_scores, revealed, result, others)


# ---- the matrix -------------------------------------------------------------------------------------------


@dataclass
class MatrixPoint:
    pk: int  # the proposal's
    title: str
    potential: float  # its weighted result on the two axes (`weighted_axes`)
    complexity: float
    potential_text: str = ""  # the numbers of the table, formatted once (a decimal comma in Norwegian)
    complexity_text: str = ""
    url: str = ""  # the row as the table shows it, prepared once: the link, the quadrant's name, the counts
    label: str = ""
    reviewers: int = 0
    disagreement: bool = False

    @property
    def quadrant(self) -> str:
        high_potential = self.potential >= MATRIX_MIDPOINT
        high_complexity = self.complexity >= MATRIX_MIDPOINT
        return {(True, False): "quick", (True, True): "strategic", (False, False): "small", (False, True): "doubtful"}[
            (high_potential, high_complexity)
        ]

    @property
    def quadrant_label(self) -> str:
        return QUADRANTS[self.quadrant]

    # Position in the SVG (viewBox 0 0 440 440; plot area 60–420 across, 380–20 up), for scores on the 1–5 scale.
    @property
    def x(self) -> float:
        return round(60 + (self.complexity - 1) / 4 * 360, 1)

    @property
    def y(self) -> float:
        return round(380 - (self.potential - 1) / 4 * 360, 1)

    @property
    def label_y(self) -> float:
        return self.y + 4


MATRIX_MAX_POINTS = 100  # a readable chart; the filters narrow it


def assessment_matrix(user, *, life_event: int | None = None, limit: int = MATRIX_MAX_POINTS) -> list[MatrixPoint]:
    """The proposals on the table (steps 3 and 4) with at least one submitted review, placed by their weighted
    innovation potential (vertical) and complexity (horizontal): the `limit` most recently moved of those whose
    scores the user may see, optionally of one life event. The reveal rule (`see_scores`) is asked once, in the
    query: a reviewer does not see a proposal here until every reviewer of it has submitted. Two queries whatever
    the portfolio's size."""
    reviewed = ReviewAssignment.objects.filter(
        proposal_id=OuterRef("pk"), submitted_at__isnull=False, withdrawn_at__isnull=True
    )
    scope = Proposal.objects.visible_to(user).filter(Exists(reviewed), see_scores_filter(user))
    if life_event:
        scope = scope.filter(life_events__id=life_event)
    # The most recently moved on the table, read in order from its index (`proposal_decidable`)
    rows = scope.filter(status__in=DECIDABLE).order_by("-status_changed_at", "-pk").values_list("pk", "title")[:limit]
    titles = dict(rows)
    # Each proposal's submitted values per criterion, gathered by PostgreSQL: a row per proposal and criterion with
    # the criterion's axis and weight, in the rubric's order (as `result_from` weighs them)
    scores = (
        _submitted(titles)
        .values_list("assignment__proposal_id", "criterion_id", "criterion__axis", "criterion__weight")
        .annotate(values=ArrayAgg("value"), assignments=ArrayAgg("assignment_id"))  # one score each (`score_unique`)
        .order_by("criterion__sort_order", "criterion__name", "criterion_id")
    )
    by_proposal: dict[int, list[tuple]] = defaultdict(list)
    reviewers: dict[int, set] = defaultdict(set)
    for pk, _criterion, axis, weight, submitted, assignments in scores:
        by_proposal[pk].append((axis, weight, submitted))
        reviewers[pk].update(assignments)
    points = []
    url = row_url("portfolio:proposal_scoring")
    comma = get_format("DECIMAL_SEPARATOR")
    labels = {key: str(label) for key, label in QUADRANTS.items()}  # translated once per page, not per row
    for pk, title in titles.items():
        axes = weighted_axes(by_proposal.get(pk, ()))
        potential, complexity = axes[CriterionAxis.POTENTIAL], axes[CriterionAxis.COMPLEXITY]
        if potential is not None and complexity is not None:
            texts = f"{potential:.1f}".replace(".", comma), f"{complexity:.1f}".replace(".", comma)
            point = MatrixPoint(pk, title, potential, complexity, *texts, url(pk), "", len(reviewers[pk]))
            point.label, point.disagreement = labels[point.quadrant], any(disagree(v) for _, _, v in by_proposal[pk])
            points.append(point)
    return sorted(points, key=lambda p: (-p.potential, p.complexity, p.title))


def matrix_chart_key(points: list[MatrixPoint]) -> str:
    """What the matrix's chart draws (each point's place, number and title): the key of its cached SVG."""
    drawn = "\n".join(f"{p.pk}|{p.x}|{p.y}|{p.title}" for p in points)
    return hashlib.sha256(drawn.encode()).hexdigest()


def matrix_table_key(points: list[MatrixPoint]) -> str:
    """What the matrix's table shows (each row's link, title, numbers, quadrant, reviewers and agreement): the key of
    its cached rows, with the language."""
    shown = "\n".join(
        f"{p.url}|{p.title}|{p.potential_text}|{p.complexity_text}|{p.label}|{p.reviewers}|{p.disagreement}"
        for p in points
    )
    return hashlib.sha256(shown.encode()).hexdigest()


# ---- the reviewer's work -----------------------------------------------------------------------------------


@read_once  # the start page's review queue panel and its review tasks
def review_queue_for(user) -> list[ReviewAssignment]:
    """Assigned to me, not yet submitted: earliest due first, with how many criteria I have scored."""
    return list(
        ReviewAssignment.objects.active()
        .filter(reviewer=user, submitted_at__isnull=True, proposal__status=ProposalStatus.ASSESSING)
        .select_related("proposal", "proposal__organisation")
        .annotate(scored=Count("scores", filter=Q(scores__criterion__is_active=True)))
        .order_by(F("due_date").asc(nulls_last=True), "assigned_at")
    )


def reviews_falling_due(*, today=None, within_days: int = REMINDER_DAYS):
    """Active, unsubmitted assignments due within `within_days` (or overdue) that have had no reminder."""
    today = today or timezone.localdate()
    return (
        ReviewAssignment.objects.active()
        .filter(submitted_at__isnull=True, reminded_at__isnull=True, due_date__lte=today + timedelta(days=within_days))
        .filter(proposal__status=ProposalStatus.ASSESSING)
        .select_related("proposal", "reviewer")
    )


def criterion_list() -> list[Criterion]:
    """The rubric, with how many scores each criterion carries (retired criteria last)."""
    rubric = Criterion.objects.standard()  # a call's own criteria are on the call's page
    return list(rubric.annotate(score_count=Count("scores")).order_by("-is_active", "sort_order", "name"))


def _assignments_prefetch() -> Prefetch:
    return Prefetch(
        "review_assignments", queryset=ReviewAssignment.objects.select_related("reviewer", "reviewer__organisation")
    )
