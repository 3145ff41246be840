"""The round's rows as DataFrames (the shared base of the report's tables)."""

from __future__ import annotations

from functools import cached_property

import pandas as pd
from django.utils.translation import gettext as _

from core.rows import choice_labels
from lifeevents import figures

from ..choices import Traffic

NOT_REPORTED = "none"


def traffic_labels() -> dict[str, str]:
    """The traffic lights' labels in the active language, then `NOT_REPORTED`'s: the columns and rows of every table
    and chart of measures by status, in that order."""
    return {**choice_labels(Traffic), NOT_REPORTED: _("Not reported")}


# The columns of a measure's row (`Data.measure_rows`, `Data.all_measures`), in order: these of `report_data`'s
# measures, its budget and traffic light, these of its status report, the budget reported, and the report's texts
_MEASURE_COLUMNS = ("id", "title", "kind", "status", "owner_id", "owner__name")
_REPORT_COLUMNS = ("progress", "phase", "spent")
_TEXT_COLUMNS = ("risks", "needs_from_ministries")


def _df(rows: list[dict], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=columns) if rows else pd.DataFrame(columns=columns)


class Data:
    """The round's rows as DataFrames, each joined once when first asked for; one instance serves every life event.
    Each frame reads only its own rows of `raw`, so a part of the report built from some of the rows (the report
    page's, reports/report_page.py) needs only those."""

    def __init__(self, raw: dict):
        self.raw = raw

    @cached_property
    def life_events(self) -> pd.DataFrame:
        return _df(
            self.raw["life_events"],
            ["id", "slug", "name_nb", "name_nn", "name_en", "owner_ministry_id", "owner_ministry__name"],
        )

    @cached_property
    def measure_rows(self) -> list[dict]:
        """Every measure with its status report of the round, as plain rows (what `lifeevents.figures` takes, and
        what `all_measures` is made of; titles of every measure: a link may name a terminated one): the report's
        traffic light (NOT_REPORTED when there is none or it is blank), progress, phase, spent, risks and needs,
        `reported_budget` the budget it reports and `budget` that one, else the measure's own (None: neither)."""
        reports = {r["measure_id"]: r for r in self.raw["status_reports"]}
        rows = []
        for m in self.raw["measures"]:
            report = reports.get(m["id"], {})
            reported = report.get("budget")
            rows.append(
                {
                    **{k: m.get(k) for k in _MEASURE_COLUMNS},
                    "budget": reported if reported is not None else m.get("budget"),
                    "traffic": report.get("traffic") or NOT_REPORTED,
                    **{k: report.get(k) for k in _REPORT_COLUMNS},
                    "reported_budget": reported,
                    **{k: report.get(k) for k in _TEXT_COLUMNS},
                }
            )
        return rows

    @cached_property
    def all_measures(self) -> pd.DataFrame:
        """`measure_rows` as a frame (amounts as numbers, unknown as NaN)."""
        columns = [*_MEASURE_COLUMNS, "budget", "traffic", *_REPORT_COLUMNS, "reported_budget", *_TEXT_COLUMNS]
        measures = _df(self.measure_rows, columns)
        measures["budget"] = pd.to_numeric(measures["budget"], errors="coerce")
        return measures

    @cached_property
    def measures(self) -> pd.DataFrame:
        """The measures in the portfolio (figures), with their status reports."""
        measures = self.all_measures
        in_portfolio = [figures.in_portfolio(m) for m in self.measure_rows]
        return measures[in_portfolio] if len(measures) else measures

    def measure_rows_of(self, life_event_id) -> list[dict]:
        """The rows of `measures_of` as plain rows (`measure_rows`)."""
        ids = set(self.measure_ids(life_event_id))
        return [m for m in self.measure_rows if m["id"] in ids and figures.in_portfolio(m)]

    @cached_property
    def titles(self) -> dict:
        """Every measure's title by its id (of the measures' rows alone: no status report needed)."""
        return {m["id"]: m["title"] for m in self.raw["measures"]}

    @cached_property
    def portfolio_ids(self) -> pd.Index:
        """The ids of the measures in the portfolio, in the measures' order (of their rows alone)."""
        return pd.Index([m["id"] for m in self.raw["measures"] if figures.in_portfolio(m)], dtype="int64")

    @cached_property
    def links(self) -> pd.DataFrame:
        return _df(self.raw["measure_life_events"], ["measure_id", "lifeevent_id"])

    @cached_property
    def benefits(self) -> pd.DataFrame:
        return _df(
            self.raw["benefits"],
            [
                "id",
                "measure_id",
                "indicator",
                "unit",
                "baseline",
                "expected_value",
                "owner__name",
                "owner__kind",
                "cost_bearer__name",
                "is_disbenefit",
                "annual_value_nok",
                "annual_cost_nok",
            ],
        )

    @cached_property
    def realisations(self) -> pd.DataFrame:
        """The current value of a benefit indicator: what the round's status report says, else the last realisation."""
        raw = self.raw
        reported = {
            int(benefit_id): value
            for row in raw["status_reports"]
            for benefit_id, value in (row.get("indicator_values") or {}).items()
            if value is not None
        }
        realised = {r["benefit_id"]: r["value"] for r in raw["realisations"]}
        current = {**realised, **reported}
        return _df([{"benefit_id": k, "value": v} for k, v in current.items()], ["benefit_id", "value"])

    @cached_property
    def fundings(self) -> pd.DataFrame:
        return _df(self.raw["fundings"], ["source__name", "measure_id", "life_event_id", "year", "amount", "status"])

    def name_of(self, life_event_id) -> str:
        if not hasattr(self, "_names"):
            from django.utils.translation import get_language

            lang = (get_language() or "nb")[:2]
            column = {"en": "name_en", "nn": "name_nn"}.get(lang, "name_nb")
            self._names = {r["id"]: r.get(column) or r["name_nb"] for r in self.raw["life_events"]}
        return self._names.get(life_event_id, "")

    def measure_ids(self, life_event_id) -> pd.Index:
        if life_event_id is None:
            return self.portfolio_ids
        return pd.Index(self.links.loc[self.links["lifeevent_id"] == life_event_id, "measure_id"].unique())

    def measures_of(self, life_event_id) -> pd.DataFrame:
        return self.measures[self.measures["id"].isin(self.measure_ids(life_event_id))]
