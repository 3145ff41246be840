"""Assembling a report: the round's rows → frames → the page/PDF context, the workbook, or one CSV table."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from types import SimpleNamespace

from django.conf import settings
from django.utils import formats, numberformat, timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import pdf

from . import charts, frames, queries, rendering
from .choices import DocumentKind
from .queries_evaluations import evaluation_data

# The brief shows the top rows of each table (red first where there is a status), so a life event fills a few pages:
# 12 in the brief of one life event (about eight pages at 2,000 measures), 8 a table when it covers several, 25 in
# the portfolio-wide tables of a report of several (the demo data's tables fit whole); the source's tables and the
# actors are never cut (WHOLE_TABLES). Whole tables are in the Excel workbook (WeasyPrint spends ~0.6 ms a table
# cell, more when the text wraps).
PDF_MAX_ROWS = 25
PDF_MAX_ROWS_ONE_LIFE_EVENT = 12
PDF_MAX_ROWS_PER_LIFE_EVENT = 8
PAGE_MAX_ROWS = 300  # the web page, likewise


# Tables shown whole in every format (the source's tables and who takes part): never cut to their top rows
WHOLE_TABLES = ("actors", "activities", "funding_status", "allocation", "rollup")


def _cell(value, numeric_column: bool = False, words: _Words | None = None) -> dict:
    """A table's cell: its text and whether it is a number (`words`: the table's, else looked up for this cell)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        # A figure no row states is unknown, never 0 (lifeevents.figures)
        return {"text": (words or _Words()).unknown if numeric_column else "", "numeric": False}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return {"text": (words or _Words()).number(round(value)), "numeric": True}
    if hasattr(value, "item"):
        return _cell(value.item(), words=words)
    return {"text": str(value), "numeric": False}


class _Words:
    """How a table's cells write a whole number and an unknown figure in the active language, looked up once for
    all the cells of a table: a number as `formats.number_format(n, use_l10n=True, force_grouping=True)` writes it
    (Django's `numberformat.format` with the language's separators and grouping)."""

    def __init__(self):
        language = translation.get_language()
        self.separators = {
            arg: formats.get_format(setting, language, use_l10n=True)
            for arg, setting in (("decimal_sep", "DECIMAL_SEPARATOR"), ("grouping", "NUMBER_GROUPING"),
                                 ("thousand_sep", "THOUSAND_SEPARATOR"))
        }  # fmt: skip
        self.unknown = _("unknown")

    def number(self, value: int) -> str:
        return numberformat.format(value, **self.separators, force_grouping=True, use_l10n=True)


PDF_TEXT_WIDTH_MM = 178  # A4 less the page margins of brief.css
WIDE_TABLE_COLUMNS = 7  # more columns than this: the smaller type of `table.wide` (brief.css, _table.html)


def column_widths(columns: list[dict], rows: list[list[dict]]) -> list[float]:
    """The PDF's column widths in per cent of the table, from the header and the cells' text, so that the PDF lays
    its tables out in fixed mode (`table-layout: fixed`): WeasyPrint then does not measure every cell's narrowest
    and widest line, which took most of a large report's time. A number's column fits its longest number (numbers
    never wrap), a text column at least its header's longest word (and 16 characters of a longer header), and the
    width left is shared by the text columns in proportion to how much more their text needs (at most 60 characters
    a line)."""
    if not columns:
        return []
    wide = len(columns) > WIDE_TABLE_COLUMNS
    char, pad = (1.45, 2.4) if wide else (1.75, 3.4)  # mm per character (7 / 8.5 pt) and the cell's padding

    def words(text: str) -> int:
        return max((len(w) for w in text.split()), default=0)

    least, extra = [], []
    for i, column in enumerate(columns):
        texts = [row[i]["text"] for row in rows if i < len(row)]
        header = words(column["label"])
        if column["numeric"]:
            need = max([header, *(len(t) for t in texts)]) * char + pad
            least.append(need)
            extra.append(0.0)
        else:
            low = max(header, min(len(column["label"]), 16), 6) * char + pad  # a header in at most ~2 lines
            want = min(max((len(t) for t in texts), default=0), 60) * char + pad
            least.append(low)
            extra.append(max(want - low, 0.0))
    spare = PDF_TEXT_WIDTH_MM - sum(least)
    if spare < 0:  # even the least does not fit: shrink all alike (text wraps anywhere)
        widths = [w * PDF_TEXT_WIDTH_MM / sum(least) for w in least]
    elif sum(extra):
        widths = [w + spare * e / sum(extra) for w, e in zip(least, extra, strict=True)]
    else:
        widths = [w + spare / len(least) for w in least]
    total = sum(widths) or 1
    return [round(100 * w / total, 2) for w in widths]


def table(df, title: str, key: str, max_rows: int | None = None, note: str = "") -> dict:
    rows = list(df.itertuples(index=False, name=None))
    whole = key.split("-")[0] in WHOLE_TABLES
    if whole:
        max_rows = None
    shown = rows if max_rows is None or len(rows) <= max_rows else rows[:max_rows]
    if len(shown) < len(rows) and rows and rows[-1] and rows[-1][0] == _("Sum"):
        shown = [*shown[:-1], rows[-1]]  # keep the sum row
    numeric = [df[c].dtype.kind in "if" for c in df.columns]
    columns = [{"label": str(c), "numeric": n} for c, n in zip(df.columns, numeric, strict=False)]
    words = _Words()
    cells = [[_cell(v, n, words) for v, n in zip(row, numeric, strict=False)] for row in shown]
    if not whole:  # the PDF cuts a cell's text at 100 characters (_table.html)
        cells_for_width = [[{**c, "text": c["text"][:100]} if len(c["text"]) > 100 else c for c in r] for r in cells]
    else:
        cells_for_width = cells
    for column, width in zip(columns, column_widths(columns, cells_for_width), strict=True):
        column["width"] = width
    return {
        "key": key,
        "title": title,
        "columns": columns,
        "rows": cells,
        "truncated": len(rows) - len(shown),
        "note": note if rows else "",
        "whole": whole,  # the PDF shows its cells uncut too
    }


def _notes() -> dict[str, str]:
    return {"allocation": frames.allocation_footnote()}


def built_for(round, life_event_id=None, life_event_ids=None) -> dict:
    """The tables of a round's report: of all life events, of one (`life_event_id`), or of several (a ministry's)."""
    selection = life_event_id if life_event_id is not None else life_event_ids
    return frames.build(queries.round_data(round, selection), life_event_id, life_event_ids)


def as_of(built: dict) -> datetime:
    return parse_datetime(built["as_of"]) if built.get("as_of") else timezone.now()


SECTION_CHARTS = ("traffic", "funding")


def report_context(
    round,
    built: dict,
    max_rows: int | None = None,
    section_charts: tuple[str, ...] = SECTION_CHARTS,
    scope_name: str = "",
) -> dict:
    """What the report page and the PDF show: the same tables and the same SVG charts. `section_charts` picks the
    charts of each life event (the brief of several life events leaves out the traffic chart by kind: the summary
    chart and the table right below it carry the same)."""
    titles, notes = frames.table_titles(), _notes()
    sections = []
    for le, name, tables in built["sections"]:
        chart_list = [
            "traffic" in section_charts
            and charts.traffic_chart(f"traffic-{le}", tables["measures_by_kind"], _("Kind")),
            "funding" in section_charts and charts.funding_chart(f"funding-{le}", tables["funding"]),
        ]
        section_tables = [table(df, titles[k], f"{k}-{le}", max_rows, notes.get(k, "")) for k, df in tables.items()]
        sections.append(
            {
                "id": le,
                "name": name,
                "charts": [c for c in chart_list if c],
                "tables": section_tables,
                "empty": [t["title"] for t in section_tables if not t["rows"]],  # the brief names them in one line
            }
        )
    portfolio = built["portfolio"]
    rollup = portfolio["rollup"]
    # One life event: its section has the same chart already
    scoped = built.get("scope") is not None
    summary_chart = None if scoped else charts.traffic_chart("traffic-portfolio", rollup, _("Life event"))
    summary = summary_items(rollup)
    annex_rows = max(max_rows, PDF_MAX_ROWS) if max_rows else max_rows  # one table each for the whole portfolio
    annex = [table(df, titles[k], k, annex_rows, notes.get(k, "")) for k, df in portfolio.items() if k != "rollup"]
    return {
        "round": round,
        "data_as_of": as_of(built),
        "generated_at": timezone.now(),
        "summary": summary,
        "summary_charts": [summary_chart] if summary_chart else [],
        "summary_tables": [table(rollup, titles["rollup"], "rollup")],
        "sections": sections,
        "annex": annex,
        "annex_empty": [t["title"] for t in annex if not t["rows"]],
        "scope_name": scope_name or (sections[0]["name"] if scoped and sections else ""),
    }


def summary_items(rollup) -> list[dict]:
    """The report's summary: the sum row of the portfolio roll-up."""
    if not len(rollup):
        return []
    total = rollup.iloc[-1]
    return [
        {"label": _("Life events"), "text": str(len(rollup) - 1)},
        {"label": frames.measures_label(), "text": _cell(total[frames.measures_label()], True)["text"]},
        {"label": _("Terminated (not counted)"), "text": _cell(total[_("Terminated (not counted)")], True)["text"]},
        {"label": _("Budget (NOK)"), "text": _cell(total[_("Budget (NOK)")], True)["text"]},
        {"label": _("Spent (NOK)"), "text": _cell(total[_("Spent (NOK)")], True)["text"]},
    ]


def render_brief(context: dict) -> bytes:
    """The PDF brief of `report_context(...)`; its charts are handed to the renderer as images."""
    shown = [*context["summary_charts"], *(chart for section in context["sections"] for chart in section["charts"])]
    return pdf.render_pdf("reports/pdf/brief.html", context, images={c["key"]: c["svg"] for c in shown})


def warm_up() -> None:
    """Load what a document needs once (pandas, matplotlib and its fonts, the brief's templates, WeasyPrint and its
    fonts) by drawing a small chart and rendering a one-page brief; a worker calls this when it starts."""
    import pandas as pd

    with translation.override(settings.LANGUAGE_CODE):
        chart = charts.stacked_bars("warm-up", "-", ["-"], {"-": [1.0]})
        rows = pd.DataFrame({_("Measure"): ["-"], _("Budget (NOK)"): [1.0]})
        now = timezone.now()
        context = {
            "round": SimpleNamespace(title="-", deadline=now, get_status_display=str),
            "data_as_of": now,
            "generated_at": now,
            "summary": [],
            "summary_charts": [chart],
            "summary_tables": [table(rows, "-", "warm-up")],
            "sections": [],
            "annex": [],
        }
        render_brief(context)


def workbook_frames(built: dict, scope_name: str = "") -> list[dict]:
    """The workbook's sheets: the portfolio tables, then each life event's tables. Sheet names are short and unique
    ("2.3 Status per tiltak": life event 2 in Table 1's order, its table 3; "0.n" the portfolio tables); the
    contents sheet and each sheet's title row name the life event and the table in full, with the data date. The
    portfolio tables of a workbook of one life event, or of a ministry's, are headed with its name."""
    titles = frames.table_titles()
    date = formats.date_format(timezone.localtime(as_of(built)), "SHORT_DATETIME_FORMAT")
    subheading = _("Data as of %(date)s") % {"date": date}
    scoped = built.get("scope") is not None and built["sections"]
    everything = scope_name or (built["sections"][0][1] if scoped else _("All life events"))
    sheets = [
        {"name": f"0.{i} {titles[k]}", "heading": f"{everything} – {titles[k]}", "subheading": subheading, "df": df}
        for i, (k, df) in enumerate(built["portfolio"].items(), start=1)
    ]
    numbers = built.get("numbers") or {}
    for position, (le, name, tables) in enumerate(built["sections"], start=1):
        n = numbers.get(le, position)
        sheets += [
            {"name": f"{n}.{i} {titles[k]}", "heading": f"{name} – {titles[k]}", "subheading": subheading, "df": df}
            for i, (k, df) in enumerate(tables.items(), start=1)
        ]
    return sheets


def evaluation_sheets(evaluations: dict) -> list[dict]:
    """The office's sheets of the evaluations (scores): only in the office-only workbook (the reveal rule)."""
    tables, titles = frames.evaluation_tables(evaluations), frames.evaluation_titles()
    date = formats.date_format(timezone.localtime(timezone.now()), "SHORT_DATETIME_FORMAT")
    subheading = _(
        "Data as of %(date)s. Proposals whose every reviewer has submitted; the weighted results of the scoring page."
    ) % {"date": date}
    return [
        {"name": f"V.{i} {titles[k]}", "heading": titles[k], "subheading": subheading, "df": df}
        for i, (k, df) in enumerate(tables.items(), start=1)
    ]


def workbook(built: dict, evaluations: dict | None = None, scope_name: str = "") -> bytes:
    """The Excel workbook; with `evaluations` (the office's variant only) the evaluations' sheets after the
    portfolio's."""
    sheets = workbook_frames(built, scope_name)
    if evaluations is not None:
        first_section = len(built["portfolio"])
        sheets[first_section:first_section] = evaluation_sheets(evaluations)
    return rendering.to_xlsx(sheets, contents=(_("Contents"), _("Sheet"), _("Table")))


def ministry_scope_name(ministry) -> str:
    return _("%(ministry)s: all its life events") % {"ministry": ministry.name}


def build_document(report, step: Callable[[int], None]) -> tuple[bytes, str, str, datetime]:
    round = report.round
    life_event = report.parameters.get("life_event")
    ministry = report.ministry if report.parameters.get("ministry") and not life_event else None
    life_event_ids = queries.ministry_life_event_ids(ministry.pk) if ministry else None
    built = built_for(round, life_event, life_event_ids)
    scope_name = ministry_scope_name(ministry) if ministry else ""
    step(40)
    scope = ministry.short_name or ministry.name if ministry else ""
    base = slugify(f"{round.title}-{scope}-{report.get_kind_display()}") or "rapport"
    if report.kind == DocumentKind.PDF:
        if len(built["sections"]) == 1:  # one life event (also every document of a round of one life event)
            context = report_context(round, built, max_rows=PDF_MAX_ROWS_ONE_LIFE_EVENT, scope_name=scope_name)
        else:
            context = report_context(
                round, built, max_rows=PDF_MAX_ROWS_PER_LIFE_EVENT, section_charts=("funding",), scope_name=scope_name
            )
        step(60)
        content = render_brief(context)
        ext = "pdf"
    elif report.kind == DocumentKind.XLSX:
        evaluations = None
        if report.parameters.get("evaluations"):
            evaluations = evaluation_data(life_event if life_event else life_event_ids)
        content, ext = workbook(built, evaluations, scope_name), "xlsx"
        if evaluations is not None:
            base = slugify(f"{round.title}-{scope}-{_('evaluations')}")
    else:
        key = report.parameters["table"]
        content, ext = rendering.to_csv(frames.one_table(built, key)), "csv"
        base = slugify(f"{round.title}-{scope}-{frames.table_titles().get(key, key)}")
    step(90)
    return content, ext, f"{base}-v{report.version}.{ext}", as_of(built)
