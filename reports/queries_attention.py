"""What needs a ministry's attention: the first section of its dashboard. A fixed number of queries.

Each item links to its page. The rules of what counts (red or over budget, off track) are figures in
`lifeevents.figures`; this module only fetches the rows of the ministry's life events that the user may see.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from django.db.models import BooleanField, Count, ExpressionWrapper, F, OuterRef, Q, Subquery, Window
from django.urls import reverse
from django.utils import timezone

from core.links import row_url
from governance.choices import DecisionStatus
from governance.models import Decision
from lifeevents import figures
from lifeevents.models import LifeEvent
from portfolio.models import Measure, Proposal

from .choices import RoundStatus
from .models import ReportingRound, StatusReport


@dataclass
class Attention:
    measures: list = field(default_factory=list)  # {"title", "url", "red", "over_budget", "spent", "budget"}
    more_measures: int = 0  # beyond the MAX_MEASURES shown
    decisions: list = field(default_factory=list)  # {"subject", "url", "date"}
    overdue: list = field(default_factory=list)  # {"title", "url", "missing", "deadline"}
    targets: list = field(default_factory=list)  # {"indicator", "mission", "url", "current", "target"}

    def __bool__(self) -> bool:
        return bool(self.measures or self.decisions or self.overdue or self.targets)


MAX_MEASURES = 50


def overdue_rounds(event_ids, today):
    """Open rounds past their deadline of all life events or of these (the first ten by deadline), unevaluated, each
    with the status reports it is owed (`ReportingRound.objects.with_reports_owed`: `due` and `submitted`)."""
    rounds = _open_rounds().filter(deadline__lt=today).filter(Q(life_event__isnull=True) | Q(life_event__in=event_ids))
    return rounds[:10]


# What a request filters on (a date, the life events, the measures the user may see): a copy of a query built once
# per process and never evaluated itself. Their expressions hold no value of a request or a user (their outer
# reference is always the row's own), and a filter on one makes a new query (Django clones it), so a page does not
# build and resolve their subqueries again


@functools.cache
def _open_rounds():
    """The open rounds by deadline, each with the status reports it is owed (`with_reports_owed`)."""
    return (
        ReportingRound.objects.filter(status=RoundStatus.OPEN)
        .defer("snapshot")
        .with_reports_owed()
        .order_by("deadline")
    )


@functools.cache
def _flagged_reports():
    """The status reports that are their measure's latest submitted one (one probe of the index
    `statusreport_latest_submitted` per red or over-budget report) and red or over budget (the SQL form of
    `figures.measure_needs_attention`), red and over budget first, then red, then over budget, by title within each
    (measures of the same title by id: the list and its cut at MAX_MEASURES are the same on every request), each with
    how many there are in all (`flagged`)."""
    newest = Subquery(StatusReport.objects.latest_submitted(OuterRef("measure_id")).values("pk")[:1])
    red_q, over_q = Q(traffic="red"), Q(spent__gt=F("budget"))
    return (
        StatusReport.objects.filter(red_q | over_q, pk=newest)
        .annotate(
            is_red=ExpressionWrapper(red_q, output_field=BooleanField()),
            is_over=ExpressionWrapper(over_q, output_field=BooleanField()),
            flagged=Window(Count("pk")),
        )
        .order_by(F("is_red").desc(nulls_last=True), F("is_over").desc(nulls_last=True), "measure__title", "measure_id")
        .values("measure_id", "measure__title", "traffic", "spent", "budget", "flagged")
    )


def attention_for(user, today=None, *, event_ids=None, targets=None, overdue=None, measures=None) -> Attention:
    """Red or over-budget measures, decisions waiting for the steering dialogue, rounds past their deadline with
    status reports missing, and mission targets off track, in the life events the user's ministry follows.
    `event_ids`, `targets` (`reports.dashboard.target_rows`), `overdue` (`overdue_rounds`) and `measures`
    (`Measure.objects.visible_to(user)`): what the start page has read or built already."""
    today = today or timezone.localdate()
    ministry = user.organisation_id  # the life events the user's organisation owns or takes part in
    if not ministry:
        return Attention()
    events = LifeEvent.objects.of_ministry(ministry).values("pk") if event_ids is None else event_ids
    measures = (Measure.objects.visible_to(user) if measures is None else measures).active()
    measures = measures.filter(life_events__in=events).values("pk")
    # The database keeps the latest reports of these measures that are red or over budget
    # (`figures.measure_needs_attention` still decides below) and gives the first MAX_MEASURES with how many there are
    # in all: a readable list and how many more (a ministry of a large portfolio can have hundreds), reading tens of
    # rows, not thousands
    latest = list(_flagged_reports().filter(measure__in=measures)[:MAX_MEASURES])
    attention = Attention()
    flagged = [s for s in latest if figures.measure_needs_attention(s)]
    red = {s["measure_id"]: s["traffic"] == "red" for s in flagged}
    over = {s["measure_id"]: figures.over_budget(s) for s in flagged}
    attention.more_measures = max(0, latest[0]["flagged"] - MAX_MEASURES) if latest else 0
    url = row_url("portfolio:measure_detail")
    attention.measures = [
        {
            "title": s["measure__title"],
            "url": url(s["measure_id"]),
            "red": red[s["measure_id"]],
            "over_budget": over[s["measure_id"]],
            "spent": s["spent"],
            "budget": s["budget"],
        }
        for s in flagged
    ]
    # Those the user may open (the one policy), that name the ministry or are on work in its life events: each
    # condition a subquery of keys, so no join multiplies the rows and no DISTINCT is needed
    named = Decision.ministries.through.objects.filter(organisation_id=ministry).values("decision_id")
    in_events = Proposal.life_events.through.objects.filter(lifeevent_id__in=events).values("proposal_id")
    on_work = Q(pk__in=named) | Q(measure__in=measures) | Q(proposal__in=in_events)
    decisions = (
        Decision.objects.visible_to(user)
        .filter(status=DecisionStatus.AWAITING_STEERING)
        .filter(on_work)
        .order_by("date", "pk")
        .values("pk", "subject", "date")
    )
    decisions = list(decisions[:50])
    decision_url = row_url("decisions:decision_detail") if decisions else None  # reversed once, not per decision
    attention.decisions = [{**d, "url": decision_url(d["pk"])} for d in decisions]
    for round in overdue_rounds(events, today) if overdue is None else overdue:
        missing = figures.reports_owed(round.due, round.submitted)  # (counted with the round: no query per round)
        if missing:
            attention.overdue.append(
                {"title": round.title, "url": round.get_absolute_url(), "missing": missing, "deadline": round.deadline}
            )
    if targets is None:
        from .dashboard import target_rows

        targets = target_rows(user, list(events.values_list("pk", flat=True)) if event_ids is None else event_ids)
    seen = set()
    for t in targets:  # one row per target and life event: each target once, linked to its first life event
        if t["pk"] in seen:
            continue
        seen.add(t["pk"])
        if figures.target_off_track(t, t["current"], today):
            attention.targets.append(
                {
                    "indicator": t["indicator"],
                    "mission": t["mission__title"],
                    "url": reverse("lifeevents:lifeevent_detail", kwargs={"slug": t["slug"]}),
                    "current": t["current"],
                    "target": t["target_value"],
                }
            )
    return attention
