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
) -> dict:
    """Horizontal stacked bars: one bar per category, one segment per series; totals written at the bar ends.
    `styles` picks the colour and hatch of each series (so green always means the same)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    height = max(1.6, 0.45 * len(categories) + 1.2)
    fig = Figure(figsize=(7.0, height))
    ax = fig.add_subplot()
    left = [0.0] * len(categories)
    positions = list(range(len(categories)))  # years as names, not numbers (and no "categorical units" log line)
    for i, (name, values) in enumerate(series.items()):
        style = (styles[i] if styles else i) % len(COLOURS)
        widths = [float(v or 0) for v in values]  # an unknown amount (None) draws nothing; the text says "unknown"
        ax.barh(positions, widths, left=left, label=name, color=COLOURS[style], hatch=HATCHES[style], edgecolor="white")
        left = [a + float(b or 0) for a, b in zip(left, values, strict=False)]
    for y, total in enumerate(left):
        ax.text(
            total, y, f" {total:,.0f}".replace(",", "\u00a0") + (f" {unit}" if unit else ""), va="center", fontsize=8
        )
    ax.set_yticks(positions, labels=categories)
    ax.invert_yaxis()
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(labelsize=8, left=False)  # no tick marks beside the named bars (fewer nodes to draw in the PDF)
    if len(series) > 1:
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
    from .choices import Traffic

    names = [str(label) for _v, label in Traffic.choices] + [_("Not reported")]
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
