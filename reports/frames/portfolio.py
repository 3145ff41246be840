"""Portfolio-wide tables (roll-up, links across life events, proposals) and the whole report."""

from __future__ import annotations

import pandas as pd
from django.utils.translation import gettext as _

from core.rows import choice_labels
from lifeevents import figures
from portfolio.choices import DependencyKind, ProposalStatus

from .base import Data, _df, traffic_labels
from .life_event import LIFE_EVENT_TABLES


def portfolio_rollup(data: Data, life_event_ids) -> pd.DataFrame:
    """One row per life event (a measure in two life events is in both rows) and a sum row that counts every
    measure, funding and benefit once (`lifeevents.figures`), so the sum row is not the sum of the rows above."""
    measures = data.measure_rows  # figures count the measures in the portfolio, and the terminated apart
    benefits = data.raw["benefits"]
    fundings = data.raw["fundings"]
    traffic = traffic_labels().items()

    def row(label, ids: set, events: set) -> dict:
        ms = [m for m in measures if m["id"] in ids]
        counted = {m["id"] for m in ms if figures.in_portfolio(m)}
        out = {_("Life event"): label, measures_label(): figures.measure_count(ms)}
        for key, name in traffic:
            out[name] = figures.measure_count(m for m in ms if m["traffic"] == key)
        out[_("Terminated (not counted)")] = figures.terminated_count(ms)
        out[_("Budget (NOK)")] = _number(figures.budget_total(ms))
        out[_("Spent (NOK)")] = _number(figures.spent_total(ms))
        funded = figures.fundings_of(fundings, counted, events)
        out[_("Funding (NOK)")] = _number(figures.funding_total(funded))
        # the sum above is of the stated amounts: say how many grants it leaves out (amount not stated)
        out[_("Funding with no stated amount (rows)")] = figures.funding_unstated(funded)
        out[_("Net benefit per year (NOK)")] = _number(
            figures.net_benefit(b for b in benefits if b["measure_id"] in counted)
        )
        return out

    rows, every = [], set()
    known = {m["id"] for m in measures}
    for le in life_event_ids:
        ids = figures.measures_of_life_event(data.raw["measure_life_events"], le) & known
        every |= ids
        rows.append(row(data.name_of(le), ids, {le}))
    rows.append(row(_("Sum"), every, set(life_event_ids)))
    return pd.DataFrame(rows)


def measures_label() -> str:
    """The label of `figures.measure_count` wherever it is printed: what is counted."""
    return _("Measures (not terminated)")


def _number(value) -> float:
    return float("nan") if value is None else float(value)


def cross_life_event_links(data: Data, life_event_id=None) -> pd.DataFrame:
    """Dependencies between measures of different life events (with a life event, or a set of them: those with one
    end in it)."""
    chosen = life_event_id if isinstance(life_event_id, (set, frozenset)) or life_event_id is None else {life_event_id}
    events = data.links.groupby("measure_id")["lifeevent_id"].apply(frozenset).to_dict()
    titles = data.titles
    kinds = choice_labels(DependencyKind)
    rows = []
    for d in data.raw["dependencies"]:
        a, b = events.get(d["from_measure_id"], frozenset()), events.get(d["to_measure_id"], frozenset())
        if a != b and (chosen is None or chosen & (a | b)):
            rows.append(
                {
                    _("Measure"): titles.get(d["from_measure_id"], ""),
                    _("Life events"): ", ".join(sorted(data.name_of(x) for x in a)),
                    _("Kind"): kinds.get(d["kind"], d["kind"]),
                    _("Other measure"): titles.get(d["to_measure_id"], ""),
                    _("Other life events"): ", ".join(sorted(data.name_of(x) for x in b)),
                }
            )
    return _df(rows, [_("Measure"), _("Life events"), _("Kind"), _("Other measure"), _("Other life events")])


def proposals_by_status(data: Data, life_event_id=None) -> pd.DataFrame:
    """The number of proposals per life event (in the order of their ids) and status (in the statuses' order; a
    status no proposal has is left out, a life event with none of a status has 0)."""
    chosen = life_event_id if isinstance(life_event_id, (set, frozenset)) or life_event_id is None else {life_event_id}
    counts: dict = {}
    for r in data.raw["proposal_counts"]:
        if chosen is None or r["lifeevent_id"] in chosen:
            of_event = counts.setdefault(r["lifeevent_id"], {})
            of_event[r["proposal__status"]] = of_event.get(r["proposal__status"], 0) + r["n"]
    if not counts:
        return pd.DataFrame(columns=[_("Life event")])
    events, labels = sorted(counts), choice_labels(ProposalStatus)
    shown = [s for s in labels if any(s in of_event for of_event in counts.values())]
    table = {labels[s]: pd.Series([counts[le].get(s, 0) for le in events], dtype="int64") for s in shown}
    return pd.DataFrame({_("Life event"): [data.name_of(le) for le in events], **table})


ROLLED_UP = ("funding_status", "funding", "allocation", "pays_gains", "decisions")


def portfolio_keys(chosen) -> list[str]:
    """The portfolio tables of a report, in order: the roll-up, of a report of all life events (`chosen` None) the
    life-event tables rolled up over the whole portfolio, the links across life events and the proposals."""
    return ["rollup", *(ROLLED_UP if chosen is None else ()), "cross", "proposals"]


def portfolio_table(data: Data, key: str, ids, chosen) -> pd.DataFrame:
    """One portfolio table of a report of the life events `ids` (the sections; `chosen` the selection, None: all)."""
    if key == "rollup":
        return portfolio_rollup(data, ids)
    if key == "cross":
        return cross_life_event_links(data, chosen)
    if key == "proposals":
        return proposals_by_status(data, chosen)
    return dict(LIFE_EVENT_TABLES)[key](data, None)


def build(raw: dict, life_event_id=None, life_event_ids=None) -> dict:
    """All tables of a report: {"sections": [(le_id, name, {key: df})], "portfolio": {key: df}, "scope": le_id}.
    With a life event, the portfolio tables are cut to what concerns it; with `life_event_ids` (a ministry's brief),
    to what concerns those life events (a section each, "scope" None, "selection" the ids)."""
    data = Data(raw)
    chosen = {life_event_id} if life_event_id is not None else set(life_event_ids) if life_event_ids else None
    ids = [le for le in data.life_events["id"] if chosen is None or le in chosen]
    sections = [(le, data.name_of(le), {k: f(data, le) for k, f in LIFE_EVENT_TABLES}) for le in ids]
    portfolio = {key: portfolio_table(data, key, ids, chosen) for key in portfolio_keys(chosen)}
    return {
        "sections": sections,
        "portfolio": portfolio,
        "as_of": raw.get("as_of"),
        "scope": life_event_id,
        "selection": ids if chosen is not None else None,
        "numbers": {le: n for n, le in enumerate(data.life_events["id"], start=1)},  # Table 1's order
    }


def one_table(built: dict, key: str) -> pd.DataFrame:
    """A portfolio table, or a life-event table across the sections (with the life event as first column)."""
    if key in built["portfolio"]:
        return built["portfolio"][key]
    parts = [t[key].assign(**{_("Life event"): name}) for _le, name, t in built["sections"]]
    if not parts:
        return pd.DataFrame()
    df = pd.concat(parts, ignore_index=True)
    return df[[_("Life event"), *[c for c in df.columns if c != _("Life event")]]]
