"""Portfolio-wide tables (roll-up, links across life events, proposals) and the whole report."""

from __future__ import annotations

import pandas as pd
from django.utils.translation import gettext as _

from lifeevents import figures
from portfolio.choices import DependencyKind, ProposalStatus

from ..choices import Traffic
from .base import NOT_REPORTED, Data, _df, _labels, _records
from .life_event import LIFE_EVENT_TABLES


def portfolio_rollup(data: Data, life_event_ids) -> pd.DataFrame:
    """One row per life event (a measure in two life events is in both rows) and a sum row that counts every
    measure, funding and benefit once (`lifeevents.figures`), so the sum row is not the sum of the rows above."""
    measures = _records(data.measures)
    benefits = _records(data.benefits)
    fundings = data.raw["fundings"]
    traffic_labels = [*_labels(Traffic).items(), (NOT_REPORTED, _("Not reported"))]

    def row(label, ids: set, events: set) -> dict:
        ms = [m for m in measures if m["id"] in ids]
        out = {_("Life event"): label, _("Measures"): figures.measure_count(ms)}
        for key, name in traffic_labels:
            out[name] = figures.measure_count(m for m in ms if m["traffic"] == key)
        out[_("Budget (NOK)")] = _number(figures.budget_total(ms))
        out[_("Spent (NOK)")] = _number(figures.spent_total(ms))
        out[_("Funding (NOK)")] = _number(figures.funding_total(figures.fundings_of(fundings, ids, events)))
        out[_("Net benefit per year (NOK)")] = _number(
            figures.net_benefit(b for b in benefits if b["measure_id"] in ids)
        )
        return out

    rows, every = [], set()
    for le in life_event_ids:
        ids = figures.measures_of_life_event(data.raw["measure_life_events"], le) & set(data.measures["id"])
        every |= ids
        rows.append(row(data.name_of(le), ids, {le}))
    rows.append(row(_("Sum"), every, set(life_event_ids)))
    return pd.DataFrame(rows)


def _number(value) -> float:
    return float("nan") if value is None else float(value)


def cross_life_event_links(data: Data, life_event_id=None) -> pd.DataFrame:
    """Dependencies between measures of different life events (with a life event: those with one end in it)."""
    events = data.links.groupby("measure_id")["lifeevent_id"].apply(frozenset).to_dict()
    titles = dict(zip(data.measures["id"], data.measures["title"], strict=False))
    kinds = _labels(DependencyKind)
    rows = []
    for d in data.raw["dependencies"]:
        a, b = events.get(d["from_measure_id"], frozenset()), events.get(d["to_measure_id"], frozenset())
        if a != b and (life_event_id is None or life_event_id in a | b):
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
    p = _df(data.raw["proposal_counts"], ["lifeevent_id", "proposal__status", "n"])
    if life_event_id is not None:
        p = p[p["lifeevent_id"] == life_event_id]
    if not len(p):
        return pd.DataFrame(columns=[_("Life event")])
    table = p.pivot_table(index="lifeevent_id", columns="proposal__status", values="n", aggfunc="sum", fill_value=0)
    labels = _labels(ProposalStatus)
    table = table.reindex(columns=[s for s in labels if s in table.columns])
    table.columns = [labels[c] for c in table.columns]
    table.insert(0, _("Life event"), [data.name_of(le) for le in table.index])
    return table.reset_index(drop=True)


ROLLED_UP = ("funding_status", "funding", "allocation", "pays_gains", "decisions")


def build(raw: dict, life_event_id=None) -> dict:
    """All tables of a report: {"sections": [(le_id, name, {key: df})], "portfolio": {key: df}, "scope": le_id}.
    With a life event, the portfolio tables are cut to what concerns it."""
    data = Data(raw)
    ids = [le for le in data.life_events["id"] if life_event_id is None or le == life_event_id]
    sections = [(le, data.name_of(le), {k: f(data, le) for k, f in LIFE_EVENT_TABLES}) for le in ids]
    portfolio = {"rollup": portfolio_rollup(data, ids)}
    if life_event_id is None:  # the life-event tables rolled up over the whole portfolio
        tables = dict(LIFE_EVENT_TABLES)
        portfolio.update({key: tables[key](data, None) for key in ROLLED_UP})
    portfolio.update(
        {
            "cross": cross_life_event_links(data, life_event_id),
            "proposals": proposals_by_status(data, life_event_id),
        }
    )
    return {
        "sections": sections,
        "portfolio": portfolio,
        "as_of": raw.get("as_of"),
        "scope": life_event_id,
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
