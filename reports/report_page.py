"""The report page's body: the summary, charts and tables of a round's report (of one life event, or of all), rendered
once per version of the data it shows and kept in the cache under the digest of that data.

Building the body is the expensive part of the page (pandas frames, matplotlib SVG charts, a few thousand table
cells): it is an artefact keyed by exactly what it depends on, the raw rows of `reports.queries.round_data` (about
twenty queries, read on every request), the language, the life event and the number of rows shown. When any of those
rows changes, the digest changes and the next request builds the body afresh; nothing has to remember to invalidate
it. The rest of the page (who may order, the form, the documents) is rendered per request as always.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from . import frames, outputs, queries

VERSION = "1"  # bump when the body's template or its building code changes in a way the data does not show
TIMEOUT = 24 * 3600


def digest(raw: dict) -> str:
    """The data version of a report's raw rows: everything but the time they were read."""
    stable = {k: v for k, v in raw.items() if k != "as_of"}
    payload = json.dumps(stable, sort_keys=True, default=str, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def body(round, life_event_id: int | None, *, max_rows: int = outputs.PAGE_MAX_ROWS) -> tuple[SafeString, datetime]:
    """The body's HTML and the time its data was read (now for an open round, the close for a frozen one)."""
    raw = queries.round_data(round, life_event_id)
    key = ":".join(
        ["reports", "page-body", VERSION, str(round.pk), str(life_event_id), str(max_rows),
         translation.get_language() or "", digest(raw)]
    )  # fmt: skip
    html = cache.get(key)
    if html is None:
        context = outputs.report_context(round, frames.build(raw, life_event_id), max_rows=max_rows)
        html = render_to_string("reports/_report_body.html", context)
        cache.set(key, html, TIMEOUT)
    return mark_safe(html), outputs.as_of(raw)  # noqa: S308 (our own template's output)
