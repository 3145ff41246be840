"""A deterministic synthetic portfolio for benchmarks (`manage.py generate_portfolio`).

Everything written here is synthetic: organisations, users, measures, proposals and benefits carry
`is_illustrative=True` where the model has the flag, and names say "(syntetisk)". Rows go in with PostgreSQL COPY
(psycopg 3) with explicit ids, so 100,000 proposals take seconds; the sequences are moved past them afterwards.
Fields added to the models later are filled from their Python defaults, so the generator keeps working.
"""

from __future__ import annotations

import random

from django.db import connection, transaction
from psycopg import sql

from core.models import AuditEvent, Organisation, User
from lifeevents.models import LifeEvent, Participation
from portfolio.models import Benefit, Dependency, Measure, Proposal, ReviewAssignment, Score, Transition

from .actors import make_actors, make_criteria, make_life_events, make_users
from .bulk import Ids, Result, orgnr_for, reset_sequences
from .words import USER_PREFIX
from .work import make_measures, make_proposals, make_scores

__all__ = ["Result", "generate_portfolio", "orgnr_for"]


def _row_triggers() -> list[tuple[str, str]]:
    """(table, trigger) of the history and protection triggers (django-pgtrigger's, named `pgtrigger_…`)."""
    with connection.cursor() as cur:
        cur.execute(
            "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'pgtrigger%'"
        )
        return cur.fetchall()


def _set_triggers(triggers, state: str) -> None:
    """A bulk load, like a restore, writes no history rows: each row's trigger runs two PL/pgSQL blocks with an
    EXCEPTION clause (a subtransaction each), and 100,000 of them in one transaction made a COPY take over half an
    hour. Foreign keys are still checked (their triggers are internal). Inside the generator's transaction only."""
    with connection.cursor() as cur:
        if state == "ENABLE":
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign-key checks run now, not pending
        for table, name in triggers:
            cur.execute(sql.SQL("ALTER TABLE {} {} TRIGGER {}").format(sql.SQL(table), sql.SQL(state),
                                                                        sql.Identifier(name)))  # fmt: skip


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
    ids = Ids()
    with transaction.atomic():
        triggers = _row_triggers()
        _set_triggers(triggers, "DISABLE")
        orgs = make_actors(rnd, ids, actors, res)
        users = make_users(rnd, ids, orgs, password, res)
        events = make_life_events(rnd, ids, orgs, res)
        criteria = make_criteria(res)
        measure_ids = make_measures(rnd, ids, measures, orgs, events, res)
        make_proposals(rnd, ids, proposals, orgs, users, events, measure_ids, res)
        make_scores(rnd, ids, scores, users, criteria, res)
        _set_triggers(triggers, "ENABLE")
        reset_sequences(
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
    # Statistics for the planner, and (outside a transaction, as autovacuum would soon do) the visibility map that
    # index-only scans need, for every table (the many-to-many links too: a ministry's scope joins them). Inside a
    # test's transaction VACUUM is not allowed: ANALYZE only.
    with connection.cursor() as cur:
        cur.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    return res
