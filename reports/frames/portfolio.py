"""Portfolio-wide tables (roll-up, links across life events, proposals) and the whole report."""

from __future__ import annotations

import pandas as pd
from django.utils.translation import gettext as _

from portfolio.choices import DependencyKind, ProposalStatus

from ..choices import Traffic
from .base import NOT_REPORTED, Data, _df, _labels
from .life_event import LIFE_EVENT_TABLES


def portfolio_rollup(data: Data, life_event_ids) -> pd.DataFrame:
    m = data.measures.merge(data.links, left_on="id", right_on="measure_id")
    m = m[m["lifeevent_id"].isin(life_event_ids)]
    traffic = m.assign(n=1).pivot_table(
        index="lifeevent_id", columns="traffic", values="n", aggfunc="sum", fill_value=0
    )
    spent = pd.to_numeric(m["spent"], errors="coerce").fillna(0)
    money = m.assign(spent=spent).groupby("lifeevent_id")[["budget", "spent"]].sum()
    out = pd.DataFrame({"lifeevent_id": list(life_event_ids)}).set_index("lifeevent_id")
    out[_("Life event")] = [data.name_of(le) for le in out.index]
    out[_("Measures")] = m.groupby("lifeevent_id")["id"].nunique().reindex(out.index, fill_value=0)
    for key, label in [*_labels(Traffic).items(), (NOT_REPORTED, _("Not reported"))]:
        out[label] = traffic[key].reindex(out.index, fill_value=0) if key in traffic else 0
    out[_("Budget (NOK)")] = money["budget"].reindex(out.index, fill_value=0)
    out[_("Spent (NOK)")] = money["spent"].reindex(out.index, fill_value=0)
    out[_("Funding (NOK)")] = _funding_per_life_event(data).reindex(out.index, fill_value=0)
    out[_("Net benefit per year (NOK)")] = _net_benefit_per_life_event(data).reindex(out.index, fill_value=0)
    out = out.reset_index(drop=True)
    total = {c: (out[c].sum() if c != _("Life event") else _("Sum")) for c in out.columns}
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


def _funding_per_life_event(data: Data) -> pd.Series:
    f = data.fundings.assign(amount=pd.to_numeric(data.fundings["amount"], errors="coerce").fillna(0))
    direct = f.dropna(subset=["life_event_id"]).groupby("life_event_id")["amount"].sum()
    via = f.dropna(subset=["measure_id"]).merge(data.links, on="measure_id").groupby("lifeevent_id")["amount"].sum()
    return direct.add(via, fill_value=0)


def _net_benefit_per_life_event(data: Data) -> pd.Series:
    b = data.benefits
    value = pd.to_numeric(b["annual_value_nok"], errors="coerce").fillna(0)
    cost = pd.to_numeric(b["annual_cost_nok"], errors="coerce").fillna(0)
    net = value.where(~b["is_disbenefit"].astype(bool), -value) - cost
    return b.assign(net=net).merge(data.links, on="measure_id").groupby("lifeevent_id")["net"].sum()


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


ROLLED_UP = ("funding", "allocation", "pays_gains", "decisions")


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
    return {"sections": sections, "portfolio": portfolio, "as_of": raw.get("as_of"), "scope": life_event_id}


def one_table(built: dict, key: str) -> pd.DataFrame:
    """A portfolio table, or a life-event table across the sections (with the life event as first column)."""
    if key in built["portfolio"]:
        return built["portfolio"][key]
    parts = [t[key].assign(**{_("Life event"): name}) for _le, name, t in built["sections"]]
    if not parts:
        return pd.DataFrame()
    df = pd.concat(parts, ignore_index=True)
    return df[[_("Life event"), *[c for c in df.columns if c != _("Life event")]]]
