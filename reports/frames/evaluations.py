"""The evaluations' sheets of the office's workbook (`queries_evaluations.evaluation_data`)."""

from __future__ import annotations

import pandas as pd
from django.utils.translation import gettext as _

from .base import _df


def _mean(value):
    return None if value is None else round(value, 2)


def evaluation_tables(evaluations: dict) -> dict[str, pd.DataFrame]:
    """{"evaluations": one row per proposal, "scores": one row per proposal and criterion}, labels translated."""
    yes = _("Yes")
    proposals = _df(
        [
            {
                _("Proposal"): p["title"],
                _("Organisation"): p["organisation"],
                _("Life events"): p["life_events"],
                _("Status"): p["status"],
                _("Reviewers who submitted"): p["reviewers"],
                _("Innovation potential (weighted, 1–5)"): _mean(p["potential"]),
                _("Complexity (weighted, 1–5)"): _mean(p["complexity"]),
                _("Reviewers disagree"): yes if p["disagreement"] else "",
            }
            for p in evaluations["proposals"]
        ],
        [
            _("Proposal"),
            _("Organisation"),
            _("Life events"),
            _("Status"),
            _("Reviewers who submitted"),
            _("Innovation potential (weighted, 1–5)"),
            _("Complexity (weighted, 1–5)"),
            _("Reviewers disagree"),
        ],
    )
    columns = [
        _("Proposal"),
        _("Criterion"),
        _("Axis"),
        _("Weight"),
        _("Scores"),
        _("Mean score"),
        _("Lowest"),
        _("Highest"),
        _("Reviewers disagree"),
    ]
    scores = _df(
        [
            dict(
                zip(
                    columns,
                    [
                        c["title"],
                        c["criterion"],
                        c["axis"],
                        c["weight"],
                        c["scores"],
                        _mean(c["mean"]),
                        c["low"],
                        c["high"],
                        yes if c["disagreement"] else "",
                    ],
                    strict=True,
                )
            )
            for c in evaluations["criteria"]
        ],
        columns,
    )
    return {"evaluations": proposals, "scores": scores}


def evaluation_titles() -> dict[str, str]:
    return {
        "evaluations": _("Evaluations of the proposals (office only)"),
        "scores": _("Scores per criterion (office only)"),
    }
