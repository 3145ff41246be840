"""Loads the ILLUSTRATIVE proposals, measures, benefits, scores, dependencies, learning entries and decisions.
Every row is flagged `is_illustrative` where the model has the flag. Deterministic and idempotent."""

from datetime import UTC, date, datetime, timedelta

from django.db import transaction

from governance.models import BodyMembership, Decision, Funding, GovernanceBody
from portfolio.models import (
    Benefit,
    BenefitRealisation,
    Dependency,
    LearningEntry,
    Measure,
    MissionTarget,
    Proposal,
    ReviewAssignment,
    Score,
    TargetMeasurement,
)

from . import illustrative as data
from .criteria import ensure_default_criteria
from .upsert import upsert

SCORED = {"assessing", "deciding", "decided", "deferred", "rejected"}
FUNDING_KIND = {"experiment": "stimulab", "project": "allocation", "demonstrator": "own", "national": "cofunding"}


def _date(value):
    return date.fromisoformat(value) if value else None


def load_measures(orgs, events, missions, sources) -> dict[str, Measure]:
    measures = {}
    for title, les, owner, partners, kind, status, stage, budget, start, end, reason in data.MEASURES:
        measure, _ = upsert(
            Measure,
            title=title,
            defaults={
                "description": "Illustrativt tiltak i demodataene.",
                "kind": kind,
                "status": status,
                "stage": stage,
                "termination_reason": reason,
                "owner": orgs[owner],
                "budget": budget,
                "start_date": _date(start),
                "end_date": _date(end),
                "is_illustrative": True,
                "source": "",
            },
        )
        measure.life_events.set([events[s] for s in les])
        measure.participants.set([orgs[k] for k in partners])
        measure.missions.set([missions[s] for s in les if s in missions])
        upsert(
            Funding,
            measure=measure,
            life_event=None,
            source=sources[FUNDING_KIND[kind]],
            year=measure.start_date.year,
            defaults={"amount": budget, "status": "full", "is_illustrative": True},
        )
        measures[title] = measure

    for title, desc, indicator, unit, base, expected, owner, bearer, dis, value, cost in data.BENEFITS:
        benefit, _ = upsert(
            Benefit,
            measure=measures[title],
            indicator=indicator,
            defaults={
                "description": desc,
                "unit": unit,
                "baseline": base,
                "expected_value": expected,
                "expected_date": measures[title].end_date,
                "owner": orgs[owner],
                "cost_bearer": orgs[bearer],
                "is_disbenefit": dis,
                "annual_value_nok": value,
                "annual_cost_nok": cost,
                "is_illustrative": True,
            },
        )
        if measures[title].status in ("ongoing", "completed") and not dis:
            upsert(
                BenefitRealisation,
                benefit=benefit,
                date=date(2024, 6, 30),
                defaults={"value": base + (expected - base) / 2, "note": "Illustrativ måling."},
            )

    for source, target, kind, note in data.DEPENDENCIES:
        upsert(
            Dependency,
            from_measure=measures[source],
            to_measure=measures[target],
            kind=kind,
            defaults={"note": note, "is_illustrative": True},
        )
    return measures


def load_learning(measures, office) -> None:
    for title, hypothesis, learned, next_step in data.LEARNING:
        upsert(
            LearningEntry,
            measure=measures[title],
            hypothesis=hypothesis,
            defaults={"learned": learned, "next_step": next_step, "author": office},
        )


def load_mission_targets(missions, measures) -> None:
    mission = missions.get("alvorlig-sykt-barn")
    if mission is None:
        return
    for indicator, unit, baseline, target, current in data.MISSION_TARGETS:
        target_row, _ = upsert(
            MissionTarget,
            mission=mission,
            indicator=indicator,
            defaults={
                "unit": unit,
                "baseline": baseline,
                "baseline_date": date(2022, 1, 1),
                "target_value": target,
                "target_date": date(2032, 12, 31),
                "is_illustrative": True,
            },
        )
        upsert(
            TargetMeasurement,
            target=target_row,
            date=date(2024, 6, 30),
            defaults={"value": current, "note": "Illustrativ måling."},
        )
        serving = [(measures[title], benefit) for title, benefit in data.TARGET_BENEFITS.get(indicator, [])]
        target_row.benefits.add(*[Benefit.objects.get(measure=m, indicator=b) for m, b in serving])


def load_proposals(orgs, events, measures, users) -> dict[str, Proposal]:
    agency, office = users["agency"], users["office"]
    criteria = ensure_default_criteria()
    measure_of_event = {}
    for measure in measures.values():
        for event in measure.life_events.all():
            measure_of_event.setdefault(event.slug, measure)
    proposals = {}
    start = datetime(2024, 1, 8, 9, 0, tzinfo=UTC)
    for i, (title, slug, org, status, qualification, cost) in enumerate(data.PROPOSALS):
        own = orgs[org].pk == agency.organisation_id
        proposal, _ = upsert(
            Proposal,
            title=title,
            is_illustrative=True,
            defaults={
                "need": data.NEEDS[slug],
                "solution": "Illustrativt forslag i demodataene.",
                "estimated_cost": cost,
                "channel": "submitted" if own else "received",
                "organisation": orgs[org],
                "created_by": agency if own else office,
                "status": status,
                "qualification": qualification,
                "qualification_reason": "Dekkes av eksisterende tilbud." if qualification == "not_qualified" else "",
                "shelf_reason": {"deferred": "no_funding", "rejected": "out_of_scope"}.get(status, ""),
                "related_measure": measure_of_event.get(slug) if qualification in ("extends", "complements") else None,
                "submitted_at": None if status == "draft" else start + timedelta(days=4 * i),
            },
        )
        proposal.life_events.set([events[slug]])
        proposals[title] = proposal
        if status in SCORED:
            assignment, _ = ReviewAssignment.objects.get_or_create(
                proposal=proposal, reviewer=office, defaults={"assigned_by": office}
            )
            if assignment.submitted_at is None and status != "assessing":
                assignment.submitted_at = start + timedelta(days=4 * i + 10)
                assignment.save(update_fields=["submitted_at"])
            for j, criterion in enumerate(criteria):
                Score.objects.get_or_create(
                    assignment=assignment, criterion=criterion, defaults={"value": (i * 3 + j * 2) % 5 + 1}
                )
    merged = proposals["Felles søknad om hjelpemidler og pleiepenger"]
    if merged.merged_into_id is None:
        merged.merged_into = proposals["Én kontaktperson for familier med alvorlig syke barn"]
        merged.save(update_fields=["merged_into"])
    return proposals


def load_decisions(orgs, events, proposals, office) -> None:
    body, _ = upsert(
        GovernanceBody,
        name="Porteføljekontoret for livshendelsene (illustrativt)",
        defaults={
            "kind": "portfolio_office",
            "mandate": "Illustrativt porteføljekontor som fasiliterer prosessen uten eierskap til forslagene.",
            "is_illustrative": True,
        },
    )
    body.life_events.set(events.values())
    BodyMembership.objects.get_or_create(body=body, organisation=orgs["DIGDIR"], role="secretariat")
    outcomes = {"decided": "start_experiment", "deferred": "defer", "rejected": "reject"}
    for i, proposal in enumerate(proposals.values()):
        outcome = outcomes.get(proposal.status)
        if outcome is None:
            continue
        upsert(
            Decision,
            proposal=proposal,
            subject=f"Behandling av forslaget «{proposal.title}»",
            defaults={
                "body": body,
                "date": date(2024, 3, 1) + timedelta(days=7 * i),
                "outcome": outcome,
                "rationale": "Illustrativ begrunnelse: vurdert etter nytte, kompleksitet og overlapp.",
                "decided_by": office,
                "is_illustrative": True,
            },
        )


@transaction.atomic
def load_illustrative(ref: dict, users: dict) -> dict:
    orgs, events = ref["orgs"], ref["events"]
    measures = load_measures(orgs, events, ref["missions"], ref["sources"])
    load_learning(measures, users["office"])
    load_mission_targets(ref["missions"], measures)
    proposals = load_proposals(orgs, events, measures, users)
    load_decisions(orgs, events, proposals, users["office"])
    return {"measures": measures, "proposals": proposals}
