"""The reporting rounds on the portfolio's roadmap: governance draws the timeline but sits below reports in the
layers, so reports provides its rounds through the extension point `governance.roadmap_rounds`
(`core.extensions`), filtered as the roadmap is. The rounds' schedule is shared with everyone who may see the
roadmap (`ReportingRound.objects.visible_to`); what is inside a round stays scoped on its own page."""

from __future__ import annotations

from django.db.models import Q

from core import extensions

from .choices import RoundStatus
from .models import ReportingRound


@extensions.provides("governance.roadmap_rounds")
def roadmap_rounds(user, *, life_event: int | None = None, ministry: int | None = None) -> list[dict]:
    """The rounds `user` may see, by deadline: a round across all life events always; a round of one life event
    when it is the life event asked for, or one of the ministry's. One query."""
    rounds = ReportingRound.objects.visible_to(user)
    if life_event:
        rounds = rounds.filter(Q(life_event_id=life_event) | Q(life_event__isnull=True))
    if ministry:
        rounds = rounds.filter(Q(life_event__owner_ministry_id=ministry) | Q(life_event__isnull=True))
    rows = rounds.select_related("life_event").only(
        "title", "deadline", "status", "life_event__name_nb", "life_event__name_nn", "life_event__name_en"
    )
    return [
        {
            "pk": r.pk,
            "title": r.title,
            "deadline": r.deadline,
            "life_event": r.life_event.name if r.life_event else None,
            "closed": r.status == RoundStatus.CLOSED,
            "url": r.get_absolute_url(),
        }
        for r in rows.order_by("deadline", "pk")
    ]
