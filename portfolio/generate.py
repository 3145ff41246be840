"""A deterministic synthetic portfolio for benchmarks (`manage.py generate_portfolio`).

Everything written here is synthetic: organisations, users, measures, proposals and benefits carry
`is_illustrative=True` where the model has the flag, and names say "(syntetisk)". Rows go in with PostgreSQL COPY
(psycopg 3) with explicit ids, so 100,000 proposals take seconds; the sequences are moved past them afterwards.
Fields added to the models later are filled from their Python defaults, so the generator keeps working.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone
from psycopg import sql

from core.models import AuditEvent, Organisation, OrganisationKind, Role, User
from lifeevents.models import LifeEvent, Participation

from .choices import (
    BuildingBlockStage,
    Channel,
    CriterionAxis,
    DependencyKind,
    MeasureKind,
    MeasureStatus,
    ProposalStatus,
    Qualification,
)
from .models import Benefit, Criterion, Dependency, Measure, Proposal, ReviewAssignment, Score, Transition

SYNTHETIC = "syntetisk"
USER_PREFIX = "syn-"
BASE_TIME = datetime(2026, 1, 1, 8, 0, tzinfo=UTC)

ACTIONS = [
    "Digital søknad om",
    "Automatisk saksbehandling av",
    "Felles veiledning om",
    "Sammenhengende tjeneste for",
    "Proaktiv varsling om",
    "Forenklet innrapportering av",
    "Deling av data om",
    "Chatbot for spørsmål om",
    "Selvbetjening for",
    "Samordnet oppfølging ved",
    "Felles innsyn i",
    "Én inngang til",
]
SUBJECTS = [
    "bostøtte",
    "dødsfall og arv",
    "startlån",
    "barnehageplass",
    "sykepenger",
    "uføretrygd",
    "foreldrepenger",
    "flytting",
    "samlivsbrudd",
    "arbeidsledighet",
    "alderspensjon",
    "førerkort",
    "byggesøknad",
    "oppstart av bedrift",
    "alvorlig sykdom",
    "barn med behov for ekstra oppfølging",
    "studiestøtte",
    "bosetting av flyktninger",
    "tannhelse",
    "omsorgslønn",
    "hjelpemidler",
    "skattekort",
]
GROUPS = [
    "unge voksne",
    "eldre",
    "enslige forsørgere",
    "pårørende",
    "personer med nedsatt funksjonsevne",
    "nyankomne innvandrere",
    "gründere",
    "kommunene",
    "saksbehandlere",
    "familier med små barn",
    "studenter",
]
NEEDS = [
    "I dag må {g} kontakte flere etater for å ordne {s}, og de samme opplysningene oppgis flere ganger.",
    "Mange {g} vet ikke at de har rett på hjelp ved {s}, og søker for sent eller ikke i det hele tatt.",
    "Saksbehandlingen av {s} tar lang tid fordi dokumentasjon sendes på papir mellom {g} og forvaltningen.",
    "Informasjonen om {s} er spredt på mange nettsteder, og {g} opplever den som vanskelig å forstå.",
]
SOLUTIONS = [
    "Vi foreslår å gjenbruke data fra Folkeregisteret og A-ordningen slik at søknaden forhåndsutfylles.",
    "En felles løsning på tvers av etatene der brukeren ser status for alle saker på ett sted.",
    "Et eksperiment med klarspråk og brukertesting før en eventuell nasjonal innføring.",
    "Automatisk vedtak der regelverket tillater det, og manuell behandling bare for de vanskelige sakene.",
]
ORG_STEMS = [
    "Direktoratet for",
    "Etaten for",
    "Tilsynet for",
    "Senteret for",
    "Kontoret for",
    "Forvaltningen av",
]
ORG_TOPICS = [
    "digital samhandling",
    "velferd",
    "bolig",
    "familie",
    "helsetjenester",
    "utdanning",
    "skatt og avgift",
    "arbeid og inkludering",
    "trygd",
    "kommunal tjenesteyting",
    "innovasjon",
    "eiendom",
]
CRITERIA = [
    ("Gevinst for brukerne", CriterionAxis.POTENTIAL, 3),
    ("Samfunnsøkonomisk potensial", CriterionAxis.POTENTIAL, 2),
    ("Gjenbruk på tvers", CriterionAxis.POTENTIAL, 1),
    ("Teknisk kompleksitet", CriterionAxis.COMPLEXITY, 2),
    ("Regelverk og juss", CriterionAxis.COMPLEXITY, 1),
]
# How the generated proposals spread over the statuses (weights).
STATUS_WEIGHTS = {
    ProposalStatus.DRAFT: 6,
    ProposalStatus.SUBMITTED: 18,
    ProposalStatus.HARMONISING: 14,
    ProposalStatus.ASSESSING: 16,
    ProposalStatus.DECIDING: 8,
    ProposalStatus.DECIDED: 14,
    ProposalStatus.WITHDRAWN: 4,
    ProposalStatus.MERGED: 4,
    ProposalStatus.NOT_QUALIFIED: 6,
    ProposalStatus.DEFERRED: 5,
    ProposalStatus.REJECTED: 5,
}
ASSESSED = {
    ProposalStatus.ASSESSING,
    ProposalStatus.DECIDING,
    ProposalStatus.DECIDED,
    ProposalStatus.DEFERRED,
    ProposalStatus.REJECTED,
}


@dataclass
class Result:
    counts: dict[str, int] = field(default_factory=dict)
    usernames: dict[str, str] = field(default_factory=dict)  # role -> a username with that role


def orgnr_for(n: int) -> str:
    """A valid (MOD11) synthetic organisation number in the 99xxxxxxx range."""
    weights = (3, 2, 7, 6, 5, 4, 3, 2)
    while True:
        body = f"99{n:06d}"
        rest = 11 - sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11
        if rest == 11:
            return body + "0"
        if rest != 10:
            return body + str(rest)
        n += 500_000  # no valid check digit: take another body


class _Ids:
    """Explicit primary keys above the current maximum of each table."""

    def __init__(self):
        self.next: dict[type, int] = {}

    def take(self, model, n: int) -> range:
        if model not in self.next:
            top = model.objects.aggregate(m=models.Max("pk"))["m"] or 0
            self.next[model] = top + 1
        start = self.next[model]
        self.next[model] = start + n
        return range(start, start + n)


def _copy(model_or_table, columns: list[str], rows) -> int:
    """COPY rows into a model's table; concrete columns not given are filled from their Python defaults."""
    if isinstance(model_or_table, str):
        table, extra = model_or_table, []
    else:
        table = model_or_table._meta.db_table
        now = timezone.now()
        extra = []
        for f in model_or_table._meta.concrete_fields:
            if f.column in columns or getattr(f, "generated", False):
                continue
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                extra.append((f.column, now))
            elif f.has_default() or not f.null:
                value = f.get_default()
                if value is not None or f.null:
                    extra.append((f.column, f.get_db_prep_save(value, connection)))
                # else: an identity column or a database default
            else:
                extra.append((f.column, None))
    cols = columns + [c for c, _ in extra]
    tail = tuple(v for _, v in extra)
    n = 0
    query = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, cols))
    )
    with connection.cursor() as cur, cur.cursor.copy(query) as copy:
        for row in rows:
            copy.write_row(tuple(row) + tail)
            n += 1
    return n


def _reset_sequences(models_: list) -> None:
    with connection.cursor() as cur:
        for m in models_:
            t, pk = m._meta.db_table, m._meta.pk.column
            cur.cursor.execute(
                sql.SQL("SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE((SELECT MAX({}) FROM {}), 1))").format(
                    sql.Identifier(pk), sql.Identifier(t)
                ),
                [f'"{t}"', pk],
            )


def _pick_weighted(rnd: random.Random, weights: dict):
    keys, w = list(weights), list(weights.values())
    return lambda: rnd.choices(keys, w)[0]


def generate_portfolio(
    *, proposals: int, measures: int, actors: int, scores: int, seed: int = 1, password: str | None = None
) -> Result:
    """Write a synthetic portfolio in one transaction; the same seed gives the same data on an empty database."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The generator writes with PostgreSQL COPY; set DATABASE_URL to a PostgreSQL database.")
    if User.objects.filter(username=f"{USER_PREFIX}office").exists():
        raise RuntimeError("This database already holds a synthetic portfolio; generate into a fresh database.")
    rnd = random.Random(seed)
    res = Result()
    ids = _Ids()
    with transaction.atomic():
        orgs = _actors(rnd, ids, actors, res)
        users = _users(rnd, ids, orgs, password, res)
        events = _life_events(rnd, ids, orgs, res)
        criteria = _criteria(res)
        measure_ids = _measures(rnd, ids, measures, orgs, events, res)
        _proposals(rnd, ids, proposals, orgs, users, events, measure_ids, res)
        _scores(rnd, ids, scores, users, criteria, res)
        _reset_sequences(
            [
                Organisation,
                User,
                LifeEvent,
                Participation,
                Measure,
                Benefit,
                Dependency,
                Proposal,
                Transition,
                ReviewAssignment,
                Score,
                AuditEvent,
            ]
        )
    with connection.cursor() as cur:
        for m in (Proposal, Measure, Score, ReviewAssignment, AuditEvent):
            cur.cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(m._meta.db_table)))
    return res


def _actors(rnd, ids, n, res):
    n = max(n, 6)
    kinds = (
        [OrganisationKind.MINISTRY] * 2
        + [OrganisationKind.AGENCY] * 5
        + [OrganisationKind.MUNICIPALITY] * 2
        + [OrganisationKind.VOLUNTARY, OrganisationKind.PRIVATE, OrganisationKind.SUPPLIER]
    )
    taken = set(Organisation.objects.exclude(orgnr="").values_list("orgnr", flat=True))
    rows, orgs = [], {k: [] for k in OrganisationKind.values}
    for i, pk in enumerate(ids.take(Organisation, n)):
        kind = OrganisationKind.MINISTRY if i < 2 else (OrganisationKind.AGENCY if i < 5 else rnd.choice(kinds))
        name = f"{rnd.choice(ORG_STEMS)} {rnd.choice(ORG_TOPICS)} {i + 1} ({SYNTHETIC})"
        if kind == OrganisationKind.MINISTRY:
            name = f"Departementet for {rnd.choice(ORG_TOPICS)} {i + 1} ({SYNTHETIC})"
        orgnr = orgnr_for(i)
        if orgnr in taken:
            orgnr = ""
        parent = (
            orgs[OrganisationKind.MINISTRY][i % max(1, len(orgs[OrganisationKind.MINISTRY]))]
            if (kind == OrganisationKind.AGENCY and orgs[OrganisationKind.MINISTRY])
            else None
        )
        rows.append((pk, name, f"SYN{i + 1}", kind, orgnr, parent, True))
        orgs[kind].append(pk)
    res.counts["organisations"] = _copy(
        Organisation, ["id", "name", "short_name", "kind", "orgnr", "parent_id", "is_illustrative"], rows
    )
    orgs["all"] = [r[0] for r in rows]
    return orgs


def _users(rnd, ids, orgs, password, res):
    pw = make_password(password) if password else make_password(None)
    agencies = orgs[OrganisationKind.AGENCY]
    plan = [
        ("office", Role.PORTFOLIO_OFFICE, agencies[0], False),
        ("admin", Role.ADMINISTRATOR, agencies[0], True),
        ("ministry", Role.MINISTRY_OFFICIAL, orgs[OrganisationKind.MINISTRY][0], False),
    ]
    plan += [(f"agency{k + 1}", Role.AGENCY_STAFF, org, False) for k, org in enumerate(agencies)]
    rows, users = [], {"agency": [], "by_org": {}}
    for (name, role, org, admin), pk in zip(plan, ids.take(User, len(plan)), strict=True):
        username = f"{USER_PREFIX}{name}"
        rows.append(
            (
                pk,
                username,
                pw,
                "Syntetisk",
                name.capitalize(),
                f"{username}@example.invalid",
                admin,
                admin,
                True,
                BASE_TIME,
                org,
                role,
            )
        )
        users.setdefault(name, pk)
        if role == Role.AGENCY_STAFF:
            users["agency"].append(pk)
            users["by_org"][org] = pk
    res.counts["users"] = _copy(
        User,
        [
            "id",
            "username",
            "password",
            "first_name",
            "last_name",
            "email",
            "is_staff",
            "is_superuser",
            "is_active",
            "date_joined",
            "organisation_id",
            "role",
        ],
        rows,
    )
    res.usernames = {
        "portfolio_office": f"{USER_PREFIX}office",
        "administrator": f"{USER_PREFIX}admin",
        "ministry_official": f"{USER_PREFIX}ministry",
        "agency_staff": f"{USER_PREFIX}agency1",
    }
    return users


def _life_events(rnd, ids, orgs, res):
    events = list(LifeEvent.objects.order_by("pk").values_list("pk", flat=True))
    ministry = orgs[OrganisationKind.MINISTRY][0]
    if not events:
        rows = []
        for i, pk in enumerate(ids.take(LifeEvent, 8)):
            subject = SUBJECTS[i]
            rows.append(
                (
                    pk,
                    f"syn-{i + 1}",
                    f"Livshendelse: {subject} ({SYNTHETIC})",
                    "",
                    f"Life event {i + 1}",
                    orgs[OrganisationKind.MINISTRY][i % 2],
                    f"Syntetisk livshendelse om {subject}.",
                    i,
                    SYNTHETIC,
                )
            )
        _copy(
            LifeEvent,
            ["id", "slug", "name_nb", "name_nn", "name_en", "owner_ministry_id", "description", "sort_order", "source"],
            rows,
        )
        events = [r[0] for r in rows]
    res.counts["life_events"] = len(events)
    # The synthetic ministry takes part in every life event (so the ministry dashboard has something to show).
    taken = set(Participation.objects.values_list("organisation_id", "life_event_id", "role"))
    prow = []
    for ev in events:
        for org, role in (
            (ministry, "owner_ministry"),
            (orgs[OrganisationKind.AGENCY][0], "executing_agency"),
            (rnd.choice(orgs["all"]), "collaborator"),
        ):
            if (org, ev, role) not in taken:
                taken.add((org, ev, role))
                prow.append((org, ev, role, rnd.randint(1, 5), rnd.randint(1, 5), "involved", SYNTHETIC))
    _copy(
        Participation,
        ["organisation_id", "life_event_id", "role", "interest", "influence", "involvement", "source"],
        prow,
    )
    return events


def _criteria(res):
    out = []
    for i, (name, axis, weight) in enumerate(CRITERIA):
        c, _ = Criterion.objects.get_or_create(name=name, defaults={"axis": axis, "weight": weight, "sort_order": i})
        out.append(c.pk)
    res.counts["criteria"] = len(out)
    return out


def _text(rnd):
    a, s, g = rnd.choice(ACTIONS), rnd.choice(SUBJECTS), rnd.choice(GROUPS)
    return a, s, g, f"{a} {s} for {g}"


def _measures(rnd, ids, n, orgs, events, res):
    mids = list(ids.take(Measure, n))
    kinds, statuses, stages = MeasureKind.values, MeasureStatus.values, BuildingBlockStage.values
    rows, le_rows, part_rows, ben_rows, dep_rows = [], [], [], [], []
    owners = orgs[OrganisationKind.AGENCY] + orgs[OrganisationKind.MUNICIPALITY]
    ben_ids = iter(ids.take(Benefit, 2 * n))
    for pk in mids:
        _, s, g, title = _text(rnd)
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
    res.counts["measures"] = _copy(
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
    _copy(Measure.life_events.through, ["measure_id", "lifeevent_id"], le_rows)
    _copy(Measure.participants.through, ["measure_id", "organisation_id"], part_rows)
    res.counts["benefits"] = _copy(
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
    res.counts["dependencies"] = _copy(
        Dependency, ["id", "from_measure_id", "to_measure_id", "kind", "note", "is_illustrative"], dep_rows
    )
    return mids


def _proposals(rnd, ids, n, orgs, users, events, measure_ids, res):
    pick_status = _pick_weighted(rnd, STATUS_WEIGHTS)
    office = users["office"]
    agencies = orgs[OrganisationKind.AGENCY]
    ct = ContentType.objects.get_for_model(Proposal).pk
    rows, le_rows, part_rows, tr_rows, audit_rows = [], [], [], [], []
    pids = list(ids.take(Proposal, n))
    for i, pk in enumerate(pids):
        a, s, g, title = _text(rnd)
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
    res.counts["proposals"] = _copy(
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
    _copy(Proposal.life_events.through, ["proposal_id", "lifeevent_id"], le_rows)
    _copy(Proposal.partners.through, ["proposal_id", "organisation_id"], set(part_rows))
    tr = [(pk,) + r for pk, r in zip(ids.take(Transition, len(tr_rows)), tr_rows, strict=True)]
    res.counts["transitions"] = _copy(
        Transition, ["id", "proposal_id", "from_status", "to_status", "by_id", "reason", "at"], tr
    )
    au = [(pk,) + r for pk, r in zip(ids.take(AuditEvent, len(audit_rows)), audit_rows, strict=True)]
    res.counts["audit_events"] = _copy(
        AuditEvent,
        ["id", "created_at", "actor_id", "action", "content_type_id", "object_id", "object_repr", "changes", "note"],
        au,
    )
    res._assessed = [r[0] for r in rows if r[10] in ASSESSED]  # type: ignore[attr-defined]


def _scores(rnd, ids, n, users, criteria, res):
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
    res.counts["review_assignments"] = _copy(
        ReviewAssignment, ["id", "proposal_id", "reviewer_id", "assigned_by_id", "assigned_at", "submitted_at"], a_rows
    )
    res.counts["scores"] = _copy(
        Score, ["id", "assignment_id", "criterion_id", "value", "comment", "version", "updated_at"], s_rows
    )
