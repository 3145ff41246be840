"""The ministry's start page: per life event it follows, charts of its measures by status, its funding and its mission
targets (issue 18), every number from `lifeevents.figures`, in a fixed number of queries (issue 17).

The rows come grouped or filtered by the database (a life event's measures counted per kind, status and traffic
light; its funding rows; its mission targets with their latest measurement), so the page's cost does not grow with
the portfolio. Each chart's SVG is an artefact kept in the cache under the digest of exactly the rows it draws and
the language: when a figure changes, its digest changes and the chart is drawn afresh; nothing has to invalidate
it. The page's HTML is rendered per request.
"""

from __future__ import annotations

import functools
import hashlib
import json

from django.core.cache import cache
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import formats, translation
from django.utils.html import conditional_escape
from django.utils.translation import gettext as _

from core.rows import choice_labels
from governance.models import Funding
from lifeevents import figures
from lifeevents.models import LifeEvent, followed_life_events
from portfolio.choices import MeasureKind
from portfolio.models import Measure, MissionTarget
from portfolio.models.missions import TargetMeasurement

from . import charts
from .choices import Traffic
from .models import StatusReport
from .queries_attention import overdue_rounds
from .queries_pages import latest_rounds

VERSION = "2"  # bump when the charts' drawing code changes in a way their rows do not show
TIMEOUT = 7 * 24 * 3600
NOT_REPORTED = ""  # a measure without a submitted status report (`figures.counted_by_kind_and_traffic`)


def followed(user) -> list:
    """The life events the user's ministry follows (`lifeevents.models.followed_life_events`, in Table 1's order): read
    once, and the rest of the page's queries filter by their keys."""
    columns = LifeEvent.objects.only("pk", "slug", "name_nb", "name_nn", "name_en", "sort_order")
    return followed_life_events(user, columns)


def funding_rows(user, event_ids: list[int]) -> dict[int, list[dict]]:
    """Per life event: the funding rows the user may see of it (`Funding.objects.visible_to`), its own and those of
    its measures in the portfolio (not `figures.NOT_IN_PORTFOLIO`, as `Measure.objects.active()`), by id; one query
    (a measure's row once for each of its life events)."""
    rows = (
        _funding_rows()
        .visible_to(user)
        .filter(
            Q(measure__isnull=True, life_event_id__in=event_ids)
            | (Q(of_measure__in=event_ids) & ~Q(measure__status__in=figures.NOT_IN_PORTFOLIO))
        )
    )
    by_event: dict[int, list[dict]] = {}
    for row in rows:
        by_event.setdefault(row.pop("le"), []).append(row)
    return by_event


def rounds(user, event_ids: list[int], today) -> tuple[list, list]:
    """The latest rounds the user sees (`queries_pages.latest_rounds`: to order each brief in) and the open rounds past
    their deadline (`queries_attention.overdue_rounds`), in one query."""
    columns = ("pk", "title", "life_event_id", "deadline", "opened_at")  # what the cards and the attention list read
    both = (
        latest_rounds(user)  # (the columns of overdue_rounds' counts, not counted here)
        .only(*columns)
        .annotate(due=Value(None, IntegerField()), submitted=Value(None, IntegerField()), part=Value(0))
        .union(overdue_rounds(event_ids, today).only(*columns).annotate(part=Value(1)), all=True)
    )
    rows = list(both)
    latest = sorted((r for r in rows if r.part == 0), key=lambda r: (r.opened_at, r.pk), reverse=True)
    overdue = sorted((r for r in rows if r.part == 1), key=lambda r: (r.deadline, r.pk))
    return latest, overdue


def status_groups(user, event_ids: list[int]) -> dict[int, list[dict]]:
    """Per life event: its measures the user may see (`Measure.objects.visible_to`), counted per kind, status and the
    traffic light of the latest submitted status report (one query; `figures.counted_by_kind_and_traffic` makes the
    figure of them)."""
    grouped: dict[int, list[dict]] = {}
    for row in _status_groups().visible_to(user).filter(lifeevent_id__in=event_ids):
        grouped.setdefault(row["lifeevent_id"], []).append(row)
    return grouped


def target_rows(user, event_ids: list[int]) -> list[dict]:
    """The mission targets of the life events, one row per target and life event, with the latest measurement
    (`current`, `current_date`) and the life event's id and slug; one query. The attention list reads them too."""
    return list(_target_rows().visible_to(user).filter(le__in=event_ids))


# What a request filters on (the user's policy, the life events): a copy of a query built once per process and never
# evaluated itself. Their expressions hold no value of a request or a user (their outer reference is always the
# row's own), and a filter on one makes a new query (Django clones it), so a page does not build and resolve their
# subqueries again


@functools.cache
def _funding_rows():
    """Funding rows by id, each once per life event of its measure (`of_measure`) or its own life event (`le`)."""
    return (
        Funding.objects.annotate(of_measure=F("measure__life_events"))
        .order_by("pk")
        .values("id", "source__name", "measure_id", "life_event_id", "year", "amount",
                le=Coalesce("of_measure", "life_event_id"))
    )  # fmt: skip


@functools.cache
def _status_groups():
    """Measures counted per life event (`lifeevent_id`), kind, status and the traffic light of their latest submitted
    status report (`StatusReport.objects.latest_submitted`)."""
    traffic = StatusReport.objects.latest_submitted(OuterRef("pk")).values("traffic")[:1]
    return (
        Measure.objects.values("kind", "status", lifeevent_id=F("life_events"), traffic=Subquery(traffic))
        .annotate(n=Count("pk"))
        .order_by()
    )


@functools.cache
def _target_rows():
    """Each mission target once per life event of its mission (`le`, `slug`) with its latest measurement (`current`,
    `current_date`), by life event, mission, indicator."""
    latest = TargetMeasurement.objects.filter(target_id=OuterRef("pk")).order_by("-date", "-pk")
    return (
        MissionTarget.objects.annotate(le=F("mission__life_events"), slug=F("mission__life_events__slug"))
        .annotate(current=Subquery(latest.values("value")[:1]), current_date=Subquery(latest.values("date")[:1]))
        .order_by("le", "mission__title", "indicator", "pk")
        .values(
            "pk",
            "le",
            "slug",
            "indicator",
            "unit",
            "mission__title",
            "baseline",
            "baseline_date",
            "target_value",
            "target_date",
            "current",
            "current_date",
        )
    )


# ---- the charts ---------------------------------------------------------------------------------------------------


def _number(value) -> str:
    return formats.number_format(value, decimal_pos=None, use_l10n=True, force_grouping=True)


def _target_text(t: dict) -> str:
    unit = f" {t['unit']}" if t.get("unit") else ""
    text = _("baseline %(baseline)s, target %(target)s by %(date)s") % {
        "baseline": _("unknown") if t["baseline"] is None else _number(t["baseline"]) + unit,
        "target": _number(t["target_value"]) + unit,
        "date": formats.date_format(t["target_date"], "SHORT_DATE_FORMAT"),
    }
    if t["current"] is not None:
        text += ", " + _("latest %(value)s (%(date)s)") % {
            "value": _number(t["current"]) + unit,
            "date": formats.date_format(t["current_date"], "SHORT_DATE_FORMAT"),
        }
    return text


def _digest(data) -> str:
    payload = json.dumps(data, sort_keys=True, default=str, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def chart_specs(event_ids: list[int], groups: dict, fundings: dict, targets: list[dict]) -> dict[int, list[tuple]]:
    """Per life event, the charts to show as (kind, key, rows drawn, summary): the figures the charts draw, from
    `lifeevents.figures`. The summary is the chart's one-line reading printed beside it."""
    kinds = choice_labels(MeasureKind)
    traffic = {**choice_labels(Traffic), NOT_REPORTED: _("Not reported")}
    by_event: dict[int, list[dict]] = {}
    for t in targets:
        by_event.setdefault(t["le"], []).append(t)
    specs = {}
    for le in event_ids:
        counts = figures.counted_by_kind_and_traffic(groups.get(le, []))
        measures = sum(counts.values())
        terminated = sum(g["n"] for g in groups.get(le, []) if not figures.in_portfolio(g))
        funded = figures.fundings_of(fundings.get(le, []), {r["measure_id"] for r in fundings.get(le, [])}, {le})
        funding = figures.funding_by_source_and_year(funded)
        total = figures.funding_total(funded)
        unstated = figures.funding_unstated(funded)
        target_list = [
            {
                "label": f"{t['indicator']} ({t['mission__title']})",
                "share": figures.share_reached(t["baseline"], t["target_value"], t["current"]),
                "text": _target_text(t),
            }
            for t in by_event.get(le, [])
        ]
        status_summary = _("%(count)s measures in the portfolio, %(terminated)s terminated (not counted).") % {
            "count": _number(measures),
            "terminated": _number(terminated),
        }
        funding_summary = _("Stated funding: %(total)s.") % {
            "total": _("unknown") if total is None else _number(total) + " kr"
        }
        if unstated:
            funding_summary += " " + _("%(count)s funding rows state no amount (unknown, not 0).") % {
                "count": _number(unstated)
            }
        status_rows = {"counts": sorted([[*k, n] for k, n in counts.items()])}
        funding_data = [{**r, "years": sorted(r["years"].items(), key=lambda i: i[0] or 0)} for r in funding]
        specs[le] = [
            ("status", f"status-{le}", status_rows, status_summary, (counts, kinds, traffic)),
            ("funding", f"funding-{le}", funding_data, funding_summary, funding),
            ("targets", f"targets-{le}", target_list, "", target_list),
        ]
    return specs


def _draw(kind: str, key: str, args):
    if kind == "status":
        counts, kinds, traffic = args
        return charts.status_chart(key, counts, kinds, traffic) if counts else None
    if kind == "funding":
        return charts.funding_rows_chart(key, args) if args else None
    return charts.targets_chart(key, args)


def _has_rows(kind: str, args) -> bool:
    """Whether a chart has any rows to draw (`_draw` draws nothing without): no counts, funding rows or targets."""
    return bool(args[0] if kind == "status" else args)


def life_event_charts(event_ids: list[int], groups: dict, fundings: dict, targets: list[dict]) -> dict[int, list]:
    """Per life event: its charts ({kind, heading, title, description, svg, summary}; a chart with nothing to draw is
    {kind, heading, summary, empty: the text said instead}). The SVGs come from the cache by the digest of their rows
    (one round trip), and the missing ones are drawn and kept; a chart without rows is empty without a digest or a
    cache key."""
    language = translation.get_language() or ""
    specs = chart_specs(event_ids, groups, fundings, targets)
    keys = {
        (le, kind): ":".join(["reports", "dashboard-chart", VERSION, language, key, _digest(rows)])
        for le, items in specs.items()
        for kind, key, rows, _summary, args in items
        if _has_rows(kind, args)
    }
    headings = {  # escaped once per page: every card prints them
        "status": conditional_escape(_("Measures by status")),
        "funding": conditional_escape(_("Funding by year (NOK)")),
        "targets": conditional_escape(_("Mission targets")),
    }
    nothing = {  # what an empty chart says instead
        "status": conditional_escape(_("No measures in the portfolio yet.")),
        "funding": conditional_escape(_("No funding registered.")),
        "targets": conditional_escape(_("No mission targets.")),
    }
    held = cache.get_many(list(keys.values())) if keys else {}
    fresh = {}
    out: dict[int, list] = {}
    for le, items in specs.items():
        shown = []
        for kind, key, _rows, summary, args in items:
            cache_key = keys.get((le, kind))
            chart = held.get(cache_key) if cache_key else {}
            if chart is None:
                chart = _draw(kind, key, args) or {}
                fresh[cache_key] = chart
            empty = "" if chart else nothing[kind]
            shown.append({"kind": kind, "heading": headings[kind], "summary": summary, "empty": empty, **chart})
        out[le] = shown
    if fresh:
        cache.set_many(fresh, TIMEOUT)
    return out
