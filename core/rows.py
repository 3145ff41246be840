"""What the rows of a list share: each date written as the template's `date` filter writes it, with the format
looked up once per page rather than once per row (issue 17)."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.utils import formats, timezone


def dates(format_name: str = "SHORT_DATE_FORMAT") -> Callable[[datetime.date | None], tuple[str, str]]:
    """A function date or datetime → (its ISO text, its text in the active language's `format_name`): what
    `{{ value|date:"c" }}` and `{{ value|date:format_name }}` write (an aware datetime in the current time zone;
    ("", "") for None). Call it once per request (the language may differ between requests)."""
    django_format = formats.get_format(format_name)

    def texts(value) -> tuple[str, str]:
        if value is None:
            return "", ""
        if isinstance(value, datetime.datetime) and timezone.is_aware(value):  # as the template shows it
            value = timezone.localtime(value)
        return value.isoformat(), formats.date_format(value, django_format)

    return texts


def choice_labels(choices) -> dict[str, str]:
    """A choices class's labels, {stored value: label}, in the active language: looked up once per page or table,
    not once per row."""
    return {value: str(label) for value, label in choices.choices}


def with_joined(rows, relation: str, into: str, each: Callable | None = None) -> list:
    """The parents of a query that joins each parent to its children (`FilteredRelation(relation)` under the name
    `relation`, selected with `select_related`: one row per child, a LEFT JOIN's one row for a parent without any),
    each parent once, in the query's order, with its children in `into` (a list, in the query's order).
    `each(child, row)` completes a child from its row's annotations. One query where a prefetch makes two."""
    parents: dict = {}
    for row in rows:
        parent = parents.setdefault(row.pk, row)
        if parent is row:
            setattr(parent, into, [])
        child = getattr(row, relation, None)  # (not set on a row without one)
        if child is not None:
            if each is not None:
                each(child, row)
            getattr(parent, into).append(child)
    return list(parents.values())
