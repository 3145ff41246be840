"""Charts drawn on the server as SVG (matplotlib, Agg/SVG backends): the same SVG on the web page and in the PDF.

Each chart carries `role="img"`, a `<title>` and a `<desc>`; the page shows the table it was drawn from beside it,
and values are written on the bars so colour is never the only carrier of meaning.
"""

from __future__ import annotations

import io
import re
import threading

import matplotlib

matplotlib.use("Agg")

from django.utils.html import escape  # noqa: E402
from django.utils.translation import gettext as _  # noqa: E402
from django.utils.translation import pgettext  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

_LOCK = threading.Lock()  # matplotlib's rcParams are global; the worker may run threads
COLOURS = ["#1a7f37", "#d4a017", "#c62828", "#8a8a8a", "#0062ba", "#6b4fbb", "#00838f", "#ad5700"]
# Line hatches only: dots and crosses cost WeasyPrint ~70 ms a bar segment to draw in the PDF.
HATCHES = ["", "//", "\\\\", "--", "||", "/", "\\", "-"]


def _svg(fig: Figure, key: str, title: str, description: str) -> str:
    with _LOCK, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": key}):
        out = io.StringIO()
        fig.savefig(out, format="svg", metadata={"Date": None}, bbox_inches="tight")
    svg = out.getvalue()
    svg = svg[svg.index("<svg") :]
    ident = re.sub(r"[^a-z0-9-]", "-", key.lower())
    # matplotlib's ids (clip paths, hatch patterns) repeat between charts; make them unique on the page
    svg = re.sub(r'id="([^"]+)"', rf'id="{ident}-\1"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", rf"url(#{ident}-\1)", svg)
    svg = re.sub(r'href="#([^"]+)"', rf'href="#{ident}-\1"', svg)
    head = f'<svg role="img" aria-labelledby="{ident}-title {ident}-desc" font-family="Inter, DejaVu Sans, sans-serif" '
    svg = svg.replace("<svg ", head, 1)
    tag_end = svg.index(">") + 1
    meta = f'<title id="{ident}-title">{escape(title)}</title><desc id="{ident}-desc">{escape(description)}</desc>'
    return svg[:tag_end] + meta + svg[tag_end:]


def _thousands(value, _pos=None) -> str:
    return f"{value:,.0f}".replace(",", "\u00a0")


def stacked_bars(
    key: str,
    title: str,
    categories: list[str],
    series: dict[str, list[float]],
    unit: str = "",
    styles: list[int] | None = None,
    *,
    size: str = "wide",
) -> dict:
    """Horizontal stacked bars: one bar per category, one segment per series; totals written at the bar ends.
    `styles` picks the colour and hatch of each series (so green always means the same). `size` "narrow": a chart
    drawn for a card (half the width, larger type, labels wrapped), legible when a phone scales it down."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    narrow = size == "narrow"
    ticks = [_wrap(c) for c in categories] if narrow else categories
    fontsize = NARROW_FONT_SIZE if narrow else 8
    height = max(1.6, 0.45 * len(categories) + 1.2)
    if narrow:
        lines = sum(c.count("\n") + 1 for c in ticks)
        height = max(1.8, 0.3 * lines + 0.35 * len(categories) + 0.4 * ((len(series) + 1) // 2) + 0.8)
    fig = Figure(figsize=(NARROW_WIDTH if narrow else 7.0, height))
    ax = fig.add_subplot()
    left = [0.0] * len(categories)
    positions = list(range(len(categories)))  # years as names, not numbers (and no "categorical units" log line)
    for i, (name, values) in enumerate(series.items()):
        style = (styles[i] if styles else i) % len(COLOURS)
        widths = [float(v or 0) for v in values]  # an unknown amount (None) draws nothing; the text says "unknown"
        ax.barh(positions, widths, left=left, label=name, color=COLOURS[style], hatch=HATCHES[style], edgecolor="white")
        left = [a + float(b or 0) for a, b in zip(left, values, strict=False)]
    for y, total in enumerate(left):
        unknown = narrow and not total and any(values[y] is None for values in series.values())
        text = f" {total:,.0f}".replace(",", "\u00a0") + (f" {unit}" if unit else "")
        ax.text(total, y, " " + _("unknown") if unknown else text, va="center", fontsize=fontsize)
    ax.set_yticks(positions, labels=ticks)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=4 if narrow else 6))
    ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=fontsize, left=False)  # no tick marks beside the named bars (fewer nodes in the PDF)
    if narrow and series:  # a card's chart names its colours even when there is one (what grey means)
        ax.legend(fontsize=fontsize, frameon=False, loc="upper left", bbox_to_anchor=(-0.02, -0.14), ncol=2)
    elif len(series) > 1:
        ax.legend(fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=min(4, len(series)))
    parts = [f"{c}: " + _segments(series, i) for i, c in enumerate(categories)]
    description = _("%(title)s. %(values)s.") % {"title": title, "values": "; ".join(parts)}
    return {"key": key, "title": title, "description": description, "svg": _svg(fig, key, title, description)}


def _segments(series: dict[str, list], i: int) -> str:
    """A bar's text: its non-zero segments with their values, an unknown one (None) as "unknown"; "none" if empty."""
    named = [
        f"{name} " + (_("unknown") if values[i] is None else f"{float(values[i]):,.0f}".replace(",", "\u00a0"))
        for name, values in series.items()
        if values[i] is None or float(values[i])
    ]
    return ", ".join(named) or pgettext("chart bar with no segments", "none")


def traffic_chart(key: str, table, label_column: str) -> dict | None:
    """Green/yellow/red/not reported per row of a table that has those columns (measures by kind, roll-up)."""
    from .frames.base import traffic_labels

    names = list(traffic_labels().values())  # in the order of `styles` below
    present = [n for n in names if n in table.columns]
    rows = table[table[label_column].astype(str) != _("Sum")]
    if not present or rows.empty:
        return None
    series = {n: [float(x) for x in rows[n].fillna(0)] for n in present}
    styles = [names.index(n) for n in present]  # green, yellow, red, grey: fixed per status
    return stacked_bars(key, _("Measures by status"), [str(x) for x in rows[label_column]], series, styles=styles)


def _missing(value) -> bool:
    return value is None or value != value  # NaN != NaN


def funding_chart(key: str, table) -> dict | None:
    """Funding per year, stacked by source, from the funding table (sources × years)."""
    years = [c for c in table.columns if str(c).isdigit()]
    if table.empty or not years:
        return None
    source = table.columns[0]
    # An unknown amount (rows, but none states an amount) is not 0: it draws no bar and the text says "unknown";
    # a source with no known amount at all draws no bar (the table beside the chart gives it as unknown)
    series = {
        str(r[source]): [None if _missing(r[y]) else float(r[y]) for y in years]
        for _i, r in table.iterrows()
        if any(not _missing(r[y]) and float(r[y]) for y in years)
    }
    if not series:
        return None
    return stacked_bars(
        key, _("Funding by year (NOK)"), years, series, unit="kr", styles=[4 + i for i in range(len(series))]
    )


# ---- small charts for a card (the ministry's start page): the same drawing, legible on a phone --------------------

NARROW_WIDTH = 3.6  # inches: ~345 px at its natural size, never wider than a card at 1440 px
NARROW_FONT_SIZE = 10  # points: ~13 px at the natural size, ~10 px when a 320 px screen scales the chart down


def _wrap(label: str, width: int = 16) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(label, width, break_long_words=False)[:3]) or label


def status_chart(key: str, counts: dict[tuple[str, str], int], kinds: dict[str, str], traffic: dict[str, str]) -> dict:
    """Measures by kind and traffic light (`figures.measures_by_kind_and_traffic`'s counts) for a card: one bar per
    kind, green/yellow/red/not reported in fixed colours; `kinds` and `traffic` name the values in the order shown."""
    shown_kinds = [k for k in kinds if any(key[0] == k for key in counts)]
    shown = [t for t in traffic if any(key[1] == t for key in counts)]
    series = {traffic[t]: [float(counts.get((k, t), 0)) for k in shown_kinds] for t in shown}
    styles = [list(traffic).index(t) for t in shown]
    return stacked_bars(
        key, _("Measures by status"), [kinds[k] for k in shown_kinds], series, styles=styles, size="narrow"
    )


def funding_rows_chart(key: str, rows: list[dict]) -> dict | None:
    """Funding per year stacked by source from `figures.funding_by_source_and_year`'s rows, for a card. A stated
    amount is drawn; an unknown one (rows, but none states an amount) draws nothing and its text says "unknown";
    a year without rows for a source is nothing. None when no row has a year."""
    years = sorted({y for r in rows for y in r["years"] if y is not None})
    if not years:
        return None
    series = {
        (r["source__name"] or _("Unknown source")): [
            (None if r["years"][y] is None else float(r["years"][y])) if y in r["years"] else 0.0 for y in years
        ]
        for r in rows
        if any(y in r["years"] for y in years)
    }
    return stacked_bars(
        key,
        _("Funding by year (NOK)"),
        [str(y) for y in years],
        series,
        unit="kr",
        styles=[4 + i for i in range(len(series))],
        size="narrow",
    )


def targets_chart(key: str, rows: list[dict]) -> dict | None:
    """Mission targets for a card: per target, the share of the way from its baseline (0 %) to its target (100 %)
    that its latest measured value has come (`figures.share_reached`), with the three figures written beside the
    bar. `rows`: label, share (None: not measured, no bar), text (baseline, target, latest)."""
    if not rows:
        return None
    title = _("Mission targets: share of the way from baseline to target")
    labels = [_wrap(r["label"], 24) for r in rows]
    lines = sum(label.count("\n") + 1 for label in labels)
    fig = Figure(figsize=(NARROW_WIDTH, max(1.8, 0.55 * lines + 0.45 * len(rows) + 0.8)))
    ax = fig.add_subplot()
    # Each target's label and figures on a line of their own above its bar: long indicator names need the width
    positions = list(range(len(rows)))
    shares = [None if r["share"] is None else max(min(r["share"] * 100, 150.0), -50.0) for r in rows]
    ax.barh(positions, [s or 0 for s in shares], height=0.35, color=COLOURS[4], edgecolor="white")
    for y, (label, row, share) in enumerate(zip(labels, rows, shares, strict=True)):
        ax.text(-50, y - 0.3, label, va="bottom", ha="left", fontsize=NARROW_FONT_SIZE)
        figure = row["text"] if share is not None else row["text"] + " – " + _("not measured")
        ax.text(max(share or 0, 0) + 2, y + 0.05, f"{round(row['share'] * 100)} %" if share is not None else "",
                va="center", fontsize=NARROW_FONT_SIZE)  # fmt: skip
        ax.text(-50, y + 0.42, figure, va="top", ha="left", fontsize=NARROW_FONT_SIZE - 1, color="#333333")
    ax.axvline(0, color="#555555", linewidth=0.8)
    ax.axvline(100, color=COLOURS[0], linewidth=1.2, linestyle="--")
    ax.set_xlim(-50, 150)
    ax.set_ylim(len(rows) - 0.3, -0.9)
    ax.set_xticks([0, 50, 100], labels=[_("baseline"), "50 %", _("target")])
    ax.set_yticks([])
    ax.spines[["top", "right", "left"]].set_visible(False)
    ax.tick_params(labelsize=NARROW_FONT_SIZE)
    parts = [f"{r['label']}: {r['text']}" + ("" if r["share"] is not None else " – " + _("not measured")) for r in rows]
    description = _("%(title)s. %(values)s.") % {"title": title, "values": "; ".join(parts)}
    return {"key": key, "title": title, "description": description, "svg": _svg(fig, key, title, description)}
