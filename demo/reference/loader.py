"""Loads the reference data of the source documents, idempotently (update_or_create on natural keys).

Seed data is written directly (like a data migration): there is no actor and nothing to audit or notify.
"""

from datetime import date

from django.db import transaction

from core.models import Organisation
from governance.models import (
    AllocationLetter,
    AllocationMention,
    BodyMembership,
    Funding,
    FundingSource,
    GovernanceBody,
)
from lifeevents.models import LifeEvent, LifeEventPhase, MissionApproach, Participation, SupportingActivity
from portfolio.models import Measure, Mission

from . import digdir, tables
from .organisations import ORGANISATIONS
from .upsert import upsert

# Positions on the actor map are not in the sources: a default per role, flagged as illustrative in the UI.
MAP_DEFAULTS = {
    "owner_ministry": (4, 5, "co_owner"),
    "executing_agency": (5, 4, "involved"),
    "collaborator": (3, 2, "consulted"),
}
MENTION_VALUE = {"Ja": "mentioned", "Nei": "no", "(Nei)*": "no_related"}


def _date(value):
    return date.fromisoformat(value) if value else None


def load_organisations() -> dict[str, Organisation]:
    orgs: dict[str, Organisation] = {}
    for key, name, short_name, kind, parent_key, orgnr in ORGANISATIONS:
        orgs[key], _ = upsert(
            Organisation,
            name=name,
            defaults={
                "short_name": short_name,
                "kind": kind,
                "parent": orgs[parent_key] if parent_key else None,
                "orgnr": orgnr,
                "is_illustrative": False,
            },
        )
    return orgs


def load_life_events(orgs) -> dict[str, LifeEvent]:
    events: dict[str, LifeEvent] = {}
    for order, (slug, name_nb, name_nn, name_en, owner_key) in enumerate(tables.LIFE_EVENTS, start=1):
        status, summary, _sources = tables.TABLE_4[slug]
        event, _ = upsert(
            LifeEvent,
            slug=slug,
            defaults={
                "name_nb": name_nb,
                "name_nn": name_nn,
                "name_en": name_en,
                "owner_ministry": orgs[owner_key],
                "sort_order": order,
                "source": f"{tables.SOURCE}, tabell 1",
                "funding_status": status,
                "funding_summary": summary,
            },
        )
        events[slug] = event
        upsert(
            LifeEventPhase,
            life_event=event,
            phase="start",
            defaults={"note": "DFØ-notat 2021:1 (mars 2021): arbeidet med livshendelsen helhetlig er i Starte sammen."},
        )
        roles = [("owner_ministry", owner_key)]
        roles += [("executing_agency", key) for key in tables.TABLE_1[slug]["executing"]]
        roles += [("collaborator", key) for key in tables.TABLE_1[slug]["collaborators"]]
        for role, key in roles:
            interest, influence, involvement = MAP_DEFAULTS[role]
            Participation.objects.get_or_create(
                organisation=orgs[key],
                life_event=event,
                role=role,
                defaults={
                    "interest": interest,
                    "influence": influence,
                    "involvement": involvement,
                    "source": f"{tables.SOURCE}, tabell 1",
                },
            )
    return events


def load_supporting_activities(orgs, events) -> None:
    for slug, rows in tables.TABLE_2.items():
        for name, owner_key, phase in rows:
            upsert(
                SupportingActivity,
                life_event=events[slug],
                name=name,
                defaults={
                    "owner": orgs[owner_key] if owner_key else None,
                    "phase": phase,
                    "source": f"{tables.SOURCE}, tabell 2",
                },
            )


def load_allocation_letters(orgs, events) -> None:
    """Table 3, row by row. The sending ministry is the agency's parent ministry (Table 3 names only the agency)."""
    for order, (slug, agency_key, role, printed, assignment, notice) in enumerate(tables.TABLE_3, start=1):
        agency = orgs[agency_key]
        letter, _ = upsert(
            AllocationLetter,
            ministry=agency.parent,
            agency=agency,
            year=tables.TABLE_3_YEAR,
            defaults={"source": f"{tables.SOURCE}, tabell 3"},
        )
        if assignment:
            value = "assignment"
        elif notice and printed == "Ja":
            value = "notice"
        else:
            value = MENTION_VALUE[printed]
        upsert(
            AllocationMention,
            letter=letter,
            life_event=events[slug],
            defaults={
                "value": value,
                "raw_text": printed,
                "assignment": assignment,
                "notice": notice,
                "actor_role": role,
                "sort_order": order,
                "note": tables.TABLE_3_NOTES.get((slug, agency_key), ""),
            },
        )


def load_funding(events) -> dict[str, FundingSource]:
    sources = {}
    for kind, name, description in tables.FUNDING_SOURCES:
        sources[kind], _ = upsert(FundingSource, name=name, defaults={"kind": kind, "description": description})
    for slug, (status, summary, kinds) in tables.TABLE_4.items():
        for kind in kinds:
            upsert(
                Funding,
                life_event=events[slug],
                measure=None,
                source=sources[kind],
                year=tables.TABLE_4_YEAR,
                defaults={
                    "status": status,
                    "raw_text": summary,
                    "is_illustrative": False,
                    "source_document": f"{tables.SOURCE}, tabell 4",
                },
            )
    return sources


def load_digdir_case(orgs, events) -> dict[str, object]:
    for slug, data in digdir.MISSION_APPROACHES.items():
        low, high = data["funding_range"] or (None, None)
        fields = {k: v for k, v in data.items() if k != "funding_range"}
        fields.update({"funding_min_per_year": low, "funding_max_per_year": high, "source": digdir.CASE})
        upsert(MissionApproach, life_event=events[slug], defaults=fields)

    missions = {}
    for data in digdir.MISSIONS:
        start, end = data["portfolio"] or (None, None)
        # A database loaded before a mission was renamed keeps its row (and targets, reviews): the title follows.
        if not Mission.objects.filter(title=data["title"]).exists():
            Mission.objects.filter(title__in=data["formerly"]).update(title=data["title"])
        mission, _ = upsert(
            Mission,
            title=data["title"],
            defaults={
                "statement": data["statement"],
                "narrative": data["narrative"],
                "portfolio_start": start,
                "portfolio_end": end,
                "deadline": _date(data["deadline"]),
                "is_illustrative": False,
                "source": digdir.CASE,
            },
        )
        mission.life_events.set([events[s] for s in data["life_events"]])
        missions[data["life_events"][0]] = mission

    for _key, name, kind, life_events, mandate, source, members in digdir.GOVERNANCE_BODIES:
        body, _ = upsert(
            GovernanceBody,
            name=name,
            defaults={"kind": kind, "mandate": mandate, "source": source, "is_illustrative": False},
        )
        body.life_events.set(events.values() if life_events == "*" else [events[s] for s in life_events])
        for member_key, role in members:
            BodyMembership.objects.get_or_create(body=body, organisation=orgs[member_key], role=role)

    for title, description, kind, status, owner, participants, les, start, end, source in digdir.MEASURES:
        measure, _ = upsert(
            Measure,
            title=title,
            defaults={
                "description": description,
                "kind": kind,
                "status": status,
                "owner": orgs[owner],
                "start_date": _date(start),
                "end_date": _date(end),
                "is_illustrative": False,
                "source": source,
            },
        )
        measure.participants.set([orgs[k] for k in participants])
        measure.life_events.set([events[s] for s in les])
    return missions


@transaction.atomic
def load_reference() -> dict:
    """Everything that comes from the source documents. Safe in production: no users, nothing invented."""
    orgs = load_organisations()
    events = load_life_events(orgs)
    load_supporting_activities(orgs, events)
    load_allocation_letters(orgs, events)
    sources = load_funding(events)
    missions = load_digdir_case(orgs, events)
    return {"orgs": orgs, "events": events, "sources": sources, "missions": missions}
