"""The tables of one life event (or, with `le=None`, of the whole portfolio)."""

from __future__ import annotations

import pandas as pd
from django.utils.translation import gettext as _

from governance.choices import MentionValue
from lifeevents.choices import Involvement, ParticipationRole, Phase
from portfolio.choices import MeasureKind, MeasureStatus

from ..choices import Traffic
from .base import NOT_REPORTED, Data, _df, _labels


def phases(data: Data, le) -> pd.DataFrame:
    rows = [r for r in data.raw["phases"] if r["life_event_id"] == le]
    labels = _labels(Phase)
    return pd.DataFrame(
        {
            _("Phase"): [labels.get(r["phase"], r["phase"]) for r in rows],
            _("Start"): [r["start_date"] or "" for r in rows],
            _("End"): [r["end_date"] or "" for r in rows],
        }
    )


def measures_by_kind_and_status(data: Data, le) -> pd.DataFrame:
    m = data.measures_of(le)
    traffic = {**_labels(Traffic), NOT_REPORTED: _("Not reported")}
    table = pd.crosstab(m["kind"].map(_labels(MeasureKind)), m["traffic"].map(traffic)) if len(m) else pd.DataFrame()
    table = table.reindex(columns=[c for c in traffic.values() if c in table.columns])
    table.index.name = _("Kind")
    table[_("Total")] = table.sum(axis=1)
    return table.reset_index()


def measure_status(data: Data, le) -> pd.DataFrame:
    severity = {Traffic.RED: 0, Traffic.YELLOW: 1, NOT_REPORTED: 2, Traffic.GREEN: 3}
    m = data.measures_of(le)
    m = m.assign(_rank=m["traffic"].map(severity).fillna(4)).sort_values(["_rank", "title"])  # red first
    traffic = {**_labels(Traffic), NOT_REPORTED: _("Not reported")}
    return pd.DataFrame(
        {
            _("Measure"): m["title"],
            _("Owner"): m["owner__name"],
            _("Kind"): m["kind"].map(_labels(MeasureKind)),
            _("Measure status"): m["status"].map(_labels(MeasureStatus)),
            _("Status"): m["traffic"].map(traffic),
            _("Progress (%)"): pd.to_numeric(m["progress"], errors="coerce"),
            _("Spent (NOK)"): pd.to_numeric(m["spent"], errors="coerce"),
            _("Budget (NOK)"): m["budget"],
        }
    ).reset_index(drop=True)


def needs_and_risks(data: Data, le) -> pd.DataFrame:
    """What the agencies need from the ministries, and their risks (submitted reports that say something)."""
    m = data.measures_of(le)
    m = m[(m["needs_from_ministries"].fillna("") != "") | (m["risks"].fillna("") != "")].sort_values("title")
    return pd.DataFrame(
        {
            _("Measure"): m["title"],
            _("Owner"): m["owner__name"],
            _("What is needed from the ministries"): m["needs_from_ministries"].fillna(""),
            _("Risks"): m["risks"].fillna(""),
        }
    ).reset_index(drop=True)


def funding_by_source_and_year(data: Data, le) -> pd.DataFrame:
    f = data.fundings
    ids = data.measure_ids(le)
    if le is not None:
        f = f[(f["life_event_id"] == le) | f["measure_id"].isin(ids)]
    if not len(f):
        return pd.DataFrame(columns=[_("Source")])
    f = f.assign(amount=pd.to_numeric(f["amount"], errors="coerce").fillna(0))
    table = f.pivot_table(index="source__name", columns="year", values="amount", aggfunc="sum", fill_value=0)
    table.columns = [str(int(c)) for c in table.columns]
    table[_("Total")] = table.sum(axis=1)
    table.index.name = _("Source")
    return table.reset_index()


def _benefits_of(data: Data, le) -> pd.DataFrame:
    b = data.benefits[data.benefits["measure_id"].isin(data.measure_ids(le))]
    return b.merge(data.realisations, how="left", left_on="id", right_on="benefit_id")


def benefits_against_targets(data: Data, le) -> pd.DataFrame:
    b = _benefits_of(data, le).merge(
        data.measures[["id", "title"]], left_on="measure_id", right_on="id", suffixes=("", "_m")
    )
    baseline = pd.to_numeric(b["baseline"], errors="coerce")
    expected = pd.to_numeric(b["expected_value"], errors="coerce")
    current = pd.to_numeric(b["value"], errors="coerce")
    span = (expected - baseline.fillna(0)).where(lambda s: s != 0)
    achieved = ((current - baseline.fillna(0)) / span * 100).round(0)
    return pd.DataFrame(
        {
            _("Indicator"): b["indicator"],
            _("Measure"): b["title"],
            _("Benefit owner"): b["owner__name"],
            _("Baseline"): baseline,
            _("Expected"): expected,
            _("Current"): current,
            _("Achieved (%)"): achieved,
        }
    ).reset_index(drop=True)


def mission_targets(data: Data, le) -> pd.DataFrame:
    missions = {
        r["mission_id"]: r["mission__title"] for r in data.raw["missions"] if le is None or r["lifeevent_id"] == le
    }
    latest = {r["target_id"]: r["value"] for r in data.raw["measurements"]}
    rows = [t for t in data.raw["targets"] if t["mission_id"] in missions]
    t = _df(rows, ["id", "mission_id", "indicator", "unit", "baseline", "target_value", "target_date"])
    baseline = pd.to_numeric(t["baseline"], errors="coerce")
    target = pd.to_numeric(t["target_value"], errors="coerce")
    current = pd.to_numeric(t["id"].map(latest), errors="coerce")
    span = (target - baseline.fillna(0)).where(lambda s: s != 0)
    return pd.DataFrame(
        {
            _("Mission"): t["mission_id"].map(missions),
            _("Indicator"): t["indicator"],
            _("Baseline"): baseline,
            _("Target"): target,
            _("Target date"): t["target_date"],
            _("Current"): current,
            _("Progress (%)"): ((current - baseline.fillna(0)) / span * 100).round(0),
        }
    )


def decisions_awaiting(data: Data, le) -> pd.DataFrame:
    ids = set(data.measure_ids(le))
    proposal_events = {}
    for r in data.raw["decision_proposal_life_events"]:
        proposal_events.setdefault(r["proposal_id"], set()).add(r["lifeevent_id"])
    ministries = {}
    for r in data.raw["decision_ministries"]:
        ministries.setdefault(r["decision_id"], []).append(r["organisation__name"])
    rows = [
        d
        for d in data.raw["decisions"]
        if le is None or d["measure_id"] in ids or le in proposal_events.get(d["proposal_id"], ())
    ]
    return pd.DataFrame(
        {
            _("Date"): [d["date"] for d in rows],
            _("Subject"): [d["subject"] for d in rows],
            _("Ministries that must act"): [", ".join(sorted(ministries.get(d["id"], []))) for d in rows],
            _("Allocation-letter year"): [str(d["allocation_year"] or "") for d in rows],
        }
    )


def allocation_coverage(data: Data, le) -> pd.DataFrame:
    """Mentioned / assignment / notice per year, ministry and agency (DFØ's Table 3), with a sum row."""
    rows = [r for r in data.raw["mentions"] if le is None or r["life_event_id"] == le]
    m = _df(rows, ["letter__year", "letter__ministry__name", "letter__agency__name", "life_event_id", "value"])
    kinds = [MentionValue.MENTIONED, MentionValue.ASSIGNMENT, MentionValue.NOTICE]
    labels = _labels(MentionValue)
    keys = [_("Year"), _("Ministry"), _("Agency")]
    m = m.assign(
        **{
            keys[0]: m["letter__year"].astype(str),
            keys[1]: m["letter__ministry__name"],
            keys[2]: m["letter__agency__name"],
        }
    )
    for kind in kinds:
        m[labels[kind]] = (m["value"] == kind).astype(int)
    counts = [labels[k] for k in kinds]
    table = m.groupby(keys, sort=True)[counts].sum().reset_index() if len(m) else pd.DataFrame(columns=keys + counts)
    total = {keys[0]: _("Sum"), keys[1]: "", keys[2]: "", **{c: int(table[c].sum()) for c in counts}}
    return pd.concat([table, pd.DataFrame([total])], ignore_index=True) if len(table) else pd.DataFrame([total])


def actor_involvement(data: Data, le) -> pd.DataFrame:
    rows = [r for r in data.raw["participations"] if le is None or r["life_event_id"] == le]
    from core.models import OrganisationKind

    kinds, roles, inv = _labels(OrganisationKind), _labels(ParticipationRole), _labels(Involvement)
    return pd.DataFrame(
        {
            _("Organisation"): [r["organisation__name"] for r in rows],
            _("Kind"): [kinds.get(r["organisation__kind"], "") for r in rows],
            _("Role"): [roles.get(r["role"], "") for r in rows],
            _("Involvement"): [inv.get(r["involvement"], "") for r in rows],
        }
    )


def who_pays_who_gains(data: Data, le) -> pd.DataFrame:
    b = _benefits_of(data, le)
    value = pd.to_numeric(b["annual_value_nok"], errors="coerce").fillna(0)
    cost = pd.to_numeric(b["annual_cost_nok"], errors="coerce").fillna(0)
    dis = b["is_disbenefit"].astype(bool)
    gains = pd.DataFrame({"org": b["owner__name"], "gain": value.where(~dis, 0), "loss": value.where(dis, 0)})
    costs = pd.DataFrame({"org": b["cost_bearer__name"], "cost": cost}).dropna(subset=["org"])
    table = pd.concat([gains, costs]).fillna(0).groupby("org", sort=True)[["gain", "loss", "cost"]].sum()
    table["net"] = table["gain"] - table["loss"] - table["cost"]
    table = table.assign(_abs=table["net"].abs()).sort_values(["_abs", "org"], ascending=[False, True])
    table = table.drop(columns="_abs").reset_index()
    table.columns = [
        _("Organisation"),
        _("Benefits per year (NOK)"),
        _("Dis-benefits per year (NOK)"),
        _("Costs per year (NOK)"),
        _("Net per year (NOK)"),
    ]
    return table


LIFE_EVENT_TABLES = [
    ("phases", phases),
    ("measures_by_kind", measures_by_kind_and_status),
    ("measure_status", measure_status),
    ("needs", needs_and_risks),
    ("funding", funding_by_source_and_year),
    ("benefits", benefits_against_targets),
    ("missions", mission_targets),
    ("decisions", decisions_awaiting),
    ("allocation", allocation_coverage),
    ("actors", actor_involvement),
    ("pays_gains", who_pays_who_gains),
]


def table_titles() -> dict[str, str]:
    return {
        "phases": _("Phases"),
        "measures_by_kind": _("Measures by kind and status"),
        "measure_status": _("Status per measure"),
        "needs": _("Needs from the ministries and risks"),
        "funding": _("Funding by source and year (NOK)"),
        "benefits": _("Benefits against targets"),
        "missions": _("Progress of mission targets"),
        "decisions": _("Decisions waiting for the steering dialogue"),
        "allocation": _("Allocation-letter coverage"),
        "actors": _("Actor involvement"),
        "pays_gains": _("Who pays and who gains"),
        "rollup": _("Portfolio roll-up per life event"),
        "cross": _("Overlaps and dependencies across life events"),
        "proposals": _("Proposals per life event and status"),
    }
