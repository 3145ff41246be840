"""The portfolio's figures: each number the portal shows, defined once, as a named function.

Every function takes plain rows (dicts, as `QuerySet.values()` or a closed round's snapshot gives them) and returns
plain Python values, so the life-event pages, the report page, the PDF brief, the Excel workbook, the CSV tables and
the ministry dashboard all compute a figure the same way, from live rows or from a frozen snapshot. The module lives
in `lifeevents`, the lowest layer whose pages show one of these figures (Table 3), and imports no model: every layer
above (portfolio, governance, reports) may call it. pandas is not used here (only in `reports/frames`).

Conventions: an amount that no row states is `None` (unknown), never 0; a measure that belongs to several life
events is in the table of each of them, and counted once in every total; a terminated measure has left the portfolio
(`in_portfolio`) and is counted apart, never in a life event's measures, budget, spending, funding or benefits.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

MENTION_YES = "Ja"  # as printed in Table 3
MENTIONED_VALUES = ("mentioned", "assignment", "notice")  # the letter names the life event itself


# ---- Table 3: allocation-letter mentions ------------------------------------------------------------------------


def is_mentioned(mention: dict) -> bool:
    """Mentioned: the allocation letter names the life event itself ("Ja"); "Nei" and "(Nei)*" are not mentions."""
    raw = (mention.get("raw_text") or "").strip()
    if raw:
        return raw == MENTION_YES
    return mention.get("value") in MENTIONED_VALUES


def allocation_rows(mentions: Iterable[dict], life_event_id: int | None = None) -> list[dict]:
    """Table 3's rows: one per agency and life event (an agency in two life events has a row in each), in the
    table's order (life event, then the order printed); with a life event, only its rows."""
    rows = [m for m in mentions if life_event_id is None or m.get("life_event_id") == life_event_id]
    return sorted(rows, key=lambda m: (m.get("life_event__sort_order") or 0, m.get("sort_order") or 0))


def allocation_sums(mentions: Iterable[dict]) -> dict[str, int]:
    """Table 3's sum row: the rows that are mentions (`is_mentioned`), that gave an assignment, that gave notice."""
    rows = list(mentions)
    return {
        "mentioned": sum(1 for m in rows if is_mentioned(m)),
        "assignments": sum(1 for m in rows if m.get("assignment")),
        "notices": sum(1 for m in rows if m.get("notice")),
    }


# ---- Table 1: the actors of a life event -------------------------------------------------------------------------


def actor_count(participations: Iterable[dict], life_event_id=None) -> int:
    """Actors of a life event: distinct organisations (by id) taking part in it in any role of Table 1 (owner
    ministry, executing agency, collaborator), each counted once even in two roles. `participations`: dicts with
    `life_event_id` and `organisation_id`; with a life event, only its rows. The life-event list reads its SQL form,
    `LifeEvent.objects.with_actor_count()`, tested equal to this."""
    return len(
        {p["organisation_id"] for p in participations if life_event_id is None or p["life_event_id"] == life_event_id}
    )


# ---- Table 4: is the work on a life event funded? ---------------------------------------------------------------


def funding_covered(life_event: dict) -> str:
    """Table 4's answer for a life event: "none", "partial", "full", or "" when the source does not say."""
    return life_event.get("funding_status") or ""


def amount_known(amounts: Iterable) -> Decimal | float | None:
    """A sum of amounts where only stated amounts count; None (unknown) when none is stated, never 0."""
    stated = [a for a in amounts if a is not None]
    return sum(stated) if stated else None


# ---- measures ---------------------------------------------------------------------------------------------------
# "The measures of a life event", as a ministry reads it: the life event's portfolio now. The source says measures
# that give no value are terminated ("avvikles", Digdir's mission case), so a terminated measure has left the
# portfolio: it is never counted in a life event's measures, budget, spending, funding or benefits, and is shown
# apart as "terminated" (the learning is kept). Planned, ongoing and completed measures are counted.

NOT_IN_PORTFOLIO = ("terminated",)  # measure statuses that have left the portfolio (`Measure.objects.active()`)


def in_portfolio(measure: dict) -> bool:
    """In the portfolio: a measure that is not terminated (planned, ongoing or completed)."""
    return measure.get("status") not in NOT_IN_PORTFOLIO


def terminated_count(measures: Iterable[dict]) -> int:
    """Terminated measures: distinct measures (by id) that left the portfolio; shown apart, never in `measure_count`."""
    return len({m["id"] for m in measures if not in_portfolio(m)})


def measures_by_kind_and_traffic(measures: Iterable[dict]) -> dict[tuple[str, str], int]:
    """Measures by kind and traffic light: distinct measures in the portfolio (by id) per (kind, traffic)."""
    counts: dict[tuple[str, str], int] = {}
    for m in {m["id"]: m for m in measures if in_portfolio(m)}.values():
        key = (m.get("kind") or "", m.get("traffic") or "")
        counts[key] = counts.get(key, 0) + 1
    return counts


def measures_of_life_event(links: Iterable[dict], life_event_id: int | None) -> set:
    """The measures of a life event (links: measure_id, lifeevent_id); a measure in two life events is in both;
    `None`: every linked measure."""
    return {link["measure_id"] for link in links if life_event_id is None or link["lifeevent_id"] == life_event_id}


def measure_budget(measure: dict):
    """A measure's budget: the one reported in the round's status report, else the one registered; None if neither."""
    reported = measure.get("reported_budget")
    return reported if reported is not None else measure.get("budget")


def measure_count(measures: Iterable[dict]) -> int:
    """Measures: distinct measures (by id) in the portfolio (`in_portfolio`), each counted once whatever the number
    of its life events."""
    return len({m["id"] for m in measures if in_portfolio(m)})


def budget_total(measures: Iterable[dict]):
    """Budget: the sum of `measure_budget` over distinct measures in the portfolio (each once); None if no measure
    states one."""
    return amount_known(measure_budget(m) for m in {m["id"]: m for m in measures if in_portfolio(m)}.values())


def spent_total(measures: Iterable[dict]):
    """Spent: the sum of the amounts spent reported in the round over distinct measures in the portfolio; None if
    none reported."""
    return amount_known(m.get("spent") for m in {m["id"]: m for m in measures if in_portfolio(m)}.values())


# ---- funding ----------------------------------------------------------------------------------------------------


def funding_unstated(fundings: Iterable[dict]) -> int:
    """Funding rows with no stated amount (distinct by id): printed beside `funding_total`, so that a sum of the
    stated amounts is never read as the whole funding (a grant whose amount the source does not give)."""
    return len({f.get("id", id(f)) for f in fundings if f.get("amount") is None})


def funding_by_source_and_year(fundings: Iterable[dict]) -> list[dict]:
    """Funding by source and year (the report's table): per source, each year's `funding_total` over its distinct
    rows (None: rows, but none states an amount; a year without rows for the source is absent) and the source's
    `funding_total` over all years; ordered by source."""
    by_source: dict[str, dict] = {}
    for f in {f.get("id", id(f)): f for f in fundings}.values():
        source = by_source.setdefault(f.get("source__name") or "", {"rows": [], "years": {}})
        source["rows"].append(f)
        source["years"].setdefault(f.get("year"), []).append(f)
    return [
        {
            "source__name": name,
            "years": {year: funding_total(rows) for year, rows in sorted(g["years"].items(), key=lambda i: i[0] or 0)},
            "total": funding_total(g["rows"]),
        }
        for name, g in sorted(by_source.items())
    ]


def fundings_of(fundings: Iterable[dict], measure_ids: set, life_event_ids: set) -> list[dict]:
    """The funding rows of life events: their own (no measure) and their measures'; each row once (by id)."""
    rows = {}
    for f in fundings:
        own = f.get("measure_id") is None and f.get("life_event_id") in life_event_ids
        if own or f.get("measure_id") in measure_ids:
            rows[f.get("id", id(f))] = f
    return list(rows.values())


def funding_total(fundings: Iterable[dict]):
    """Funding: the sum of the stated amounts of distinct funding rows; None (unknown) when none states one."""
    return amount_known(f.get("amount") for f in {f.get("id", id(f)): f for f in fundings}.values())


def funding_by_year_and_source(fundings: Iterable[dict]) -> list[dict]:
    """Funding by year, source and status, the life event's own (no measure) apart from its measures': each group's
    `funding_total` over distinct rows (unknown when no row states an amount) and its number of distinct measures;
    ordered by year, own first, source, status."""
    groups: dict[tuple, dict] = {}
    for f in {f.get("id", id(f)): f for f in fundings}.values():
        own = f.get("measure_id") is None
        key = (f.get("year"), not own, f.get("source__name") or "", f.get("status") or "")
        group = groups.setdefault(
            key,
            {"year": key[0], "source__name": key[2], "status": key[3], "own": own, "rows": [], "measures": set()},
        )
        group["rows"].append(f)
        if not own:
            group["measures"].add(f["measure_id"])
    out = []
    for key in sorted(groups, key=lambda k: (k[0] or 0, k[1], k[2], k[3])):
        g = groups[key]
        rows = g.pop("rows")
        g.update(
            amount=funding_total(rows),
            measure_count=len(g.pop("measures")),
            illustrative=any(r.get("is_illustrative") for r in rows),
        )
        out.append(g)
    return out


# ---- benefits: who pays, who gains ------------------------------------------------------------------------------


def benefit_loss(benefit: dict):
    """A dis-benefit's yearly loss for its owner: its stated value, else its stated cost; counted once, as a loss."""
    if not benefit.get("is_disbenefit"):
        return None
    value = benefit.get("annual_value_nok")
    return value if value is not None else benefit.get("annual_cost_nok")


def benefit_flows(benefits: Iterable[dict]) -> list[dict]:
    """Who pays, who gains, per organisation (yearly NOK): gains of benefits to their owner, losses of
    dis-benefits to their owner (once: a dis-benefit's cost is its loss, not a second cost), costs of benefits to
    their cost bearer; net = gains − losses − costs. Distinct benefits (by id). Ordered by |net|, then name."""
    flows: dict[str, dict] = {}

    def row(name):
        return flows.setdefault(name, {"organisation": name, "gain": 0, "loss": 0, "cost": 0})

    for b in {b["id"]: b for b in benefits}.values():
        if b.get("is_disbenefit"):
            loss = benefit_loss(b)
            if loss is not None and b.get("owner__name"):
                row(b["owner__name"])["loss"] += loss
            continue
        if b.get("annual_value_nok") is not None and b.get("owner__name"):
            row(b["owner__name"])["gain"] += b["annual_value_nok"]
        if b.get("annual_cost_nok") is not None and b.get("cost_bearer__name"):
            row(b["cost_bearer__name"])["cost"] += b["annual_cost_nok"]
    for r in flows.values():
        r["net"] = r["gain"] - r["loss"] - r["cost"]
    return sorted(flows.values(), key=lambda r: (-abs(r["net"]), r["organisation"]))


def net_benefit(benefits: Iterable[dict]):
    """Net yearly benefit of a set of benefits (distinct by id): the sum of `benefit_flows`' net."""
    return sum(r["net"] for r in benefit_flows(benefits))


# ---- reporting rounds --------------------------------------------------------------------------------------------


def reports_owed(due: int, submitted: int) -> int:
    """Status reports an organisation still owes in a round: its measures due (in the portfolio, of the round's life
    event, each once) less its submitted reports (one per measure); drafts are owed. Never below 0."""
    return max(due - submitted, 0)


# ---- what needs a ministry's attention --------------------------------------------------------------------------


def over_budget(status: dict) -> bool:
    """Over budget: the amount spent reported in a status report exceeds its budget (both stated)."""
    spent, budget = status.get("spent"), status.get("budget")
    return spent is not None and budget is not None and spent > budget


def measure_needs_attention(status: dict) -> bool:
    """A measure needs attention when its latest submitted status report is red or over budget."""
    return status.get("traffic") == "red" or over_budget(status)


def target_off_track(target: dict, current, on) -> bool:
    """A mission target is off track when the share of the way from baseline to target reached by its latest
    measurement (`share_reached`) is below the share of the time from the baseline date to the target date passed
    on `on`."""
    start, end = target.get("baseline_date"), target.get("target_date")
    reached = share_reached(target.get("baseline"), target.get("target_value"), current)
    if reached is None or not start or not end or end <= start:
        return False
    elapsed = min(max((on - start).days / (end - start).days, 0), 1)
    return reached < elapsed


# ---- priorities: the rubric and the strategic drivers -------------------------------------------------------------


def driver_score(scores: dict, weights: dict):
    """A candidate's strategic-driver score (0–5): the weighted sum of its scores per driver (scores and weights keyed
    by driver id, the weights summing to 1); an unscored driver counts 0. None when it has no score at all."""
    if not scores:
        return None
    return sum(float(weights.get(driver, 0)) * value for driver, value in scores.items())


def priority_value(potential, drivers, rubric_share: float, *, has_drivers: bool):
    """The priority value the ranking sorts by: the rubric's weighted innovation potential (1–5) and the driver score
    (0–5), mixed by the office's rubric share. With no drivers in use, the potential alone; a missing part counts 0.
    None when neither is known (ranked last)."""
    if not has_drivers:
        return potential
    if potential is None and drivers is None:
        return None
    share = float(rubric_share)
    return share * float(potential or 0) + (1 - share) * float(drivers or 0)


# ---- mission targets: how far, and what the benefits serving them say -------------------------------------------


def share_reached(baseline, goal, current):
    """The share of the way from baseline to goal that `current` has come (0 at the baseline, 1 at the goal; below 0
    when it went the wrong way); None when a figure is missing or the goal is the baseline."""
    if current is None or goal is None:
        return None
    baseline = baseline or 0
    if goal == baseline:
        return None
    return float((current - baseline) / (goal - baseline))


def target_rollup(target: dict, measurement: dict | None, benefits: Iterable[dict]) -> dict:
    """A mission target against its baseline and goal, with the date of each figure: its own latest measurement
    (`measurement`: value, date) and the benefits that serve it (distinct by id; each with baseline, expected_value
    and its latest realisation as `realised`/`realised_date`). The roll-up is the mean share reached by the benefits
    that have a realisation (each benefit counts once, equally); `as_of` is the newest of their dates."""
    rows = []
    for b in {b["id"]: b for b in benefits}.values():
        rows.append({**b, "share": share_reached(b.get("baseline"), b.get("expected_value"), b.get("realised"))})
    realised = [r for r in rows if r["share"] is not None]
    current = measurement.get("value") if measurement else None
    return {
        "target": target,
        "current": current,
        "current_date": measurement.get("date") if measurement else None,
        "share": share_reached(target.get("baseline"), target.get("target_value"), current),
        "benefits": rows,
        "benefit_share": sum(r["share"] for r in realised) / len(realised) if realised else None,
        "as_of": max((r["realised_date"] for r in realised if r.get("realised_date")), default=None),
    }


# ---- benefit plans in versions (issue 23): which version a realisation is judged against -------------------------


def plan_in_force(versions: Iterable[dict], on):
    """The version of a measure's benefit plan in force on the date `on`: the newest (by date, then number) whose
    date is not after `on`; None before the first version. `versions`: dicts with `number` and `date`."""
    started = [v for v in versions if v["date"] <= on]
    return max(started, key=lambda v: (v["date"], v["number"]), default=None)


def realisation_judged(realisation: dict, versions: Iterable[dict]) -> dict:
    """A realised value (`benefit_key`, `date`, `value`) judged against the plan version in force on its date: that
    version's entry for the benefit (matched by `key`), its baseline and target, and the share of the way from the
    baseline to the target the value has come (`share_reached`). `version` is None before the first version;
    `entry` is None when the version in force does not hold the benefit (dropped, or not yet planned)."""
    version = plan_in_force(versions, realisation["date"])
    entry = None
    if version is not None:
        entry = next((b for b in version["benefits"] if b["key"] == realisation["benefit_key"]), None)
    share = None
    if entry is not None:
        share = share_reached(_decimal(entry.get("baseline")), _decimal(entry.get("target")), realisation["value"])
    return {"realisation": realisation, "version": version, "entry": entry, "share": share}


def _decimal(value):
    return None if value in (None, "") else Decimal(str(value))


def benefit_lags(benefit: dict, current, on) -> bool:
    """THE definition of a benefit whose realisation lags its target (issue 23: where to look for new insight): the
    share of the way from its baseline to its expected value that its latest realised value has come is below the
    share of the time from the measure's start to the expected date passed on `on`, as for a mission target
    (`target_off_track`). Dis-benefits and benefits without a start, an expected date or a value are not judged."""
    if benefit.get("is_disbenefit"):
        return False
    as_target = {
        "baseline_date": benefit.get("start"),
        "target_date": benefit.get("expected_date"),
        "baseline": benefit.get("baseline"),
        "target_value": benefit.get("expected_value"),
    }
    return target_off_track(as_target, current, on)


def counted_by_kind_and_traffic(groups: Iterable[dict]) -> dict[tuple[str, str], int]:
    """`measures_by_kind_and_traffic` from rows the database grouped (kind, status, traffic and `n`, the number of
    distinct measures of one life event in that group; the ministry's start page): measures in the portfolio
    (`in_portfolio`) per (kind, traffic), no report counted as "" like a missing traffic light."""
    counts: dict[tuple[str, str], int] = {}
    for g in groups:
        if in_portfolio(g):
            key = (g.get("kind") or "", g.get("traffic") or "")
            counts[key] = counts.get(key, 0) + g["n"]
    return counts
