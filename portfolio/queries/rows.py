"""SQL forms of the names a page prints beside a row, for reading related rows as JSON with the row itself (issue 17):
each is tested equal to the Python it stands for; and a filter on a list of keys as one parameter (`any_key`)."""

from __future__ import annotations

import datetime

from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, BooleanField, CharField, Expression, F, Func, Value
from django.db.models.functions import Coalesce, NullIf, Trim


def user_name(prefix: str) -> Coalesce:
    """`str(user)` (core.models.User: the full name, else the user name) of the user at `prefix`; NULL without one."""
    # PostgreSQL's CONCAT (NULL as ''), which Django's Concat emulates with a COALESCE and a copy of each part,
    # built again every time a query is compiled
    full = Trim(
        Func(F(f"{prefix}first_name"), Value(" "), F(f"{prefix}last_name"), function="CONCAT", output_field=CharField())
    )
    return Coalesce(NullIf(full, Value("")), F(f"{prefix}username"))


def organisation_label(prefix: str) -> Coalesce:
    """`Organisation.label` (the short name, else the name) of the organisation at `prefix`."""
    return Coalesce(NullIf(F(f"{prefix}short_name"), Value("")), F(f"{prefix}name"))


def moment(value: str | None) -> datetime.datetime | None:
    """A time stamp as JSON gives it back (ISO 8601 with its offset)."""
    return datetime.datetime.fromisoformat(value) if value else None


class AnyOf(Func):
    """`value = ANY(array)` as a boolean expression (for `filter()`)."""

    template = "%(expressions)s)"
    arg_joiner = " = ANY("
    output_field = BooleanField()


class _Keys(Expression):
    """Keys as one bigint[] parameter, handed to the driver as they are: they are the database's own integers, so
    the per-element preparation a `Value` with an ArrayField does (about ten calls a key) is not needed."""

    def __init__(self, keys: list[int]):
        super().__init__(output_field=_KEYS_FIELD)
        self.keys = keys

    def as_sql(self, compiler, connection):
        return "%s::bigint[]", [self.keys]


_KEYS_FIELD = ArrayField(BigIntegerField())


def any_key(field: str, keys: list[int]) -> AnyOf:
    """`field = ANY(%s)` (for `filter()`): the keys as one array parameter. `field__in=keys` makes a parameter of each
    key for Django to prepare and PostgreSQL to parse, most of a query's cost with thousands of keys (the priorities
    rank every candidate: 6,890 keys, 40 ms to compile an IN list that matches nothing)."""
    return AnyOf(F(field), _Keys(keys))
