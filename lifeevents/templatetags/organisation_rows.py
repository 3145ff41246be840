"""The rows of an actor's page (lifeevents/organisation_detail.html), its measures and its proposals, and of a life
event's page (lifeevents/lifeevent_detail.html), its measures, as prepared by the apps above
(`lifeevents.organisation_page`, `lifeevents.life_event_page`: dicts of texts, the links reversed and the labels
looked up and escaped once per page), each written by one tag: the markup the template wrote, each value escaped as
`{{ }}` escapes it (`core.rows.format_row`), instead of some eight variables and conditions per row through the
template engine (issue 17: a hundred rows on an actor's page, 25 on a life event's)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from core.rows import format_row

register = template.Library()

MEASURE_ROW = """<tr>
          <th scope="row"><a class="ds-link" href="{}">{}</a>{}</th>
          <td>{}</td>
          <td>{}</td>
          <td>{}</td>
        </tr>"""
PROPOSAL_ROW = """<tr>
          <th scope="row"><a class="ds-link" href="{}">{}</a>{}</th>
          <td>{}</td>
          <td>{}</td>
        </tr>"""
EVENT_MEASURE_ROW = """<tr>
            <th scope="row"><a class="ds-link" href="{}">{}</a>{}</th>
            <td>{}</td>
            <td>{}</td>
            <td>{}</td>
            <td><a class="ds-link" href="{}">{}</a></td>
            <td>{}</td>
          </tr>"""
ILLUSTRATIVE = ' <span class="ds-tag portal-illustrative" data-color="warning" data-size="sm" title="{}">{}</span>'


def _illustrative(row: dict, title: str, text: str) -> str:
    return format_row(ILLUSTRATIVE, title, text) if row["illustrative"] else ""


@register.simple_tag
def organisation_measure_row(m: dict, illustrative_title: str, illustrative: str):
    """A measure's row: its link (marked when it is illustrative), the actor's role in it, its status and budget."""
    tag = _illustrative(m, illustrative_title, illustrative)
    return format_row(MEASURE_ROW, m["url"], m["title"], tag, m["role"], m["status"], m["budget"])


@register.simple_tag
def organisation_proposal_row(p: dict, illustrative_title: str, illustrative: str):
    """A proposal's row: its link (marked when it is illustrative), its status and the day it was registered."""
    tag = _illustrative(p, illustrative_title, illustrative)
    return format_row(PROPOSAL_ROW, p["url"], p["title"], tag, p["status"], p["created"])


@register.simple_tag
def event_measure_row(m: dict, illustrative_title: str, illustrative: str):
    """A measure's row on a life event's page: its link (marked when it is illustrative), its kind, status and
    building-block stage (labels escaped once per page by the query layer), its owner's link and its budget."""
    tag = _illustrative(m, illustrative_title, illustrative)
    kind, status, stage = m["kind"], m["status"], m["stage"]
    return format_row(
        EVENT_MEASURE_ROW, m["url"], m["title"], tag, kind, status, stage, m["owner_url"], m["owner"], m["budget"]
    )


@register.simple_tag
def event_measure_rows(measures: list[dict], illustrative_title: str, illustrative: str):
    """A life event's measures table's rows, each as `event_measure_row` writes it, with the whitespace the
    template's loop around the tag wrote: one tag for the table instead of a loop and a tag per row."""
    return SafeString(
        "".join(f"\n          {event_measure_row(m, illustrative_title, illustrative)}\n          " for m in measures)
    )
