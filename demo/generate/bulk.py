"""Writing many rows fast: explicit ids, PostgreSQL COPY with the models' defaults, sequences moved past them."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.db import connection, models
from django.utils import timezone
from psycopg import sql


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


class Ids:
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


def copy_rows(model_or_table, columns: list[str], rows) -> int:
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


def reset_sequences(models_: list) -> None:
    with connection.cursor() as cur:
        for m in models_:
            t, pk = m._meta.db_table, m._meta.pk.column
            cur.cursor.execute(
                sql.SQL("SELECT setval(pg_get_serial_sequence(%s, %s), COALESCE((SELECT MAX({}) FROM {}), 1))").format(
                    sql.Identifier(pk), sql.Identifier(t)
                ),
                [f'"{t}"', pk],
            )


def pick_weighted(rnd: random.Random, weights: dict):
    keys, w = list(weights), list(weights.values())
    return lambda: rnd.choices(keys, w)[0]
