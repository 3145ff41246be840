"""The rows of a table of generated documents (the list of all reports, the history on the ministry's start page),
written by one tag from the rows `queries_pages.document_rows` reads (issue 17): the links reversed once per page
(`row_url`), the page's words translated once, the times written as the template's `date` filter wrote them
(`core.rows.dates`). A template loop wrote about a hundred Python calls through the template engine for each row: a
ministry's history of a hundred documents cost more than the rest of its start page. The markup is the one the
template wrote; values are escaped as `{{ }}` escapes them, and the page's own words are written as `{% translate %}`
writes them (a template's literal and its translation are safe)."""

from __future__ import annotations

from django import template
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from core.links import row_url
from core.rows import dates, format_row
from core.templatetags.core import language_label

register = template.Library()

ROW = """
<tr>
  <th scope="row"><a class="ds-link" href="{}">{}</a></th>
  <td>{}</td>
  <td>{}, {} ({} {}){}</td>
  <td>{}</td>
  <td>{}</td>
</tr>
"""
OFFICE_ONLY = ' <span class="ds-tag" data-color="warning" data-size="sm">{}</span>'
DOWNLOAD = '<a class="ds-link" href="{}" download>{}<span class="ds-sr-only"> {}</span></a>'
NONE = """
<tr><td colspan="5">{}</td></tr>
"""


@register.simple_tag
def document_rows(documents: list[dict]) -> SafeString:
    """The `<tr>`s of `documents` (`reports.queries_pages.document_rows`), or the one row that says there are none."""
    if not documents:
        return format_row(NONE + "\n", SafeString(gettext("No documents yet.")))
    detail, download = row_url("reports:document_detail"), row_url("reports:document_download")
    when = dates("SHORT_DATETIME_FORMAT")
    every_event = SafeString(gettext("All life events"))
    of_ministry = gettext("%(ministry)s: all its life events")
    version, get = SafeString(gettext("version")), SafeString(gettext("Download"))
    office_only = format_row(OFFICE_ONLY, SafeString(gettext("With scores: office only")))
    rows = []
    for d in documents:
        if d["life_event"]:
            scope = d["life_event"]["name"]
        elif d["ministry"]:
            scope = SafeString(of_ministry % {"ministry": escape(d["ministry"]["name"])})
        else:
            scope = every_event
        file = format_row(DOWNLOAD, download(d["pk"]), get, d["filename"]) if d["is_done"] else d["get_status_display"]
        rows.append(
            format_row(
                ROW,
                detail(d["pk"]),
                d["round"]["title"],
                scope,
                d["get_kind_display"],
                language_label(d["language"]),
                version,
                localize(d["version"]),
                office_only if d["office_only"] else "",
                when(d["finished_at"] or d["requested_at"])[1],
                file,
            )
        )
    return SafeString("".join(rows) + "\n")
