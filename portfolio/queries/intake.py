"""Reads of step 1, intake: the calls for proposals (open ones first) and a proposal's live attachments."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from ..models import Attachment, CallForProposals, Proposal


@dataclass
class CallLists:
    open: list = field(default_factory=list)  # taking proposals now, the nearest deadline first
    upcoming: list = field(default_factory=list)  # not opened yet
    closed: list = field(default_factory=list)  # closed early or past the deadline, the latest first


def call_list_for(user) -> CallLists:
    """Every call the user may see, split into open, upcoming and closed (two queries, whatever the number)."""
    today = timezone.localdate()
    calls = (
        CallForProposals.objects.visible_to(user)
        .select_related("life_event", "mission")
        .annotate(proposal_count=Count("proposals"))
        .order_by("deadline", "pk")
    )
    lists = CallLists()
    for call in calls:
        if call.closed_at is None and call.opens_at <= today <= call.deadline:
            lists.open.append(call)
        elif call.closed_at is None and call.opens_at > today:
            lists.upcoming.append(call)
        else:
            lists.closed.append(call)
    lists.closed.reverse()
    return lists


def call_from_query(user, raw) -> CallForProposals | None:
    """The open call named by `?call=<pk>` on the intake form, or None (a bad or closed value is ignored)."""
    try:
        pk = int(str(raw or "").strip())
    except ValueError:
        return None
    if not 0 < pk < 2**31:
        return None
    return (
        CallForProposals.objects.visible_to(user).open().select_related("life_event", "mission").filter(pk=pk).first()
    )


def live_attachments(proposal: Proposal) -> list[Attachment]:
    """The attachments not removed, oldest first, with who uploaded them."""
    return list(proposal.attachments.filter(removed_at__isnull=True).select_related("uploaded_by"))
