"""The rows of the portfolio's long tables (the proposal list, the shelf), each written by one tag from a row the
query layer prepared (portfolio/queries/proposals.py, board.py): the markup the templates wrote, escaped by
`format_row` as `{{ }}` escapes, with one template tag per row instead of a dozen variables and conditions, each about
twenty Python calls through the template engine (issue 17: most of a 50-row page's CPU). The page's own messages
are written as `{% translate %}` writes them: not escaped (a template's literal and its translation are safe)."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.rows import format_row

register = template.Library()


PROPOSAL_ROW = """<tr>
        <th scope="row"><a class="ds-link" href="{}"{}>{}</a> <span class="portal-muted">#{}</span></th>
        <td>{}</td>
        <td>{}</td>
        <td><span class="ds-tag" data-color="{}">{}</span>{}{}</td>
        <td><time datetime="{}">{}</time></td>
      </tr>"""
TAG = ' <span class="ds-tag" data-color="{}">{}</span>'


@register.simple_tag
def proposal_row(p: dict, lang: str = ""):
    """A row of the proposal list (`proposal_list_rows`): its link and key, organisation, life events, status with
    the tags for an awaited answer and a late submission, and the date it was registered. `lang`: `content_lang`."""
    awaiting = ""
    if p["awaiting"]:
        awaiting = format_row(TAG, "warning", SafeString(gettext("Waiting for the submitter's answer")))
    late = format_row(TAG, "danger", SafeString(gettext("Submitted after the deadline"))) if p["late"] else ""
    return format_row(PROPOSAL_ROW, p["url"], lang, p["title"], p["pk"], p["organisation"], p["life_events"],
                       p["tone"], p["status"], awaiting, late, p["iso"], p["date"])  # fmt: skip


SHELF_ROW = """<tr>
        <th scope="row"><a class="ds-link" href="{}"{}>{}</a> <span class="portal-muted">{}</span></th>
        <td><span class="ds-tag">{}</span></td>
        <td>{}</td>
        <td{}>{}</td>
        <td>{}</td>
        {}
      </tr>"""
SHELF_REASON = '<span class="ds-tag" data-testid="shelf-reason">{}</span>'
REVIVE_CELL = (
    "<td>\n"
    '          <form method="post" action="{}" class="portal-form">'
    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">\n'
    '            <div class="ds-field"><label class="ds-label" for="revive-{}">{}</label>\n'
    '            <textarea class="ds-input" name="reason" id="revive-{}" rows="2" required></textarea></div>\n'
    '            <button class="ds-button" data-variant="secondary" type="submit">'
    '{}<span class="ds-sr-only"> – {}</span></button>\n'
    "          </form>\n"
    "        </td>"
)


@register.simple_tag
def shelf_proposal_row(p, lang: str = "", can_revive: bool = False, csrf_token: str = ""):
    """A proposal's row on the shelf (`queries.board.shelf`): its link and organisation, status, reason code, reason
    and deferral, and, for a user who may revive it, the form that revives it (`csrf_token`: the page's, as
    `{% csrf_token %}` writes it)."""
    reason = format_row(SHELF_REASON, p.reason_label) if p.reason_label else "—"
    revive = ""
    if can_revive:
        reason_label, revive_label = SafeString(gettext("Reason")), SafeString(gettext("Revive"))
        revive = format_row(REVIVE_CELL, p.revive_url, csrf_token, p.key, reason_label, p.key, revive_label, p.title)
    return format_row(SHELF_ROW, p.url, lang, p.title, p.organisation_label, p.status_label, reason, lang,
                       p.reason_text, p.defer_text, revive)  # fmt: skip


MEASURE_ROW = (
    '<tr><th scope="row"><a class="ds-link" href="{}"{}>{}</a></th><td><span class="ds-tag">{}</span></td>'
    "<td{}>{}</td></tr>"
)


@register.simple_tag
def shelf_measure_row(m, lang: str = ""):
    """A terminated measure's row on the shelf: its link, reason code and reason."""
    return format_row(MEASURE_ROW, m.url, lang, m.title, m.reason_label, lang, m.termination_reason)
