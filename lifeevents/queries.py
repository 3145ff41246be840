"""Reads for the life-event pages and for reproducing DFØ's tables. Constant query counts: each function issues a
fixed number of queries whatever the number of rows (select_related / prefetch_related, no per-row queries)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, Count, Prefetch, Q, When, Window

from core import access
from core.models import Organisation

from . import figures
from .choices import ParticipationRole
from .models import LifeEvent, Participation, SupportingActivity

MEASURE_ROWS = 25  # measures listed on a life event's page; the measure list has them all
OPEN_MEASURE = ("ongoing", "planned")  # listed first


def life_event_list(user):
    """The life events the user may see, with owner and counts, in Table 1's order."""
    from portfolio.models import Measure

    measures = Measure.objects.visible_to(user).active().values("pk")
    return (
        LifeEvent.objects.visible_to(user)
        .select_related("owner_ministry")
        .annotate(
            actor_count=Count("participations__organisation", distinct=True),
            measure_count=Count("measures", filter=Q(measures__in=measures), distinct=True),
        )
        .order_by("sort_order", "name_nb")
    )


def own_ministry_event_ids(user) -> set[int]:
    """For a ministry official: the life events their ministry owns or takes part in (highlighted, not filtered)."""
    ministry = access.ministry_of(user)
    if ministry is None:
        return set()
    return set(LifeEvent.objects.of_ministry(ministry).values_list("pk", flat=True))


@dataclass
class ActorRow:
    """One life event's row of DFØ's Table 1."""

    owner: Organisation
    executing: list[Organisation] = field(default_factory=list)
    collaborators: list[Organisation] = field(default_factory=list)


def actor_row(participations) -> ActorRow | None:
    row = None
    by_role: dict[str, list[Organisation]] = {role: [] for role in ParticipationRole.values}
    for p in participations:
        by_role[p.role].append(p.organisation)
    owners = by_role[ParticipationRole.OWNER_MINISTRY]
    if owners:
        row = ActorRow(owner=owners[0])
        row.executing = by_role[ParticipationRole.EXECUTING_AGENCY]
        row.collaborators = by_role[ParticipationRole.COLLABORATOR]
    return row


def actor_table() -> dict[str, ActorRow]:
    """Table 1: for each life event (slug), the owner ministry, the executing agencies and the collaborators."""
    participations = Participation.objects.select_related("organisation", "life_event").order_by(
        "life_event__sort_order", "pk"
    )
    grouped: dict[str, list[Participation]] = {}
    for p in participations:
        grouped.setdefault(p.life_event.slug, []).append(p)
    return {slug: actor_row(rows) for slug, rows in grouped.items()}


@dataclass
class AllocationTable:
    rows: list
    mentioned: int
    assignments: int
    notices: int


def allocation_table(year: int, life_event: LifeEvent | None = None) -> AllocationTable:
    """Table 3: allocation-letter mentions per life event and agency, in the table's order, with the sum row."""
    from governance.models import AllocationMention

    mentions = AllocationMention.objects.filter(letter__year=year).select_related(
        "life_event", "letter__agency", "letter__ministry"
    )
    if life_event is not None:
        mentions = mentions.filter(life_event=life_event)
    rows = list(mentions.order_by("life_event__sort_order", "sort_order", "pk"))
    sums = figures.allocation_sums(
        {"raw_text": m.raw_text, "value": m.value, "assignment": m.assignment, "notice": m.notice} for m in rows
    )
    return AllocationTable(rows=rows, **sums)


def funding_table():
    """Table 4: is the work on each life event funded, as stated, with the sources behind it."""
    from governance.models import Funding

    return LifeEvent.objects.order_by("sort_order").prefetch_related(
        Prefetch(
            "fundings",
            queryset=Funding.objects.filter(measure__isnull=True).select_related("source").order_by("pk"),
            to_attr="own_fundings",
        )
    )


@dataclass
class LifeEventPage:
    event: LifeEvent
    participations: list
    actors: ActorRow | None
    phases: list
    activities: list
    missions: list
    measures: list
    fundings: list  # dicts: year, source__name, status(_label), own, amount, measure_count, illustrative
    measure_total: int  # `figures.measure_count`: the measures in the portfolio (not terminated)
    terminated_total: int  # `figures.terminated_count`: shown apart, not counted
    allocation: AllocationTable
    approach: object | None
    bodies: list

    @property
    def map_points(self) -> list[dict]:
        """The actor map: one point per organisation (its first role), numbered as in the actor table, on a
        400 × 400 plot (x = interest, y = influence, 80 units a step); points in one cell are spread around its
        centre, four to a row."""
        firsts: dict[int, tuple[int, Participation]] = {}
        for number, p in enumerate(self.participations, start=1):
            firsts.setdefault(p.organisation_id, (number, p))
        cells: dict[tuple[int, int], list[tuple[int, Participation]]] = {}
        for number, p in firsts.values():
            cells.setdefault((p.interest, p.influence), []).append((number, p))
        points = []
        for (interest, influence), members in cells.items():
            cx, cy = 40 + (interest - 1) * 80 + 40, 400 - (influence - 1) * 80 - 40
            rows = [members[i : i + 4] for i in range(0, len(members), 4)][:4]
            for r, row in enumerate(rows):
                for c, (number, p) in enumerate(row):
                    points.append(
                        {
                            "number": number,
                            "label": p.organisation.label,
                            "interest": interest,
                            "influence": influence,
                            "x": round(cx + (c - (len(row) - 1) / 2) * 18),
                            "y": round(cy + (r - (len(rows) - 1) / 2) * 18),
                        }
                    )
        return sorted(points, key=lambda point: point["number"])

    @property
    def map_ticks(self) -> list[dict]:
        return [{"value": i, "x": 40 + (i - 1) * 80 + 40, "y": 400 - (i - 1) * 80 - 40} for i in range(1, 6)]


def life_event_page(event: LifeEvent, user) -> LifeEventPage:
    """Everything the life-event page shows. Measures and their funding are filtered through `visible_to(user)`."""
    from governance.models import Funding, GovernanceBody
    from portfolio.models import Measure, Mission, MissionTarget, TargetMeasurement

    participations = list(event.participations.select_related("organisation").order_by("role", "organisation__name"))
    role_order = {r: i for i, r in enumerate(ParticipationRole.values)}
    participations.sort(key=lambda p: (role_order[p.role], p.pk))
    linked = Measure.objects.visible_to(user).filter(life_events=event)
    event_measures = linked.active().values("pk")  # the life event's measures: those in the portfolio (figures)
    # The first MEASURE_ROWS (ongoing and planned first) with the total, in one query; the rest is in the measure list.
    measures = list(
        Measure.objects.filter(pk__in=event_measures)
        .select_related("owner")
        .annotate(total=Window(Count("pk")), open=Case(When(status__in=OPEN_MEASURE, then=0), default=1))
        .order_by("open", "status", "title", "pk")[:MEASURE_ROWS]
    )
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
    try:
        approach = event.mission_approach  # loaded with the event by the view (select_related)
    except LifeEvent.mission_approach.RelatedObjectDoesNotExist:
        approach = None
    # Funding by year, source and status: the life event's own, and its measures' summed (figures), in one query.
    fundings = figures.funding_by_year_and_source(
        Funding.objects.filter(Q(life_event=event, measure__isnull=True) | Q(measure_id__in=event_measures)).values(
            "id", "year", "source__name", "status", "measure_id", "amount", "is_illustrative"
        )
    )
    status_labels = dict(Funding._meta.get_field("status").choices)
    for row in fundings:
        row["status_label"] = status_labels.get(row["status"], "")
    return LifeEventPage(
        event=event,
        participations=participations,
        actors=actor_row(participations),
        phases=list(event.phases.all()),
        activities=list(SupportingActivity.objects.filter(life_event=event).select_related("owner").order_by("pk")),
        missions=missions,
        measures=measures,
        fundings=fundings,
        measure_total=measures[0].total if measures else 0,
        terminated_total=linked.exclude(pk__in=event_measures).count(),
        allocation=allocation_table(2020, life_event=event),
        approach=approach,
        bodies=list(GovernanceBody.objects.filter(life_events=event).prefetch_related("memberships__organisation")),
    )


@dataclass
class OrganisationPage:
    organisation: Organisation
    participations: list
    owned_events: list
    measures: list
    proposals: list
    more_measures: bool = False  # only the first ORGANISATION_ROWS are shown
    more_proposals: bool = False


ORGANISATION_ROWS = 50  # as a list page


def organisation_page(organisation: Organisation, user) -> OrganisationPage:
    """An actor's life events (by role), its measures and its proposals, as far as the user may see them."""
    from portfolio.models import Measure, Proposal

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
    return OrganisationPage(
        organisation=organisation,
        participations=list(
            Participation.objects.filter(organisation=organisation, life_event__in=LifeEvent.objects.visible_to(user))
            .select_related("life_event")
            .order_by("life_event__sort_order", "role")
        ),
        owned_events=list(LifeEvent.objects.visible_to(user).filter(owner_ministry=organisation)),
        measures=measures[:ORGANISATION_ROWS],
        proposals=proposals[:ORGANISATION_ROWS],
        more_measures=len(measures) > ORGANISATION_ROWS,
        more_proposals=len(proposals) > ORGANISATION_ROWS,
    )
