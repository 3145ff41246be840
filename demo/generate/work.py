"""Synthetic measures with benefits and dependencies, proposals with their transitions, and scores."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType

from core.models import AuditEvent, OrganisationKind
from portfolio.choices import (
    BuildingBlockStage,
    Channel,
    DependencyKind,
    MeasureKind,
    MeasureStatus,
    ProposalStatus,
    Qualification,
)
from portfolio.models import Benefit, Dependency, Measure, Proposal, ReviewAssignment, Score, Transition

from .actors import synthetic_text
from .bulk import copy_rows, pick_weighted
from .words import ASSESSED, BASE_TIME, NEEDS, SOLUTIONS, STATUS_WEIGHTS, SYNTHETIC


def make_measures(rnd, ids, n, orgs, events, res):
    mids = list(ids.take(Measure, n))
    kinds, statuses, stages = MeasureKind.values, MeasureStatus.values, BuildingBlockStage.values
    rows, le_rows, part_rows, ben_rows, dep_rows = [], [], [], [], []
    owners = orgs[OrganisationKind.AGENCY] + orgs[OrganisationKind.MUNICIPALITY]
    ben_ids = iter(ids.take(Benefit, 2 * n))
    for pk in mids:
        _, s, g, title = synthetic_text(rnd)
        status = rnd.choice(statuses)
        start = date(2024, 1, 1) + timedelta(days=rnd.randint(0, 700))
        owner = rnd.choice(owners)
        rows.append(
            (
                pk,
                title[:200],
                f"Tiltaket skal gjøre {s} enklere for {g}. {rnd.choice(SOLUTIONS)}",
                rnd.choice(kinds),
                status,
                "Avsluttet etter evaluering." if status == "terminated" else "",
                rnd.choice(stages),
                owner,
                rnd.randint(2, 400) * 50_000,
                start,
                start + timedelta(days=rnd.randint(90, 900)),
                start + timedelta(days=rnd.randint(30, 400)),
                True,
                SYNTHETIC,
            )
        )
        for ev in rnd.sample(events, min(len(events), rnd.randint(1, 2))):
            le_rows.append((pk, ev))
        for org in {rnd.choice(orgs["all"]) for _ in range(2)} - {owner}:
            part_rows.append((pk, org))
        for _ in range(2):
            ben_rows.append(
                (
                    next(ben_ids),
                    pk,
                    f"Spart tid for {g} ved {s}.",
                    f"Timer spart ({s})",
                    "timer",
                    rnd.randint(1, 50) * 1000,
                    owner,
                    rnd.choice(orgs["all"]),
                    rnd.random() < 0.1,
                    rnd.randint(1, 200) * 10_000,
                    rnd.randint(0, 100) * 5_000,
                    True,
                )
            )
    res.counts["measures"] = copy_rows(
        Measure,
        [
            "id",
            "title",
            "description",
            "kind",
            "status",
            "termination_reason",
            "stage",
            "owner_id",
            "budget",
            "start_date",
            "end_date",
            "next_review_date",
            "is_illustrative",
            "source",
        ],
        rows,
    )
    copy_rows(Measure.life_events.through, ["measure_id", "lifeevent_id"], le_rows)
    copy_rows(Measure.participants.through, ["measure_id", "organisation_id"], part_rows)
    res.counts["benefits"] = copy_rows(
        Benefit,
        [
            "id",
            "measure_id",
            "description",
            "indicator",
            "unit",
            "expected_value",
            "owner_id",
            "cost_bearer_id",
            "is_disbenefit",
            "annual_value_nok",
            "annual_cost_nok",
            "is_illustrative",
        ],
        ben_rows,
    )
    seen = set()
    dep_ids = iter(ids.take(Dependency, n // 2))
    for _ in range(n // 2):
        a, b = rnd.sample(mids, 2) if len(mids) > 1 else (None, None)
        kind = rnd.choice(DependencyKind.values)
        if a is None or (a, b, kind) in seen:
            next(dep_ids)
            continue
        seen.add((a, b, kind))
        dep_rows.append((next(dep_ids), a, b, kind, "", True))
    res.counts["dependencies"] = copy_rows(
        Dependency, ["id", "from_measure_id", "to_measure_id", "kind", "note", "is_illustrative"], dep_rows
    )
    return mids


def make_proposals(rnd, ids, n, orgs, users, events, measure_ids, res):
    pick_status = pick_weighted(rnd, STATUS_WEIGHTS)
    office = users["office"]
    agencies = orgs[OrganisationKind.AGENCY]
    ct = ContentType.objects.get_for_model(Proposal).pk
    rows, le_rows, part_rows, tr_rows, audit_rows = [], [], [], [], []
    pids = list(ids.take(Proposal, n))
    for i, pk in enumerate(pids):
        a, s, g, title = synthetic_text(rnd)
        status = pick_status()
        org = rnd.choice(agencies)
        created = BASE_TIME - timedelta(minutes=(n - i) * 7 + rnd.randint(0, 6))
        submitted = None if status == ProposalStatus.DRAFT else created + timedelta(hours=rnd.randint(1, 48))
        changed = (submitted or created) + timedelta(days=rnd.randint(0, 60))
        qual, reason, related, merged = "", "", None, None
        if status not in (
            ProposalStatus.DRAFT,
            ProposalStatus.SUBMITTED,
            ProposalStatus.HARMONISING,
            ProposalStatus.WITHDRAWN,
        ):
            qual = rnd.choice([Qualification.NEW_CANDIDATE, Qualification.EXTENDS, Qualification.COMPLEMENTS])
            if status == ProposalStatus.NOT_QUALIFIED:
                qual, reason = Qualification.NOT_QUALIFIED, "Ligger utenfor porteføljens livshendelser."
            if status == ProposalStatus.MERGED and i > 0:
                qual, reason, merged = (
                    Qualification.DUPLICATE,
                    "Samme behov som et tidligere forslag.",
                    pids[rnd.randrange(i)],
                )
            if qual in (Qualification.EXTENDS, Qualification.COMPLEMENTS) and measure_ids:
                related = rnd.choice(measure_ids)
        if status == ProposalStatus.MERGED and merged is None:
            status = ProposalStatus.SUBMITTED
        need = rnd.choice(NEEDS).format(g=g, s=s)
        rows.append(
            (
                pk,
                title[:200],
                need,
                rnd.choice(SOLUTIONS),
                f"Mindre tid brukt på {s}; færre henvendelser.",
                g,
                rnd.randint(1, 300) * 25_000,
                rnd.choice(Channel.values),
                org,
                users["by_org"][org],
                status,
                changed,
                qual,
                reason,
                related,
                merged,
                office if submitted else None,
                submitted,
                True,
                created,
                changed,
            )
        )
        for ev in rnd.sample(events, min(len(events), rnd.randint(1, 2))):
            le_rows.append((pk, ev))
        if rnd.random() < 0.3:
            part_rows.append((pk, rnd.choice(orgs["all"])))
        if submitted:
            tr_rows.append((pk, ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, users["by_org"][org], "", submitted))
            audit_rows.append(
                (submitted, users["by_org"][org], "portfolio.proposal.submitted", ct, str(pk), title[:300], "{}", "")
            )
            if status != ProposalStatus.SUBMITTED:
                tr_rows.append((pk, ProposalStatus.SUBMITTED, status, office, reason, changed))
                audit_rows.append(
                    (
                        changed,
                        office,
                        "portfolio.proposal.status_changed",
                        ct,
                        str(pk),
                        title[:300],
                        f'{{"status": ["submitted", "{status}"]}}',
                        reason,
                    )
                )
    res.counts["proposals"] = copy_rows(
        Proposal,
        [
            "id",
            "title",
            "need",
            "solution",
            "expected_benefits",
            "beneficiaries",
            "estimated_cost",
            "channel",
            "organisation_id",
            "created_by_id",
            "status",
            "status_changed_at",
            "qualification",
            "qualification_reason",
            "related_measure_id",
            "merged_into_id",
            "facilitator_id",
            "submitted_at",
            "is_illustrative",
            "created_at",
            "updated_at",
        ],
        rows,
    )
    copy_rows(Proposal.life_events.through, ["proposal_id", "lifeevent_id"], le_rows)
    copy_rows(Proposal.partners.through, ["proposal_id", "organisation_id"], set(part_rows))
    tr = [(pk,) + r for pk, r in zip(ids.take(Transition, len(tr_rows)), tr_rows, strict=True)]
    res.counts["transitions"] = copy_rows(
        Transition, ["id", "proposal_id", "from_status", "to_status", "by_id", "reason", "at"], tr
    )
    au = [(pk,) + r for pk, r in zip(ids.take(AuditEvent, len(audit_rows)), audit_rows, strict=True)]
    res.counts["audit_events"] = copy_rows(
        AuditEvent,
        ["id", "created_at", "actor_id", "action", "content_type_id", "object_id", "object_repr", "changes", "note"],
        au,
    )
    res._assessed = [r[0] for r in rows if r[10] in ASSESSED]  # type: ignore[attr-defined]


def make_scores(rnd, ids, n, users, criteria, res):
    """Each assessed proposal gets up to three reviewers who scored every criterion, until n scores are written."""
    assessed = getattr(res, "_assessed", [])
    reviewers = users["agency"]
    per = len(criteria)
    a_rows, s_rows = [], []
    if n and assessed and reviewers:
        n_assign = -(-n // per)
        a_ids = iter(ids.take(ReviewAssignment, n_assign))
        s_ids = iter(ids.take(Score, n_assign * per))
        k = 0
        while len(a_rows) < n_assign and k < len(assessed) * len(reviewers):
            pid = assessed[k % len(assessed)]
            r = reviewers[k // len(assessed)]
            k += 1
            apk = next(a_ids)
            a_rows.append((apk, pid, r, users["office"], BASE_TIME, BASE_TIME))
            for c in criteria:
                if len(s_rows) < n:
                    s_rows.append((next(s_ids), apk, c, rnd.randint(1, 5), "", 1, BASE_TIME))
    res.counts["review_assignments"] = copy_rows(
        ReviewAssignment, ["id", "proposal_id", "reviewer_id", "assigned_by_id", "assigned_at", "submitted_at"], a_rows
    )
    res.counts["scores"] = copy_rows(
        Score, ["id", "assignment_id", "criterion_id", "value", "comment", "version", "updated_at"], s_rows
    )
