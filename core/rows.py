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
