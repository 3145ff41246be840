"""The evaluations (step 3's scores) for the office's workbook. Never in a ministry's document: the reveal rule keeps
scores with the office, so only the office orders this workbook and only the office may open it (reports/rules.py,
`GeneratedReport.office_only`).

Only proposals whose assessment is complete are in it: at least one active reviewer, and every active reviewer has
submitted. Their scores are then revealed to the whole office (`portfolio.rules` "see_scores"), so the workbook shows
no office member a score the scoring page would still hide. The weighted results are the scoring page's own
(`portfolio.queries.scoring.results_for`: one definition). A fixed number of queries.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from lifeevents.models import LifeEvent
from portfolio.choices import CriterionAxis, ProposalStatus
from portfolio.models import Proposal, ReviewAssignment
from portfolio.queries.scoring import results_for

from .queries import life_event_selection


def evaluation_data(life_event=None) -> dict:
    """{"proposals": one row per assessed proposal, "criteria": one row per proposal and criterion}, of the proposals
    of the given life event(s), or of all."""
    active = ReviewAssignment.objects.active().filter(proposal_id=OuterRef("pk"))
    proposals = Proposal.objects.filter(Exists(active.filter(submitted_at__isnull=False))).exclude(
        Exists(active.filter(submitted_at__isnull=True))
    )
    events = life_event_selection(life_event)
    links = Proposal.life_events.through.objects.all()
    if events is not None:
        proposals = proposals.filter(pk__in=links.filter(lifeevent_id__in=events).values("proposal_id"))
    rows = list(proposals.order_by("title", "pk").values("id", "title", "status", "organisation__name"))
    ids = [r["id"] for r in rows]
    names = {e.pk: e.name for e in LifeEvent.objects.all()}
    event_names: dict[int, list[str]] = {}
    ordered = links.filter(proposal_id__in=ids).order_by("lifeevent__sort_order")
    for link in ordered.values("proposal_id", "lifeevent_id"):
        event_names.setdefault(link["proposal_id"], []).append(names.get(link["lifeevent_id"], ""))
    results = results_for(ids)
    statuses, axes = dict(ProposalStatus.choices), dict(CriterionAxis.choices)
    proposal_rows, criterion_rows = [], []
    for r in rows:
        result = results.get(r["id"])
        if result is None:
            continue
        proposal_rows.append(
            {
                "title": r["title"],
                "organisation": r["organisation__name"] or "",
                "life_events": ", ".join(event_names.get(r["id"], [])),
                "status": str(statuses.get(r["status"], r["status"])),
                "reviewers": result.reviewers,
                "potential": result.potential,
                "complexity": result.complexity,
                "disagreement": result.disagreement,
            }
        )
        criterion_rows += [
            {
                "title": r["title"],
                "criterion": row.criterion.name,
                "axis": str(axes.get(row.criterion.axis, "")),
                "weight": row.criterion.weight,
                "scores": row.count,
                "mean": row.mean,
                "low": row.low,
                "high": row.high,
                "disagreement": row.disagreement,
            }
            for row in result.rows
            if row.values
        ]
    return {"proposals": proposal_rows, "criteria": criterion_rows}
