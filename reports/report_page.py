"""The report page's body: the summary, charts and tables of a round's report (of one life event, or of all), put
together from parts, each rendered once per version of exactly the rows it shows and kept in the cache under it.

Building the report is the expensive part of the page (about twenty queries, pandas frames, matplotlib SVG charts, a
few thousand table cells). Each part (the summary, a chart, a table) is an artefact keyed by what it depends on: the
versions of the tables its rows come from (`data_versions.report_data_versions`, one query that PostgreSQL answers
from the rows themselves, table by table; of the status reports and the proposals, only the rows the report reads of
its life event, `data_versions.EXACT`; a closed round's snapshot never changes), the language, the life event and the
number of rows shown. When a status report of the life event's measures is submitted, only the parts built from the
status reports are built afresh (from only the rows they read, `PART_READS`); a draft status report, or one of
another life event's measures, changes nothing; a new proposal of the life event changes only the table of
proposals, one of another life event nothing. Nothing has to remember to invalidate anything. The rest of the page
(who may order, the form, the documents) is rendered per request as always.
"""

from __future__ import annotations

import hashlib
import html
from datetime import datetime

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from . import charts, data_versions, frames, outputs, queries

VERSION = "2"  # bump when a part's template or its building code changes in a way the data does not show
TIMEOUT = 24 * 3600
TEMPLATE = "reports/_report_body.html"

# The rows of `queries.report_data` each table is built from (frames: what it reads of `frames.Data`). A part built
# from fewer rows than it reads fails (KeyError), and tests/reports/test_report_page_body.py builds every part from
# only its rows, so a table that comes to read more rows and is not listed here fails a test, not a user.
_MEASURES = ("measures", "status_reports", "measure_life_events")
PART_READS = {
    "actors": ("participations",),
    "activities": ("supporting_activities", "life_events"),
    "funding_status": ("life_events",),
    "phases": ("phases",),
    "measures_by_kind": _MEASURES,
    "measure_status": _MEASURES,
    "needs": _MEASURES,
    "funding": ("measures", "measure_life_events", "fundings", "life_events"),
    "benefits": (*_MEASURES, "benefits", "realisations"),
    "missions": ("missions", "targets", "measurements"),
    "decisions": ("decisions", "decision_ministries", "decision_proposal_life_events", "measure_life_events"),
    "allocation": ("mentions", "life_events"),
    "pays_gains": ("benefits", "measure_life_events"),
    "plan_versions": ("plan_versions", "measures", "measure_life_events"),
    "rollup": (*_MEASURES, "benefits", "fundings", "life_events"),
    "cross": ("dependencies", "measures", "measure_life_events", "life_events"),
    "proposals": ("proposal_counts", "life_events"),
    "sections": ("life_events",),  # which life events have a section, and their names
}  # fmt: skip
PORTFOLIO_READS = ("measures",)  # a life-event table rolled up over the portfolio: of the measures in it
_LIFE_EVENT_TABLES = dict(frames.LIFE_EVENT_TABLES)


def reads(key: str, le) -> tuple[str, ...]:
    """The rows the table `key` is built from: of the life event `le`'s section, or (None) of the portfolio's."""
    rolled_up = le is None and key in _LIFE_EVENT_TABLES
    return PART_READS[key] + (PORTFOLIO_READS if rolled_up else ())


SECTION_CHARTS = {"traffic": "measures_by_kind", "funding": "funding"}  # a section's charts and the table each draws


class Parts:
    """The parts of one report's body: the cache key of each, and (for the parts not in the cache) the rows and
    frames to build them from, read once and only those the stale parts need."""

    def __init__(self, round, life_event_id, max_rows: int):
        self.round, self.life_event_id, self.max_rows = round, life_event_id, max_rows
        self.chosen = {life_event_id} if life_event_id is not None else None
        self.versions = None if round.snapshot else data_versions.report_data_versions(round, life_event_id)
        self.raw: dict = {}
        self._data: frames.Data | None = None
        self.frames: dict = {}
        self.base = ["reports", "page-part", VERSION, str(round.pk), str(life_event_id), str(max_rows),
                     translation.get_language() or ""]  # fmt: skip

    def key(self, name: str, rows: tuple[str, ...]) -> str:
        """The cache key of a part named `name` built from `rows` (of `report_data`)."""
        if self.versions is None:  # a closed round: its snapshot, written once when it closed
            closed = self.round.closed_at.isoformat() if self.round.closed_at else ""
            version = f"snapshot-{closed}"
        else:
            version = data_versions.version_of(self.versions, rows)
        return ":".join([*self.base, name, version])

    def data(self, rows: tuple[str, ...]) -> frames.Data:
        """The `rows` (of `report_data`) as frames (a closed round: its snapshot): the rows missing read now, each
        row once and its frames made once for all the parts built in this request."""
        if self.round.snapshot:
            self.raw = self.round.snapshot
        else:
            missing = [k for k in rows if k not in self.raw]
            if missing:
                self.raw.update(queries.report_data(self.round, self.life_event_id, keys=missing))
        if self._data is None:
            self._data = frames.Data(self.raw)  # reads its rows when a frame is first asked for
        return self._data

    def frame(self, key: str, le):
        """A table's frame: of the life event `le`'s section, or (`le` None) of the portfolio's tables."""
        if (key, le) not in self.frames:
            data = self.data(reads(key, le))
            if le is not None:
                self.frames[key, le] = _LIFE_EVENT_TABLES[key](data, le)
            else:
                self.frames[key, le] = frames.portfolio_table(data, key, self.section_ids, self.chosen)
        return self.frames[key, le]

    def sections(self) -> list[tuple[int, str]]:
        """The sections: each life event of the report (all, or the one chosen) with its name."""
        key = self.key("sections", PART_READS["sections"])
        sections = cache.get(key)
        if sections is None:
            data = self.data(PART_READS["sections"])
            sections = [(int(le), data.name_of(le)) for le in data.life_events["id"]
                        if self.chosen is None or le in self.chosen]  # fmt: skip
            cache.set(key, sections, TIMEOUT)
        self.section_ids = [le for le, _name in sections]
        return sections


def body(round, life_event_id: int | None, *, max_rows: int = outputs.PAGE_MAX_ROWS) -> tuple[SafeString, datetime]:
    """The body's HTML and the time its data was read (now for an open round, the close for a frozen one)."""
    parts = Parts(round, life_event_id, max_rows)
    sections = parts.sections()
    wanted = page_parts(parts, sections)
    held = cache.get_many(list(wanted))
    stale = [key for key in wanted if key not in held]
    if stale:  # the rows of all the parts to build, read at once (the life event's scope made once)
        parts.data(tuple(dict.fromkeys(row for key in stale for row in part_reads(*wanted[key]))))
    fresh = {key: build(parts, *wanted[key]) for key in stale}
    if fresh:
        cache.set_many(fresh, TIMEOUT)
        held.update(fresh)
    keys = iter(wanted)  # in the order of the page
    summary = mark_safe(held[next(keys)])  # noqa: S308 (our own template's output, as every part)
    per_section = len(SECTION_CHARTS) + len(frames.LIFE_EVENT_TABLES)
    shown = [{"id": le, "name": name, "parts": [mark_safe(held[next(keys)]) for _i in range(per_section)]}  # noqa: S308
             for le, name in sections]  # fmt: skip
    annex = [mark_safe(held[key]) for key in keys]  # noqa: S308
    page = render_to_string(TEMPLATE, {"summary": summary, "sections": shown, "annex": annex})
    as_of = outputs.as_of(round.snapshot) if round.snapshot else timezone.now()
    return mark_safe(page), as_of  # noqa: S308 (our own template's output)


def page_parts(parts: Parts, sections) -> dict[str, tuple]:
    """The parts of the page in order, by cache key: the summary, each section's charts and tables, the portfolio's
    tables (what `build` takes)."""
    wanted = {parts.key("summary", reads("rollup", None)): ("summary", None)}
    for le, _name in sections:
        for chart, table in SECTION_CHARTS.items():
            wanted[parts.key(f"chart-{chart}-{le}", reads(table, le))] = ("chart", (chart, table, le))
        for key, _f in frames.LIFE_EVENT_TABLES:
            wanted[parts.key(f"table-{key}-{le}", reads(key, le))] = ("table", (key, le))
    for key in frames.portfolio_keys(parts.chosen):
        if key != "rollup":  # in the summary
            wanted[parts.key(f"table-{key}", reads(key, None))] = ("table", (key, None))
    return wanted


def part_reads(kind: str, what) -> tuple[str, ...]:
    """The rows (of `report_data`) a part of `page_parts` is built from."""
    if kind == "summary":
        return reads("rollup", None)
    if kind == "chart":
        _chart, table, le = what
        return reads(table, le)
    return reads(*what)


def build(parts: Parts, kind: str, what) -> str:
    """One part's HTML, as reports/outputs.py's `report_context` shapes it for the page and the PDF."""
    if kind == "summary":
        rollup = parts.frame("rollup", None)
        summary = render_to_string(f"{TEMPLATE}#summary", {"summary": outputs.summary_items(rollup)})
        if parts.chosen is None:  # one life event: its section has the same chart already
            summary += _chart_html(charts.traffic_chart, "traffic-portfolio", rollup, _("Life event"))
        table = outputs.table(rollup, frames.table_titles()["rollup"], "rollup")
        return summary + render_to_string(f"{TEMPLATE}#report-table", {"table": page_table(table)})
    if kind == "chart":
        chart, table, le = what
        df = parts.frame(table, le)
        if chart == "traffic":
            return _chart_html(charts.traffic_chart, f"traffic-{le}", df, _("Kind"))
        return _chart_html(charts.funding_chart, f"funding-{le}", df)
    key, le = what
    note = {"allocation": frames.allocation_footnote()}.get(key, "")
    title = frames.table_titles()[key]
    if le is None:  # a portfolio table: one for the whole portfolio, at least the brief's rows
        rows = max(parts.max_rows, outputs.PDF_MAX_ROWS) if parts.max_rows else parts.max_rows
        table = outputs.table(parts.frame(key, None), title, key, rows, note)
    else:
        table = outputs.table(parts.frame(key, le), title, f"{key}-{le}", parts.max_rows, note)
    return render_to_string(f"{TEMPLATE}#report-table", {"table": page_table(table)})


_CELL = {True: '<td class="portal-num">{}</td>', False: "<td>{}</td>"}  # a number's cell, a text's


def page_table(table: dict) -> dict:
    """A table (`outputs.table`) as the page's partial prints it: its rows as HTML, their cells' text escaped, so
    that the template prints the body of the table once rather than each row, and each cell's text and kind (a few
    thousand cells a report). The text is escaped as Django's `escape` does it (`html.escape`), without its
    lazy-string wrapper per cell; each row is followed by the line break and indentation of the partial's rows."""
    rows = ("".join(_CELL[cell["numeric"]].format(html.escape(cell["text"])) for cell in row) for row in table["rows"])
    return {**table, "html_rows": mark_safe("".join(f"<tr>{row}</tr>\n        " for row in rows))}  # noqa: S308


def _chart_html(draw, key: str, df, *args) -> str:
    """A chart's figure; its SVG drawn once per version of the frame it draws (matplotlib is the slow part), so a
    status report that changes no count draws nothing."""
    digest = hashlib.sha256(df.to_json(orient="split", date_format="iso").encode()).hexdigest()[:32]
    svg_key = ":".join(["reports", "page-chart", VERSION, translation.get_language() or "", key, digest])
    chart = cache.get(svg_key)
    if chart is None:
        chart = draw(key, df, *args) or {}
        cache.set(svg_key, chart, TIMEOUT)
    return render_to_string(f"{TEMPLATE}#chart", {"chart": chart}) if chart else ""
