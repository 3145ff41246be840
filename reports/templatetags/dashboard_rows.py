"""The rows of the ministry's start page (reports/ministry_dashboard.html), each list written by one tag from the rows
the view prepared (reports/views/documents.py, reports/dashboard.py): the markup the template wrote, escaped by
`format_row` as `{{ }}` escapes, with one tag per list instead of a loop of variables and conditions, each about twenty
Python calls through the template engine (issue 17). The page's own messages are written as `{% translate %}` writes
them: not escaped (a template's literal and its translation are safe)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from core.rows import format_row

register = template.Library()

MEASURE = """<li><a class="ds-link" href="{}">{}</a>:
      {}
      {}</li>"""
TAG = '<span class="ds-tag" data-color="{}">{}</span>'
CHART = """
          <figure class="portal-chart portal-chart-card" data-chart="{}">
            <figcaption><h4 class="ds-heading" data-size="2xs">{}</h4>{}</figcaption>
            {}
          </figure>"""
SUMMARY = '<p class="ds-paragraph" data-size="sm">{}</p>'
DRAWN = """
            {}
            <details class="ds-details"><summary>{}<span class="ds-sr-only">: {}, {}</span></summary><p class="ds-paragraph" data-size="sm">{}</p></details>"""  # noqa: E501


@register.simple_tag
def attention_measures(measures: list[dict], red: str) -> SafeString:
    """The measures reported red or over budget (`queries_attention.attention_for`, with `over_text` from the view),
    each linked, with the tag `red` (the page's translation) and its over-budget text."""
    return SafeString(
        "".join(
            format_row(
                MEASURE,
                m["url"],
                m["title"],
                format_row(TAG, "danger", red) if m["red"] else "",
                format_row(TAG, "warning", m["over_text"]) if m["over_budget"] else "",
            )
            for m in measures
        )
    )


@register.simple_tag
def life_event_charts(charts: list[dict], name: str, as_text: str) -> SafeString:
    """A life event's charts (`dashboard.life_event_charts`): each with its heading and summary, and its SVG with its
    figures as text (`as_text`: the page's translation; `name`: the life event's, escaped), or what an empty chart
    says instead."""
    out = []
    for chart in charts:
        summary = format_row(SUMMARY, chart["summary"]) if chart["summary"] else ""
        if chart["empty"]:
            body = format_row(SUMMARY, chart["empty"])
        else:
            svg = SafeString(chart["svg"])
            body = format_row(DRAWN, svg, as_text, chart["heading"], name, chart["description"])
        out.append(format_row(CHART, chart["kind"], chart["heading"], summary, body))
    return SafeString("".join(out))
