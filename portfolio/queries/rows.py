"""SQL forms of the names a page prints beside a row, for reading related rows as JSON with the row itself (issue 17):
each is tested equal to the Python it stands for."""

from __future__ import annotations

import datetime

from django.db.models import CharField, F, Func, Value
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
