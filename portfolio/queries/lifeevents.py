"""What portfolio adds to the life events' pages (through `core.extensions`; lifeevents imports no portfolio module):
a life event's missions and measures, an actor's measures and proposals, and the measure count of each life event.
Each reads through `visible_to(user)`, in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Case, Count, Prefetch, Q, When, Window

from core import extensions
from core.links import row_url

from ..models import Measure, Mission, MissionTarget, Proposal, TargetMeasurement

MEASURE_ROWS = 25  # measures listed on a life event's page; the measure list has them all
OPEN_MEASURE = ("ongoing", "planned")  # listed first
ORGANISATION_ROWS = 50  # an actor's measures and proposals, as a list page


def event_measures(event, user):
    """The life event's measures the user may see: those in the portfolio (`figures.measure_count`), as pks."""
    return Measure.objects.visible_to(user).filter(life_events=event).active().values("pk")


@extensions.provides("lifeevents.measure_counts")
def measure_counts(user) -> dict[int, int]:
    """{life event pk: its measures in the portfolio the user may see}, in one query."""
    links = Measure.life_events.through.objects.filter(measure_id__in=Measure.objects.visible_to(user).active())
    return dict(links.values("lifeevent_id").annotate(n=Count("measure_id")).values_list("lifeevent_id", "n"))


@extensions.provides("lifeevents.life_event_page")
def life_event_parts(event, user) -> dict:
    """The missions (with their targets and measurements) and the first MEASURE_ROWS measures (ongoing and planned
    first) with their total in one query, and the terminated ones counted apart."""
    linked = Measure.objects.visible_to(user).filter(life_events=event)
    measures = list(
        Measure.objects.filter(pk__in=event_measures(event, user))
        .select_related("owner")
        .annotate(total=Window(Count("pk")), open=Case(When(status__in=OPEN_MEASURE, then=0), default=1))
        .order_by("open", "status", "title", "pk")[:MEASURE_ROWS]
    )
    measure_url, owner_url = row_url("portfolio:measure_detail"), row_url("lifeevents:organisation_detail")
    for m in measures:  # the rows' links, reversed once per page
        m.url, m.owner_url = measure_url(m.pk), owner_url(m.owner_id)
    missions = list(
        Mission.objects.visible_to(user)
        .filter(life_events=event)
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=MissionTarget.objects.prefetch_related(
                    Prefetch("measurements", queryset=TargetMeasurement.objects.order_by("date"), to_attr="series")
                ),
            )
        )
        .order_by("title")
    )
    return {
        "missions": missions,
        "measures": measures,
        "measure_total": measures[0].total if measures else 0,  # `figures.measure_count`: not terminated
        "terminated_total": linked.exclude(pk__in=event_measures(event, user)).count(),  # shown apart
    }


@extensions.provides("lifeevents.organisation_page")
def organisation_parts(organisation, user) -> dict:
    """The measures the actor owns or takes part in and its proposals, the first ORGANISATION_ROWS of each."""
    taking_part = Measure.participants.through.objects.filter(organisation=organisation).values("measure_id")
    measures = list(
        Measure.objects.visible_to(user)
        .filter(Q(owner=organisation) | Q(pk__in=taking_part))  # no DISTINCT over a join
        .only("title", "status", "budget", "owner_id", "is_illustrative")
        .order_by("title", "pk")[: ORGANISATION_ROWS + 1]
    )
    proposals = list(
        Proposal.objects.visible_to(user)
        .filter(organisation=organisation)
        .only("title", "status", "created_at", "is_illustrative")
        .order_by("-created_at", "-pk")[: ORGANISATION_ROWS + 1]
    )
    measure_url, proposal_url = row_url("portfolio:measure_detail"), row_url("portfolio:proposal_detail")
    for m in measures:  # the rows' links, reversed once per page
        m.url = measure_url(m.pk)
    for p in proposals:
        p.url = proposal_url(p.pk)
    return {
        "measures": measures[:ORGANISATION_ROWS],
        "proposals": proposals[:ORGANISATION_ROWS],
        "more_measures": len(measures) > ORGANISATION_ROWS,
        "more_proposals": len(proposals) > ORGANISATION_ROWS,
    }
