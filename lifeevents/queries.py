"""Reads for the life-event pages and for reproducing DFØ's Table 1. Constant query counts: each function issues a
fixed number of queries whatever the number of rows (select_related / prefetch_related, no per-row queries).

The composite pages (a life event, an actor, the list's measure counts) are assembled from what the apps above add
through `core.extensions` (portfolio: missions, measures, proposals; governance: funding, allocation letters,
bodies, DFØ's Tables 3 and 4 in `governance/lifeevent_tables.py`); this app imports none of them."""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass, field
from functools import cache, cached_property

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef, QuerySet, Value
from django.db.models.functions import Coalesce, JSONObject, NullIf
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language

from core import access, extensions
from core.links import row_url
from core.models import Organisation
from core.rows import choice_labels

from .choices import Involvement, ParticipationRole, Phase
from .models import LifeEvent, LifeEventPhase, Participation, SupportingActivity


def life_event_list(user) -> list[LifeEvent]:
    """The life events the user may see, with owner and counts, in Table 1's order. The measure counts come from
    the extension point `lifeevents.measure_counts` (portfolio provides them: {life event pk: count})."""
    events = list(
        LifeEvent.objects.visible_to(user)
        .select_related("owner_ministry")
        .with_actor_count()
        .order_by("sort_order", "name_nb")
    )
    counts: dict[int, int] = extensions.merged("lifeevents.measure_counts", user)
    for event in events:
        event.measure_count = counts.get(event.pk, 0)
    return events


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
    """Table 1's row from a life event's participations: (role, organisation) pairs, in the table's order."""
    row = None
    by_role: dict[str, list] = {role: [] for role in ParticipationRole.values}
    for role, organisation in participations:
        by_role[role].append(organisation)
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
    grouped: dict[str, list[tuple[str, Organisation]]] = {}
    for p in participations:
        grouped.setdefault(p.life_event.slug, []).append((p.role, p.organisation))
    return {slug: actor_row(rows) for slug, rows in grouped.items()}


ACTOR_MAP_VERSION = 1  # part of the actor map's cache key: raise it when the map's markup changes


@dataclass
class LifeEventPage:
    """The life event's own parts, and what the apps above add (`parts`, from the extension point
    `lifeevents.life_event_page`: portfolio its missions and measures, governance its funding, allocation-letter
    coverage and bodies), read as attributes like the own ones (`page.missions`)."""

    event: LifeEvent
    participations: list
    actors: ActorRow | None
    phases: list
    activities: list
    approach: object | None
    parts: dict = field(default_factory=dict)

    def __getattr__(self, name):
        parts = self.__dict__.get("parts", {})
        if name in parts:
            return parts[name]
        raise AttributeError(name)

    @cached_property
    def map_points(self) -> list[dict]:
        """The actor map: one point per organisation (its first role), numbered as in the actor table, on a
        400 × 400 plot (x = interest, y = influence, 80 units a step); points in one cell are spread around its
        centre, four to a row."""
        firsts: dict[int, dict] = {}
        for p in self.participations:
            firsts.setdefault(p["organisation_id"], p)
        cells: dict[tuple[int, int], list[dict]] = {}
        for p in firsts.values():
            cells.setdefault((p["interest"], p["influence"]), []).append(p)
        points = []
        for (interest, influence), members in cells.items():
            cx, cy = 40 + (interest - 1) * 80 + 40, 400 - (influence - 1) * 80 - 40
            rows = [members[i : i + 4] for i in range(0, len(members), 4)][:4]
            for r, row in enumerate(rows):
                for c, p in enumerate(row):
                    points.append(
                        {
                            "number": p["number"],
                            "label": p["label"],
                            "interest": interest,
                            "influence": influence,
                            "x": round(cx + (c - (len(row) - 1) / 2) * 18),
                            "y": round(cy + (r - (len(rows) - 1) / 2) * 18),
                        }
                    )
        return sorted(points, key=lambda point: point["number"])

    @property
    def map_key(self) -> str:
        """What the actor map's SVG draws (its points, in the active language): the key it is kept under in the cache
        (the page's `{% cache %}`), so a changed point or label draws it afresh and nothing has to invalidate it."""
        drawn = repr((ACTOR_MAP_VERSION, get_language(), self.map_points))
        return hashlib.sha256(drawn.encode()).hexdigest()[:32]


def actor_lines(event: LifeEvent) -> list[dict]:
    """The life event's actor table as the page prints it: one row per participation in Table 1's order (role,
    then as registered), numbered, with its organisation's link, name and label and the role's and involvement's
    labels; from the columns shown, read with the life event (`actor_rows`: `page_event`)."""
    role_order = {r: i for i, r in enumerate(ParticipationRole.values)}
    roles, involvements = choice_labels(ParticipationRole), choice_labels(Involvement)
    url = row_url("lifeevents:organisation_detail")
    lines = []
    for number, row in enumerate(sorted(event.actor_rows, key=lambda row: role_order[row["role"]]), start=1):
        org, name, role, note = row["organisation"], row["name"], row["role"], row["note"]
        involvement = involvements.get(row["involvement"], row["involvement"])
        lines.append(
            {"number": number, "organisation_id": org, "url": url(org), "name": name,
             "label": Organisation.label_of(row["short_name"], name),
             "role": role, "role_label": roles.get(role, role),
             "involvement": f"{involvement}: {note}" if note else involvement,
             "interest": row["interest"], "influence": row["influence"]}
        )  # fmt: skip
    return lines


def page_event(user, slug: str) -> LifeEvent:
    """The life event of its page (Http404 when the user may not see it) with its owner ministry and mission approach,
    and its phases, supporting activities and participations as rows (`phase_rows`, `activity_rows`, `actor_rows`:
    JSON arrays), in one query; with it the flags the apps above add (the extension point
    `lifeevents.life_event_page_flags`: {name: Exists(…)}, e.g. governance's `has_agreement`), so that their parts
    skip a query when there is nothing to read."""
    return get_object_or_404(page_queryset().visible_to(user), slug=slug)  # a filtered copy of `page_queryset`


@cache
def page_queryset() -> QuerySet:
    """What `page_event` reads of a life event, before it picks one (its slug and the user's policy are filtered on
    each time): its row with its owner ministry and mission approach, and `page_columns`. Built once and never
    evaluated itself: its expressions hold no value of a request or a user (their outer reference is always the life
    event's own row), and a filter on it makes a new query (Django clones it), so a page no longer builds and
    resolves its subqueries."""
    return LifeEvent.objects.select_related("owner_ministry", "mission_approach").annotate(**page_columns())


@cache
def page_columns() -> dict:
    """The expressions `page_event` annotates: its phases, activities and participations (with their organisation's
    name and short name: the columns the actor table and map show) as rows, and the flags of the apps above. Built
    once (they hold no value of a request or a user: Django copies an expression where a query uses it)."""
    phases = LifeEventPhase.objects.filter(life_event=OuterRef("pk")).order_by("phase")
    activities = SupportingActivity.objects.filter(life_event=OuterRef("pk")).order_by("pk")
    participations = Participation.objects.filter(life_event=OuterRef("pk")).order_by("pk")  # as registered
    owner_label = Coalesce(NullIf("owner__short_name", Value("")), "owner__name")  # Organisation.label
    return {
        "phase_rows": ArraySubquery(
            phases.values(json=JSONObject(phase="phase", start="start_date", end="end_date", note="note"))
        ),
        "activity_rows": ArraySubquery(
            activities.values(json=JSONObject(name="name", owner=owner_label, phase="phase"))
        ),
        "actor_rows": ArraySubquery(
            participations.values(
                json=JSONObject(
                    organisation="organisation_id",
                    name="organisation__name",
                    short_name="organisation__short_name",
                    role="role",
                    interest="interest",
                    influence="influence",
                    involvement="involvement",
                    note="involvement_note",
                )
            )
        ),
        **extensions.merged("lifeevents.life_event_page_flags"),
    }


def _day(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def life_event_page(event: LifeEvent, user) -> LifeEventPage:
    """Everything the life-event page shows: its own parts here, the others from the apps above (each filters
    through `visible_to(user)`). `event` comes from `page_event` (its phases and activities read with it)."""
    participations = actor_lines(event)
    try:
        approach = event.mission_approach  # loaded with the event by the view (select_related)
    except LifeEvent.mission_approach.RelatedObjectDoesNotExist:
        approach = None
    parts = extensions.merged("lifeevents.life_event_page", event, user)
    phase_labels = choice_labels(Phase)
    return LifeEventPage(
        event=event,
        participations=participations,
        actors=actor_row((p["role"], p) for p in participations),
        phases=[
            {
                "label": phase_labels.get(row["phase"], row["phase"]),
                "start_date": _day(row["start"]),
                "end_date": _day(row["end"]),
                "note": row["note"],
            }
            for row in event.phase_rows
        ],
        activities=[
            {"name": row["name"], "owner": row["owner"], "phase_label": phase_labels.get(row["phase"], row["phase"])}
            for row in event.activity_rows
        ],
        approach=approach,
        parts=parts,
    )


ORGANISATION_FIELDS = ("name", "short_name", "kind", "orgnr", "is_illustrative", "parent__name")  # what its page shows


def page_organisation(user, pk: int) -> Organisation:
    """The actor of its page (Http404 when the user may not see it) with its parent ministry's name: the fields the
    page shows, in one query."""
    return get_object_or_404(
        Organisation.objects.visible_to(user).select_related("parent").only(*ORGANISATION_FIELDS), pk=pk
    )


@dataclass
class OrganisationPage:
    """An actor's life events here; its measures and proposals from portfolio (`lifeevents.organisation_page`)."""

    organisation: Organisation
    participations: list[dict]  # the rows as the page prints them: the life event's link and name, role, involvement
    in_life_events: bool  # takes part in or owns a life event the user may see: the page has the table
    parts: dict = field(default_factory=dict)

    def __getattr__(self, name):
        parts = self.__dict__.get("parts", {})
        if name in parts:
            return parts[name]
        raise AttributeError(name)


def organisation_page(organisation: Organisation, user) -> OrganisationPage:
    """An actor's life events (by role), and what the apps above add (its measures and its proposals), as far as
    the user may see them."""
    parts = extensions.merged("lifeevents.organisation_page", organisation, user)
    rows = (
        Participation.objects.filter(organisation=organisation, life_event__in=LifeEvent.objects.visible_to(user))
        .order_by("life_event__sort_order", "role")
        .values_list("life_event__slug", LifeEvent.name_expression("life_event__"), "role", "involvement")
    )
    roles, involvements = choice_labels(ParticipationRole), choice_labels(Involvement)
    participations = [
        {"url": reverse("lifeevents:lifeevent_detail", kwargs={"slug": slug}), "name": name,
         "role": roles.get(role, role), "involvement": involvements.get(involvement, involvement)}
        for slug, name, role, involvement in rows
    ]  # fmt: skip
    owns = LifeEvent.objects.visible_to(user).filter(owner_ministry=organisation)  # asked when it takes part in none
    return OrganisationPage(organisation, participations, bool(participations) or owns.exists(), parts)
