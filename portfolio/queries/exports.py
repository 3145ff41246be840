"""The rows and columns of the portfolio's lists when they are downloaded (core/export.py): the same rows the page's
filter selects from `visible_to(user)`, all of them (up to core.export.MAX_ROWS), with the columns the page shows."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from core.export import MAX_ROWS, Column

from .. import redaction
from ..models import Proposal
from .board import BOARD_STATUSES, BoardFilters
from .proposals import proposal_page_rows


def _yes_no(value) -> str:
    return str(_("Yes") if value else _("No"))


PROPOSAL_COLUMNS = [
    Column(_("Number"), lambda p: p.pk),
    Column(_("Proposal"), lambda p: p.title),
    Column(_("Proposing organisation"), lambda p: p.organisation.name),
    Column(_("Life events"), lambda p: p.life_event_names),
    Column(_("Status"), lambda p: p.get_status_display()),
    Column(_("Registered"), lambda p: p.created_at),
    Column(_("Waiting for the submitter's answer"), lambda p: _yes_no(p.awaiting_answer_since)),
    Column(_("Submitted after the deadline"), lambda p: _yes_no(p.submitted_late)),
    Column(_("Exempt from public access"), redaction.exempt_summary),
]

MEASURE_COLUMNS = [
    Column(_("Number"), lambda m: m.pk),
    Column(_("Measure"), lambda m: m.title),
    Column(_("Owner"), lambda m: m.owner.name),
    Column(_("Maturity"), lambda m: m.get_kind_display()),
    Column(_("Building-block stage"), lambda m: m.get_stage_display()),
    Column(_("Status"), lambda m: m.get_status_display()),
    Column(_("Next review"), lambda m: m.next_review_date),
    Column(_("Exempt from public access"), redaction.exempt_summary),
]


def proposal_rows(qs, user=None) -> list[Proposal]:
    """The filtered proposal list, in its order, with the organisation and life events of each row (one query), as
    `user` may read it (portfolio/redaction.py: one more query for the exemptions)."""
    return redaction.redact(user, *proposal_page_rows(qs, 0, MAX_ROWS))


def board_rows(user, filters: BoardFilters) -> list[Proposal]:
    """Every proposal on the board under its filter (not only the cards shown), longest in its step first."""
    visible = filters.apply(Proposal.objects.visible_to(user))
    base = Proposal.objects.filter(pk__in=visible.values("pk")) if visible.query.distinct else visible
    rows = proposal_page_rows(base.filter(status__in=BOARD_STATUSES).order_by("status_changed_at", "pk"), 0, MAX_ROWS)
    return redaction.redact(user, *rows)


def measure_rows(qs, user=None):
    return redaction.redact(user, *qs.select_related("owner")[:MAX_ROWS])
