"""What the mission page reads of the office's quality checks (portfolio/models/mission_reviews.py)."""

from __future__ import annotations

from ..models import Mission, MissionReview


def latest_and_history(mission: Mission, user) -> tuple[MissionReview | None, list[MissionReview]]:
    """The latest review of `mission` that `user` may read, and the earlier ones (newest first); one query."""
    reviews = list(MissionReview.objects.visible_to(user).filter(mission=mission).select_related("reviewed_by"))
    return (reviews[0], reviews[1:]) if reviews else (None, [])
