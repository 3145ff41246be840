"""The tables of one life event (or, with `le=None`, of the whole portfolio)."""

from __future__ import annotations

import pandas as pd
from django.utils.translation import gettext as _

from core.rows import choice_labels
from governance.choices import MentionValue
from lifeevents import figures
from lifeevents.choices import FundingCoverage, Involvement, ParticipationRole, Phase
from portfolio.choices import MeasureKind, MeasureStatus

from ..choices import Traffic
from .base import NOT_REPORTED, Data, _df, traffic_labels
from .plan_versions import plan_versions


def phases(data: Data, le) -> pd.DataFrame:
    rows = [r for r in data.raw["phases"] if r["life_event_id"] == le]
    labels = choice_labels(Phase)
    return pd.DataFrame(
        {
            _("Phase"): [labels.get(r["phase"], r["phase"]) for r in rows],
            _("Start"): [r["start_date"] or "" for r in rows],
            _("End"): [r["end_date"] or "" for r in rows],
        }
    )


def measures_by_kind_and_status(data: Data, le) -> pd.DataFrame:
    """Measures (not terminated) by kind and traffic light (`figures.measures_by_kind_and_traffic`); the total of a
    kind is `figures.measure_count` of its measures."""
    measures = data.measure_rows_of(le)
    counts = figures.measures_by_kind_and_traffic(measures)
    traffic = traffic_labels()
    shown = [t for t in traffic if any(key[1] == t for key in counts)]
    kinds = [k for k in MeasureKind.values if any(key[0] == k for key in counts)]
    kind_labels = choice_labels(MeasureKind)
    rows = [
        {
            _("Kind"): kind_labels[k],
            **{traffic[t]: counts.get((k, t), 0) for t in shown},
            _("Total"): figures.measure_count(m for m in measures if m["kind"] == k),
        }
        for k in kinds
    ]
    return _df(rows, [_("Kind"), *[traffic[t] for t in shown], _("Total")])


def measure_status(data: Data, le) -> pd.DataFrame:
    severity = {Traffic.RED: 0, Traffic.YELLOW: 1, NOT_REPORTED: 2, Traffic.GREEN: 3}
    m = data.measures_of(le)
    m = m.assign(_rank=m["traffic"].map(severity).fillna(4)).sort_values(["_rank", "title"])  # red first
    traffic = traffic_labels()
    return pd.DataFrame(
        {
            _("Measure"): m["title"],
            _("Owner"): m["owner__name"],
            _("Kind"): m["kind"].map(choice_labels(MeasureKind)),
            _("Measure status"): m["status"].map(choice_labels(MeasureStatus)),
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
    """`figures.funding_by_source_and_year` of the life event's funding rows (`figures.fundings_of`: its own and
    its measures' in the portfolio), or of the whole portfolio's; an amount no row states is unknown (NaN)."""
    counted = set(data.measure_ids(le)) & set(data.portfolio_ids)
    events = {le} if le is not None else {r["id"] for r in data.raw["life_events"]}
    rows = figures.funding_by_source_and_year(figures.fundings_of(data.raw["fundings"], counted, events))
    if not rows:
        return pd.DataFrame(columns=[_("Source")])
    years = sorted({year for r in rows for year in r["years"]}, key=lambda y: y or 0)
    table = pd.DataFrame(
        [
            {
                _("Source"): r["source__name"],
                # no row for the source in a year: nothing (0); rows, but none states an amount: unknown (NaN)
                **{str(y): _number(r["years"][y]) if y in r["years"] else 0 for y in years},
                _("Total"): _number(r["total"]),
            }
            for r in rows
        ]
    )
    return table


def _number(value) -> float:
    return float("nan") if value is None else float(value)


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
    achieved = _percent_reached(baseline, expected, current)
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
    return pd.DataFrame(
        {
            _("Mission"): t["mission_id"].map(missions),
            _("Indicator"): t["indicator"],
            _("Baseline"): baseline,
            _("Target"): target,
            _("Target date"): t["target_date"],
            _("Current"): current,
            _("Progress (%)"): _percent_reached(baseline, target, current),
        }
    )


def _percent_reached(baseline: pd.Series, goal: pd.Series, current: pd.Series) -> pd.Series:
    """`figures.share_reached` of each row, in whole per cent (NaN: unknown)."""

    def known(value):
        return None if pd.isna(value) else float(value)

    shares = [
        figures.share_reached(known(b), known(g), known(c)) for b, g, c in zip(baseline, goal, current, strict=True)
    ]
    return pd.Series([float("nan") if s is None else round(s * 100) for s in shares], index=baseline.index)


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


def allocation_footnote() -> str:
    return _(
        "(Nei)* = mentions of assignments or projects that may relate to the life event or the follow-up of the "
        "digitalisation strategy, but where the life event itself is not mentioned explicitly. "
        "Source: DFØ note 2021:1, Table 3."
    )


def allocation_coverage(data: Data, le) -> pd.DataFrame:
    """DFØ's Table 3 row by row: one row per agency and life event, as printed ("Ja", "Nei", "(Nei)*"), and the sum
    row (`figures.allocation_sums`). Without a life event: all 28 rows, each with its life event."""
    rows = figures.allocation_rows(data.raw["mentions"], le)
    mention_labels, role_labels = choice_labels(MentionValue), choice_labels(ParticipationRole)
    yes = _("Yes")
    table = {
        _("Life event"): [data.name_of(m["life_event_id"]) for m in rows],
        _("Directorate or agency"): [_agency(m, role_labels) for m in rows],
        _("Mentioned in the allocation letter"): [
            m.get("raw_text") or mention_labels.get(m.get("value"), "") for m in rows
        ],
        _("Assignment given"): [yes if m.get("assignment") else "" for m in rows],
        _("Notice or information about an assignment"): [yes if m.get("notice") else "" for m in rows],
    }
    if le is not None:
        del table[_("Life event")]
    sums = figures.allocation_sums(rows)
    labels = [_("Sum")] + [""] * (len(table) - 4) + [sums["mentioned"], sums["assignments"], sums["notices"]]
    df = pd.DataFrame(table)
    return pd.concat([df, pd.DataFrame([dict(zip(table, labels, strict=True))])], ignore_index=True) if rows else df


def _agency(mention: dict, role_labels: dict) -> str:
    name = mention.get("letter__agency__short_name") or mention.get("letter__agency__name") or ""
    role = role_labels.get(mention.get("actor_role") or "", "")
    return f"{name} ({role.lower()})" if role else name


def supporting_activities(data: Data, le) -> pd.DataFrame:
    """DFØ's Table 2: the important supporting activities of each life event."""
    rows = [r for r in data.raw.get("supporting_activities", []) if le is None or r["life_event_id"] == le]
    phases = choice_labels(Phase)
    table = {
        _("Life event"): [data.name_of(r["life_event_id"]) for r in rows],
        _("Supporting activity"): [r["name"] for r in rows],
        _("Owner"): [r.get("owner__name") or "" for r in rows],
        _("Phase"): [phases.get(r.get("phase") or "", "") for r in rows],
    }
    df = pd.DataFrame(table)
    return df.drop(columns=_("Life event")) if le is not None else df


def funding_status(data: Data, le) -> pd.DataFrame:
    """DFØ's Table 4: is the work on the life event funded (Nei / Delvis / Ja), with the source's wording."""
    labels = choice_labels(FundingCoverage)
    rows = [r for r in data.raw["life_events"] if le is None or r["id"] == le]
    return pd.DataFrame(
        {
            _("Life event"): [data.name_of(r["id"]) for r in rows],
            _("Funded?"): [labels.get(figures.funding_covered(r), "") or _("Not stated") for r in rows],
            _("As stated in the source"): [r.get("funding_summary") or "" for r in rows],
        }
    )


def actor_involvement(data: Data, le) -> pd.DataFrame:
    order = {role: i for i, role in enumerate(ParticipationRole.values)}
    rows = [r for r in data.raw["participations"] if le is None or r["life_event_id"] == le]
    rows.sort(key=lambda r: order.get(r["role"], len(order)))  # Table 1: owner, executing agencies, collaborators
    from core.models import OrganisationKind

    kinds, roles, inv = choice_labels(OrganisationKind), choice_labels(ParticipationRole), choice_labels(Involvement)
    return pd.DataFrame(
        {
            _("Organisation"): [r["organisation__name"] for r in rows],
            _("Kind"): [kinds.get(r["organisation__kind"], "") for r in rows],
            _("Role"): [roles.get(r["role"], "") for r in rows],
            _("Involvement"): [inv.get(r["involvement"], "") for r in rows],
        }
    )


def who_pays_who_gains(data: Data, le) -> pd.DataFrame:
    """Per organisation: gains, losses (dis-benefits, counted once), costs and net (`figures.benefit_flows`)."""
    ids = set(data.measure_ids(le))
    flows = figures.benefit_flows(b for b in data.raw["benefits"] if b["measure_id"] in ids)
    return pd.DataFrame(
        {
            _("Organisation"): [r["organisation"] for r in flows],
            _("Benefits per year (NOK)"): [float(r["gain"]) for r in flows],
            _("Dis-benefits per year (NOK)"): [float(r["loss"]) for r in flows],
            _("Costs per year (NOK)"): [float(r["cost"]) for r in flows],
            _("Net per year (NOK)"): [float(r["net"]) for r in flows],
        }
    )


LIFE_EVENT_TABLES = [
    ("actors", actor_involvement),
    ("activities", supporting_activities),
    ("funding_status", funding_status),
    ("phases", phases),
    ("measures_by_kind", measures_by_kind_and_status),
    ("measure_status", measure_status),
    ("needs", needs_and_risks),
    ("funding", funding_by_source_and_year),
    ("benefits", benefits_against_targets),
    ("missions", mission_targets),
    ("decisions", decisions_awaiting),
    ("allocation", allocation_coverage),
    ("pays_gains", who_pays_who_gains),
    ("plan_versions", plan_versions),
]


def table_titles() -> dict[str, str]:
    return {
        "phases": _("Phases"),
        "measures_by_kind": _("Measures (not terminated) by kind and status"),
        "measure_status": _("Status per measure (not terminated)"),
        "needs": _("Needs from the ministries and risks"),
        "funding": _("Funding by source and year (NOK)"),
        "benefits": _("Benefits against targets"),
        "missions": _("Progress of mission targets"),
        "decisions": _("Decisions waiting for the steering dialogue"),
        "allocation": _("Mentions in the allocation letters (DFØ Table 3)"),
        "activities": _("Supporting activities (DFØ Table 2)"),
        "funding_status": _("Is the work funded? (DFØ Table 4)"),
        "actors": _("Actors and their involvement (DFØ Table 1)"),
        "pays_gains": _("Who pays and who gains"),
        "plan_versions": _("Benefit plans that changed: each version with its date and reason"),
        "rollup": _("Portfolio roll-up per life event"),
        "cross": _("Overlaps and dependencies across life events"),
        "proposals": _("Proposals per life event and status"),
    }
