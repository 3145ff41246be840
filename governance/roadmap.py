"""The roadmap: measures and proposals across the life events on one time axis (years and quarters), by life event
or by mission, with the maturity ladder (experiment → demonstrator → national implementation), the moves on it as
milestones, the dependencies between measures (across life events too), the allocation-letter years and the
reporting rounds' deadlines (reports provides its rounds through `core.extensions`, point `governance.roadmap_rounds`:
governance is below reports in the layers); filtered by life event, ministry, agency and mission. The rows are the
measures and proposals (steps 3 and 4) the user may see.

`roadmap()` gathers the rows (five queries whatever their number, four by mission; one fewer when the page gives it
the life events its filter read; with a limit, only the first rows of each group and how many it has: what the page
of every life event or mission shows); `layout()` places them on the SVG's time axis (the page draws one chart, the
PDF one per group on the same axis); `csv_rows()` is the export. A measure in two life events is in each group; its
dependencies are listed once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date

from django.contrib.postgres.aggregates import ArrayAgg
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, F, Func, JSONField, OuterRef, Q, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext as _

from core import extensions
from core.links import row_url
from lifeevents.models import LifeEvent
from portfolio.choices import DependencyKind, MeasureKind, MeasureStatus
from portfolio.models import Dependency, Measure, MeasureMove, Mission, Proposal
from portfolio.queries.rows import moment
from portfolio.workflow import DECIDABLE

from .models import AllocationLetter

LIFE_EVENT_NAMES = ("name_nb", "name_nn", "name_en")


@dataclass
class Item:
    key: str
    title: str
    url: str
    kind: str  # a MeasureKind, or "proposal"
    kind_label: str
    status_label: str
    start: date | None
    end: date | None
    owner: str
    group_ids: list[int]
    needs: list[str] = field(default_factory=list)  # titles of the measures this one depends on
    milestones: list[tuple[date, str]] = field(default_factory=list)

    @property
    def is_proposal(self) -> bool:
        return self.kind == "proposal"


@dataclass
class Filters:
    life_event: int | None = None
    ministry: int | None = None
    agency: int | None = None
    mission: int | None = None
    by: str = "life_event"  # or "mission"


def _measures(user, f: Filters):
    qs = Measure.objects.visible_to(user)
    if f.life_event:
        qs = qs.filter(
            pk__in=Measure.life_events.through.objects.filter(lifeevent_id=f.life_event).values("measure_id")
        )
    if f.ministry:
        owned = LifeEvent.objects.filter(owner_ministry_id=f.ministry).values("pk")
        qs = qs.filter(pk__in=Measure.life_events.through.objects.filter(lifeevent_id__in=owned).values("measure_id"))
    if f.agency:
        taking_part = Measure.participants.through.objects.filter(organisation_id=f.agency).values("measure_id")
        qs = qs.filter(Q(owner_id=f.agency) | Q(pk__in=taking_part))
    if f.mission:
        qs = qs.filter(pk__in=Measure.missions.through.objects.filter(mission_id=f.mission).values("measure_id"))
    return qs


def _proposals(user, f: Filters):
    qs = Proposal.objects.visible_to(user).filter(status__in=DECIDABLE, merged_into__isnull=True)
    if f.life_event:
        qs = qs.filter(
            pk__in=Proposal.life_events.through.objects.filter(lifeevent_id=f.life_event).values("proposal_id")
        )
    if f.ministry:
        owned = LifeEvent.objects.filter(owner_ministry_id=f.ministry).values("pk")
        qs = qs.filter(pk__in=Proposal.life_events.through.objects.filter(lifeevent_id__in=owned).values("proposal_id"))
    if f.agency:
        qs = qs.filter(organisation_id=f.agency)
    if f.mission:
        qs = qs.none()  # a proposal belongs to no mission until it becomes a measure
    return qs


def _needs():
    """The titles of the measures a measure (`OuterRef("pk")`) depends on, by title."""
    depends = Dependency.objects.filter(from_measure=OuterRef("pk"), kind=DependencyKind.DEPENDS_ON)
    return ArraySubquery(depends.order_by("to_measure__title").values("to_measure__title"))


def _moves():
    """A measure's (`OuterRef("pk")`) moves on the maturity ladder, as JSON arrays [to, when]."""
    row = Func("to_value", "at", function="JSONB_BUILD_ARRAY", output_field=JSONField())
    moves = MeasureMove.objects.filter(measure=OuterRef("pk"), field="kind")
    return ArraySubquery(moves.annotate(row=row).values("row"))


def _milestones(moves: list) -> list[tuple[date, str]]:
    """A measure's moves on the ladder (`_moves`), by day: the day (in UTC, as the time stamp read as a column
    gives it) and the kind it became."""
    return sorted(
        (moment(at).astimezone(UTC).date(), MeasureKind(to).label if to in MeasureKind.values else to)
        for to, at in moves
    )


# The items' order in a group: measures by start, proposals by the day they were submitted (then by title)
MEASURE_ORDER = [F("start_date").asc(nulls_last=True), F("title").asc(), F("pk").asc()]
PROPOSAL_ORDER = [F("submitted_at").asc(nulls_last=True), F("title").asc(), F("pk").asc()]


def _ranked(rows, group_field: str, order: list, limit: int | None):
    """`rows` with `group_ids` (its groups), ordered by `order`. With a `limit`: one row per item and group (`group`:
    that group, None for an item in none), only the first `limit` of each group in that order, each
    with how many the group has (`in_group`): the database reads the rest only to count them."""
    if limit is None:
        return rows.annotate(group_ids=ArrayAgg(group_field, distinct=True, default=[])).order_by(*order)
    group = F(group_field)
    return (
        rows.annotate(
            group=group,
            rank=Window(RowNumber(), partition_by=group, order_by=order),
            in_group=Window(Count("pk"), partition_by=group),
        )
        .filter(rank__lte=limit)
        .order_by(*order)
    )


def _groups_of(row: dict, limit: int | None) -> list:
    """A row's groups (`_ranked`): all of them, or with a limit the one group of its row."""
    return row["group_ids"] if limit is None else [row["group"]]


def roadmap(
    user, f: Filters, *, life_events: Callable[[], list[LifeEvent]] | None = None, limit: int | None = None
) -> dict:
    """The groups (life events or missions, in order) with their items, and the allocation-letter years.
    `life_events`: the life events in their order (`sort_order`), when the page reads them anyway (its filter's
    options, `RoadmapFilterForm.life_events`); called only when the groups are life events. `limit`: only each
    group's first `limit` items are read (`page_limit`: the page of every life event or mission), and `totals` says
    how many each group has."""
    group_field = "missions" if f.by == "mission" else "life_events"
    extra = ("group_ids",) if limit is None else ("group", "in_group")
    totals: dict[int | None, int] = {}  # with a limit: each group's measures and proposals, all of them
    # with each measure, what it depends on and its moves on the ladder (not a query of their own each)
    measures = list(
        _ranked(_measures(user, f), group_field, MEASURE_ORDER, limit)
        .annotate(need_titles=_needs(), kind_moves=_moves())
        .values("pk", "title", "kind", "status", "start_date", "end_date", "owner__name", "owner__short_name",
                "need_titles", "kind_moves", *extra)
    )  # fmt: skip
    # the labels translated once per page, not once per row (thousands of rows on a large portfolio)
    kinds = {value: str(label) for value, label in MeasureKind.choices}
    statuses = {value: str(label) for value, label in MeasureStatus.choices}
    measure_url, proposal_url = row_url("portfolio:measure_detail"), row_url("portfolio:proposal_detail")
    items = []
    for m in measures:
        items.append(Item(
            key=f"T{m['pk']}", title=m["title"], url=measure_url(m["pk"]), kind=m["kind"],
            kind_label=kinds.get(m["kind"], m["kind"]), status_label=statuses.get(m["status"], m["status"]),
            start=m["start_date"], end=m["end_date"], owner=m["owner__short_name"] or m["owner__name"],
            group_ids=_groups_of(m, limit), needs=m["need_titles"], milestones=_milestones(m["kind_moves"]),
        ))  # fmt: skip
        if limit is not None:
            totals[m["group"]] = m["in_group"]
    if f.by != "mission":
        proposal, waiting = _("Proposal"), _("Awaiting assessment or decision")
        proposals: dict[int | None, int] = {}  # with a limit: each group's proposals, all of them
        for p in (
            _ranked(_proposals(user, f), "life_events", PROPOSAL_ORDER, limit)
            .values("pk", "title", "status", "submitted_at", "organisation__name", "organisation__short_name",
                    *extra)
        ):  # fmt: skip
            when = p["submitted_at"].date() if p["submitted_at"] else None
            items.append(Item(
                key=f"F{p['pk']}", title=p["title"], url=proposal_url(p["pk"]), kind="proposal",
                kind_label=proposal, status_label=waiting, start=when, end=None,
                owner=p["organisation__short_name"] or p["organisation__name"], group_ids=_groups_of(p, limit),
            ))  # fmt: skip
            if limit is not None:
                proposals[p["group"]] = p["in_group"]
        for group, n in proposals.items():
            totals[group] = totals.get(group, 0) + n
    if f.by == "mission":
        groups = [(g.pk, g.title) for g in Mission.objects.visible_to(user).only("title").order_by("title")]
    else:
        events = life_events() if life_events else LifeEvent.objects.order_by("sort_order").only(*LIFE_EVENT_NAMES)
        groups = [(g.pk, g.name) for g in events]
    grouped = [(pk, name, [i for i in items if pk in i.group_ids]) for pk, name in groups]
    grouped = [g for g in grouped if g[2]]
    loose = [i for i in items if not set(i.group_ids) & {pk for pk, _n in groups}]
    if loose:
        grouped.append((None, _("Not in a mission") if f.by == "mission" else _("No life event"), loose))
    years = list(AllocationLetter.objects.order_by("year").values_list("year", flat=True).distinct())
    rounds = sorted(
        (r for provided in extensions.collect("governance.roadmap_rounds", user, life_event=f.life_event,
                                              ministry=f.ministry) for r in provided),
        key=lambda r: (r["deadline"], r["title"]),
    )  # fmt: skip
    return {"groups": grouped, "items": items, "letter_years": years, "rounds": rounds, "totals": totals}


ROWS_PER_GROUP = 50  # the page's rows of a group when no life event or mission is chosen (the exports: all)


def page_limit(f: Filters) -> int | None:
    """The rows of each group the page shows: all of them with a life event or a mission chosen, else the first
    ROWS_PER_GROUP (`on_page`)."""
    return None if (f.life_event or f.mission) else ROWS_PER_GROUP


@dataclass
class Shown:
    """A group as the page shows it: its first items, and when it has more, how many in all and the link to the
    roadmap of that group alone (None for the items in no group, which no filter selects)."""

    pk: int | None
    name: str
    items: list[Item]
    total: int
    all_url: str | None = None

    def __iter__(self):  # (pk, name, items): the groups' shape that the chart and the table read
        return iter((self.pk, self.name, self.items))


def on_page(data: dict, f: Filters, group_url: Callable[[int], str]) -> dict:
    """The roadmap's data as its page shows it. Of every life event or mission (none chosen in the filter), each
    group's first ROWS_PER_GROUP items, in their order, with its total and a link (`group_url(pk)`: the roadmap
    filtered to that group, which shows all of it): a portfolio of thousands of measures is not one chart of
    thousands of rows. With a life event or a mission chosen, every item. The CSV and PDF keep every item."""
    limit, totals = page_limit(f), data.get("totals") or {}
    groups = []
    for pk, name, items in data["groups"]:
        total = totals.get(pk, len(items))  # (read with a limit, `roadmap` counted them all)
        more = pk is not None and limit is not None and total > limit
        groups.append(Shown(pk, name, items[:limit], total, group_url(pk) if more else None))
    shown = {i.key: i for g in groups for i in g.items}  # (an item in two groups: once, for the time axis)
    return {**data, "groups": groups, "items": list(shown.values())}


def one_group(data: dict, index: int) -> dict:
    """The roadmap's data with only its `index`th group (the PDF's chart per group), on the same time axis."""
    return {**data, "groups": [data["groups"][index]]}


# ---- the SVG: one bar per measure, a diamond per proposal or milestone, lines for dependencies ------------------

LABEL_W, WIDTH, ROW_H, HEAD_H, AXIS_H = 260, 1100, 26, 28, 34
KIND_CLASS = {"experiment": "exp", "project": "proj", "demonstrator": "demo", "national": "nat", "proposal": "prop"}


FILL = {"exp": "#9cc3e6", "proj": "#6b9fd1", "demo": "#2f6eb0", "nat": "#123f6e", "prop": "#e8a33d"}  # portal.css


def _span(items: list[Item], today: date, rounds: list[dict]) -> tuple[int, int]:
    years = [d.year for i in items for d in (i.start, i.end) if d] + [r["deadline"].year for r in rounds]
    years.append(today.year)
    first, last = min(years), max(years) + 1
    return first, max(last, first + 2)


def layout(data: dict, today: date) -> dict:
    first, last = _span(data["items"], today, data.get("rounds", []))
    span_days = (date(last, 1, 1) - date(first, 1, 1)).days

    def x(d: date) -> float:
        return round(LABEL_W + (WIDTH - LABEL_W - 10) * (d - date(first, 1, 1)).days / span_days, 1)

    rows, y, positions, deps = [], AXIS_H, {}, []
    letters = [yr for yr in data["letter_years"] if first <= yr < last]
    if letters:
        marks = [{"x": x(date(yr, 1, 1)), "w": round(x(date(yr + 1, 1, 1)) - x(date(yr, 1, 1)) - 2, 1), "year": yr}
                 for yr in letters]  # fmt: skip
        rows.append({"kind": "letters", "y": y, "label": _("Allocation letters"), "marks": marks})
        y += ROW_H
    if data.get("rounds"):
        marks = [{"x": x(r["deadline"]), "round": r} for r in data["rounds"]]
        rows.append({"kind": "rounds", "y": y, "label": _("Reporting rounds (deadline)"), "marks": marks})
        y += ROW_H
    for _pk, name, items in data["groups"]:
        rows.append({"kind": "group", "y": y, "label": name})
        y += HEAD_H
        for item in items:
            row = {"kind": "item", "y": y, "label": item.title if len(item.title) <= 38 else item.title[:37] + "…",
                   "cls": KIND_CLASS.get(item.kind, "proj"), "item": item}  # fmt: skip
            row["fill"] = FILL[row["cls"]]
            if item.start and not item.is_proposal:
                end = item.end or date(last, 1, 1)
                row["x1"], row["x2"], row["open"] = x(item.start), max(x(end), x(item.start) + 4), item.end is None
                row["w"] = round(row["x2"] - row["x1"], 1)
            elif item.start:
                row["dx"] = x(item.start)
            row["milestones"] = [x(d) for d, _label in item.milestones]
            positions.setdefault(item.title, row)
            rows.append(row)
            y += ROW_H
    for row in rows:
        for need in row["item"].needs if row["kind"] == "item" else []:
            other = positions.get(need)
            if other and "x2" in other and ("x1" in row or "dx" in row):
                deps.append({"x1": other["x2"], "y1": other["y"] + ROW_H // 2, "x2": row.get("x1", row.get("dx")),
                             "y2": row["y"] + ROW_H // 2})  # fmt: skip
    years = [{"year": yr, "x": x(date(yr, 1, 1)), "quarters": [x(date(yr, m, 1)) for m in (4, 7, 10)],
              "letters": yr in data["letter_years"]} for yr in range(first, last)]  # fmt: skip
    count = sum(len(items) for _pk, _name, items in data["groups"])
    return {"rows": rows, "deps": deps, "years": years, "height": y + 10, "width": WIDTH, "today": x(today),
            "item_count": count,
            "label_w": LABEL_W, "end": x(date(last, 1, 1)), "row_h": ROW_H}  # fmt: skip


def csv_rows(data: dict) -> list[list[str]]:
    """The export: one line per item and group, as the table shows it."""
    out = [[_("Group"), _("Measure or proposal"), _("Kind"), _("Status"), _("Start"), _("End"), _("Owner"),
            _("Depends on")]]  # fmt: skip
    for _pk, name, items in data["groups"]:
        for i in items:
            out.append([name, i.title, i.kind_label, i.status_label, i.start.isoformat() if i.start else "",
                        i.end.isoformat() if i.end else "", i.owner, "; ".join(i.needs)])  # fmt: skip
    calendar = _("Reporting rounds and allocation letters")
    for r in data.get("rounds", []):
        out.append([calendar, r["title"], _("Reporting round"), _("Closed") if r["closed"] else _("Open"), "",
                    r["deadline"].isoformat(), r["life_event"] or _("All life events"), ""])  # fmt: skip
    for yr in data["letter_years"]:
        out.append([calendar, str(yr), _("Allocation letters"), "", f"{yr}-01-01", f"{yr}-12-31", "", ""])
    return out
