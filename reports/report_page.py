"""The report page's body: the summary, charts and tables of a round's report (of one life event, or of all), rendered
once per version of the data it shows and kept in the cache under that version.

Building the body is the expensive part of the page (about twenty queries, pandas frames, matplotlib SVG charts, a
few thousand table cells): it is an artefact keyed by exactly what it depends on: the version of the rows the report
reads (`reports.queries.report_data_version`, one query that PostgreSQL answers from the rows themselves; a closed
round's snapshot never changes), the language, the life event and the number of rows shown. When any of those rows
changes, the version changes and the next request builds the body afresh; nothing has to remember to invalidate it.
The rest of the page (who may order, the form, the documents) is rendered per request as always.
"""

from __future__ import annotations

from datetime import datetime

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from . import frames, outputs, queries

VERSION = "1"  # bump when the body's template or its building code changes in a way the data does not show
TIMEOUT = 24 * 3600


def data_version(round) -> str:
    """The version of the rows the round's report reads: of a closed round its snapshot, written once when it closed
    (`reports.services.rounds.round_close`); of an open one the live rows (`queries.report_data_version`)."""
    if round.snapshot:
        return f"snapshot-{round.closed_at.isoformat() if round.closed_at else ''}"
    return queries.report_data_version(round)


def body(round, life_event_id: int | None, *, max_rows: int = outputs.PAGE_MAX_ROWS) -> tuple[SafeString, datetime]:
    """The body's HTML and the time its data was read (now for an open round, the close for a frozen one)."""
    key = ":".join(
        ["reports", "page-body", VERSION, str(round.pk), str(life_event_id), str(max_rows),
         translation.get_language() or "", data_version(round)]
    )  # fmt: skip
    html = cache.get(key)
    if html is None:
        raw = queries.round_data(round, life_event_id)
        context = outputs.report_context(round, frames.build(raw, life_event_id), max_rows=max_rows)
        html = render_to_string("reports/_report_body.html", context)
        cache.set(key, html, TIMEOUT)
    as_of = outputs.as_of(round.snapshot) if round.snapshot else timezone.now()
    return mark_safe(html), as_of  # noqa: S308 (our own template's output)
