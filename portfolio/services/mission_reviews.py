"""The office's quality check of a mission (portfolio/models/mission_reviews.py): a review is recorded whole, with
its five judgements and its scope, audited (`portfolio.missionreview.created`), and never changed afterwards: a
later review is a new row, and the mission page shows the history."""

from __future__ import annotations

from collections.abc import Mapping

from core.services import record_save

from ..models import Mission, MissionReview
from ..models.mission_reviews import CRITERIA

REVIEW_FIELDS = [
    *(name for key, _label, _question in CRITERIA for name in (key, f"{key}_note")),
    "scope",
    "summary",
]


def mission_review_create(*, mission: Mission, data: Mapping, by) -> MissionReview:
    """Record the office's review of `mission` (403 for anyone else, ValidationError for a missing or unknown
    judgement: nothing is saved)."""
    values = {k: v for k, v in data.items() if k in REVIEW_FIELDS}
    values.update(mission=mission, reviewed_by=by)
    return record_save(obj=MissionReview(), data=values, by=by, action="portfolio.missionreview")
