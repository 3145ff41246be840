"""The benefit plans that changed (issue 23): for each measure of the life event whose plan has more than one version,
every version with its date and reason, so that a ministry sees how the direction moved and why."""

from __future__ import annotations

import pandas as pd
from django.utils.translation import gettext as _

from .base import Data


def plan_versions(data: Data, le) -> pd.DataFrame:
    titles = data.titles
    ids = set(data.measure_ids(le)) if le is not None else set(titles)
    rows = [r for r in data.raw.get("plan_versions", []) if r["measure_id"] in ids]
    counts: dict = {}
    for r in rows:
        counts[r["measure_id"]] = counts.get(r["measure_id"], 0) + 1
    rows = sorted(
        (r for r in rows if counts[r["measure_id"]] > 1), key=lambda r: (titles[r["measure_id"]], r["number"])
    )
    return pd.DataFrame(
        {
            _("Measure"): [titles[r["measure_id"]] for r in rows],
            _("Plan version"): [r["number"] for r in rows],
            _("In force from"): [r["date"] for r in rows],
            _("Reason"): [r["reason"] for r in rows],
        }
    )
