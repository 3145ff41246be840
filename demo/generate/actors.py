"""Synthetic organisations, users, life events and the scoring criteria."""

from __future__ import annotations

from django.contrib.auth.hashers import make_password

from core.models import Organisation, OrganisationKind, Role, User
from lifeevents.models import LifeEvent, Participation
from portfolio.models import Criterion

from .bulk import copy_rows, orgnr_for
from .words import ACTIONS, BASE_TIME, CRITERIA, GROUPS, ORG_STEMS, ORG_TOPICS, SUBJECTS, SYNTHETIC, USER_PREFIX


def make_actors(rnd, ids, n, res):
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
    res.counts["organisations"] = copy_rows(
        Organisation, ["id", "name", "short_name", "kind", "orgnr", "parent_id", "is_illustrative"], rows
    )
    orgs["all"] = [r[0] for r in rows]
    return orgs


def make_users(rnd, ids, orgs, password, res):
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
    res.counts["users"] = copy_rows(
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


def make_life_events(rnd, ids, orgs, res):
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
        copy_rows(
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
    copy_rows(
        Participation,
        ["organisation_id", "life_event_id", "role", "interest", "influence", "involvement", "source"],
        prow,
    )
    return events


def make_criteria(res):
    out = []
    for i, (name, axis, weight) in enumerate(CRITERIA):
        c, _ = Criterion.objects.get_or_create(name=name, defaults={"axis": axis, "weight": weight, "sort_order": i})
        out.append(c.pk)
    res.counts["criteria"] = len(out)
    return out


def synthetic_text(rnd):
    a, s, g = rnd.choice(ACTIONS), rnd.choice(SUBJECTS), rnd.choice(GROUPS)
    return a, s, g, f"{a} {s} for {g}"
