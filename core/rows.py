"""What the rows of a list share: values formatted once per page, not once per row (issue 17).

The template's `{{ value|date:"SHORT_DATE_FORMAT" }}` looks the format up, converts to local time and walks the
format character by character for every row: a tenth of a 50-row list page. `dates()` looks the format up once
and, when it is made only of zero-padded numbers (the portal's "d.m.Y" in every language), writes each date with
`strftime`; the text is the same as the filter's."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from django.utils import formats, timezone
from django.utils.safestring import SafeString

MARK = "\x1f"  # (the unit separator, never in a page) around a row's field in `{% rows %}`'s markup
ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"})  # as html.escape


def escape_text(value: str) -> str:
    """Django's `conditional_escape` of a string, in one call: a SafeString as it is, any other string escaped."""
    return value if hasattr(value, "__html__") else value.translate(ESCAPES)


def field(name: str) -> SafeString:
    """A row's field inside `{% rows %}` (core/templatetags/rows.py), in a value the block prints: filled per row
    with that row's `name`, e.g. the link of a menu that the page prepares once for all its rows."""
    return SafeString(f"{MARK}{name}{MARK}")


# Django's date format characters that strftime writes the same way (numbers, zero-padded, in every language)
_SAME = {"d": "%d", "m": "%m", "Y": "%Y", "y": "%y", "H": "%H", "i": "%M", "s": "%S"}
_SPECIFIER = re.compile(r"[a-zA-Z\\]")


def _strftime(django_format: str) -> str | None:
    """The strftime pattern that writes what Django's `django_format` writes, or None when there is none."""
    out = []
    for char in django_format:
        if _SPECIFIER.match(char):
            if char not in _SAME:
                return None
            out.append(_SAME[char])
        else:
            out.append(char.replace("%", "%%"))
    return "".join(out)


def dates(format_name: str = "SHORT_DATE_FORMAT") -> Callable[[datetime.date | None], tuple[str, str]]:
    """A function date or datetime → (its ISO text, its text in the active language's `format_name`): what
    `{{ value|date:"c" }}` and `{{ value|date:format_name }}` write (an aware datetime in the current time zone;
    ("", "") for None). Call it once per request (the language may differ between requests)."""
    django_format = formats.get_format(format_name)
    pattern = _strftime(django_format)

    zone = timezone.get_current_timezone()

    def texts(value) -> tuple[str, str]:
        if value is None:
            return "", ""
        if isinstance(value, datetime.datetime) and value.utcoffset() is not None:  # aware: in the current zone
            value = value.astimezone(zone)
        text = value.strftime(pattern) if pattern else formats.date_format(value, django_format)
        return value.isoformat(), text

    return texts
