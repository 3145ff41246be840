"""What the rows of a list share: each date written as the template's `date` filter writes it, with the format
looked up once per page rather than once per row (issue 17), and a day's text written once per page."""

from __future__ import annotations

import datetime
import html
from collections.abc import Callable

from django.utils import formats, timezone
from django.utils.safestring import SafeData, SafeString

# the specifiers of Django's date format that read the day alone (not its time, time zone or moment: c, r, U, I)
DAY_SPECIFIERS = frozenset("bdDEFjlLmMnNoStwWyYz")


def _reads_the_day_only(django_format: str) -> bool:
    """Whether a date format's text depends on the (local) day only: every letter, unless escaped, a day's."""
    escaped = False
    for char in django_format:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char.isalpha() and char not in DAY_SPECIFIERS:
            return False
    return True


def dates(format_name: str = "SHORT_DATE_FORMAT") -> Callable[[datetime.date | None], tuple[str, str]]:
    """A function date or datetime → (its ISO text, its text in the active language's `format_name`): what
    `{{ value|date:"c" }}` and `{{ value|date:format_name }}` write (an aware datetime in the current time zone;
    ("", "") for None). Call it once per request (the language and the time zone may differ between requests). A
    format of the day alone (the short date) is written once per day: a page's rows are often of a few days."""
    django_format = formats.get_format(format_name)
    by_day: dict | None = {} if _reads_the_day_only(django_format) else None
    zone = timezone.get_current_timezone()  # what timezone.localtime() reads for each value

    def texts(value) -> tuple[str, str]:
        if value is None:
            return "", ""
        if isinstance(value, datetime.datetime) and value.utcoffset() is not None:  # aware: as the template shows it
            value = value.astimezone(zone)
        if by_day is None:
            return value.isoformat(), formats.date_format(value, django_format)
        day = value.date() if isinstance(value, datetime.datetime) else value
        text = by_day.get(day)
        if text is None:
            text = by_day[day] = formats.date_format(value, django_format)
        return value.isoformat(), text

    return texts


def format_row(row: str, *values) -> SafeString:
    """`format_html(row, *values)` for a row a tag writes (the long tables' rows, the board's cards): each value
    escaped as `{{ value }}` escapes a text (`django.utils.html.escape` is `html.escape`), unless it is marked safe (a
    row's link, `content_lang`, a part written already); fewer calls per value than `format_html`."""
    return SafeString(row.format(*[v if isinstance(v, SafeData) else html.escape(str(v)) for v in values]))


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
