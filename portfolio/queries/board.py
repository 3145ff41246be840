"""Reads of the decide/steer/learn area: the office's board, the overdue measure reviews, the shelf and the measure
list. A measure's page is read in measure_page.py, a proposal's timeline in timeline.py. Every function has a
constant number of queries (bounded columns, prefetches)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TypedDict

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, OuterRef, Subquery, Value
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from core import extensions
from core.dashboard import read_once
from core.links import row_url
from core.models import Organisation
from core.rows import choice_labels
from core.rows import dates as row_dates

from .. import redaction
from ..choices import STEP_OF_STATUS, BuildingBlockStage, MeasureKind, MeasureStatus, ProposalStatus, ShelfReason
from ..models import Measure, Proposal
from ..workflow import DECIDABLE, SHELVED

CARDS_PER_COLUMN = 10  # the longest-waiting of each step; "show all" opens the filtered list
SHELF_ROWS = 50
BOARD_STATUSES = tuple(STEP_OF_STATUS)  # submitted … decided: one column per step


@dataclass
class BoardFilters:
    life_event: int | None = None
    agency: int | None = None
    mission: int | None = None
    min_age_days: int | None = None
    awaiting_answer: bool = False  # only the proposals waiting for the submitter's answer

    def apply(self, qs):
        if self.awaiting_answer:
            qs = qs.filter(awaiting_answer_since__isnull=False)
        if self.life_event:  # many-to-many filters by a subquery of keys: no join, no DISTINCT
            tagged = Proposal.life_events.through.objects.filter(lifeevent_id=self.life_event)
            qs = qs.filter(pk__in=tagged.values("proposal_id"))
        if self.agency:
            qs = qs.filter(organisation_id=self.agency)
        if self.mission:
            tagged = Proposal.missions.through.objects.filter(mission_id=self.mission)
            qs = qs.filter(pk__in=tagged.values("proposal_id"))
        if self.min_age_days:
            qs = qs.filter(status_changed_at__lte=timezone.now() - datetime.timedelta(days=self.min_age_days))
        return qs


@dataclass
class Column:
    status: str
    label: str
    step: int
    count: int = 0
    cards: list = field(default_factory=list)
    decides: bool = False  # its cards link to the decision form (workflow.DECIDABLE: steps 3 and 4)
    moves: list = field(default_factory=list)  # the moves allowed for its cards (board_moves.column_moves)

    @property
    def more(self) -> int:
        return max(self.count - len(self.cards), 0)


def _age_days(since, now) -> int:
    return max((now - since).days, 0) if since else 0


class Card(TypedDict, total=False):
    """A proposal on the board, as its card shows it (read as values, formatted once per page): a dict, which a
    template reads at once (an attribute costs it a failed `card[name]` first, some twenty lookups per card). The
    texts it prints are escaped for HTML here, once (SafeString): the title is printed up to three times on a card,
    and an organisation's label and an age are the same on many cards."""

    pk: int
    title: str
    status: str
    organisation_id: int
    organisation: str  # its label: the short name, else the name (Organisation.label)
    age_days: int
    age_text: str
    url: str
    awaiting_answer: bool
    submitted_late: bool
    key: str  # the key as text, for ids
    moves: list  # portfolio/queries/board_moves.py (set by the view)
    move_url: str  # where its one-step moves post (portfolio:board_move)
    decide_url: str  # step 4's form (board_moves.form_urls), for the columns of steps 3 and 4


@read_once  # the start page's board panel and its tasks of the steps (triage, qualify, decide) read its counts
def board(user, filters: BoardFilters | None = None, *, cards: bool = True) -> list[Column]:
    """One column per step with its count and its oldest CARDS_PER_COLUMN cards (longest in the step first).
    Two queries whatever the size: the steps (GROUP BY status) with the count of each and the keys of its oldest
    cards (a subquery per step, an index-ordered LIMIT on `proposal_status_moved`), then those cards with only the
    columns a card shows. Without `cards` (the start page's panel), the counts alone: one query."""
    filters = filters or BoardFilters()
    scoped = filters.apply(Proposal.objects.visible_to(user))
    steps = scoped.filter(status__in=BOARD_STATUSES).order_by().values_list("status").annotate(n=Count("*"))
    if cards:  # after the GROUP BY (COUNT(*): index-only), so PostgreSQL runs the subquery once per step, not per row
        oldest = scoped.filter(status=OuterRef("status")).order_by("status_changed_at", "pk").values("pk")
        steps = steps.annotate(oldest=ArraySubquery(oldest[:CARDS_PER_COLUMN]))
    counts, step_of = {}, {}  # the step each card was picked in
    for status, n, *oldest_keys in steps:
        counts[status] = n
        for pks in oldest_keys:
            step_of.update(dict.fromkeys(pks, status))
    rows = []
    if step_of:
        rows = (
            Proposal.objects.filter(pk__in=list(step_of))
            .order_by("status_changed_at", "pk")
            .values_list(
                "pk",
                "title",
                "status",
                "status_changed_at",
                "submitted_late",
                "awaiting_answer_since",
                "organisation_id",
                "organisation__short_name",
                "organisation__name",
            )
        )
    now = timezone.now()
    columns = {
        s: Column(
            status=s,
            label=ProposalStatus(s).label,
            step=STEP_OF_STATUS[s],
            count=counts.get(s, 0),
            decides=s in DECIDABLE,
        )
        for s in BOARD_STATUSES
    }
    url, ages, labels = row_url("portfolio:proposal_detail"), {}, {}
    for pk, title, status, moved, late, awaiting, org_id, short_name, name in rows:
        if status != step_of[pk]:  # moved to another step between the two queries: on the board's next reading
            continue
        days = _age_days(moved, now)
        if days not in ages:  # translated once per number of days on the page
            text = ngettext("%(days)s day in this step", "%(days)s days in this step", days) % {"days": days}
            ages[days] = escape(text)
        if org_id not in labels:
            labels[org_id] = escape(Organisation.label_of(short_name, name))
        card = Card(
            pk=pk,
            title=escape(title),
            status=status,
            organisation_id=org_id,
            organisation=labels[org_id],
            age_days=days,
            age_text=ages[days],
            url=url(pk),
            awaiting_answer=awaiting is not None,
            submitted_late=late,
            key=SafeString(pk),
        )  # the key: digits
        columns[status].cards.append(card)
    return list(columns.values())


class OverdueReview(TypedDict):
    """An active measure whose review date has passed, as the board lists it (read as values; the owner's label and
    the text, which many rows share, escaped for HTML once): a dict, as the board's cards are (a template reads a
    dict's key at once, where an attribute costs it a failed `row[name]` first)."""

    pk: int
    title: str
    url: str
    owner_label: str  # the owner's label: the short name, else the name (Organisation.label)
    overdue_days: int
    overdue_text: str  # «5 days overdue», in the user's language


HOME_OVERDUE = 5  # the overdue measure reviews the office's start page lists (its board panel; its task counts them)


@read_once  # the start page's board panel and its task of overdue measure reviews
def overdue_reviews(user, *, limit: int = 25) -> tuple[int, list[OverdueReview]]:
    """Active measures whose review date has passed, the most overdue first, with their total (one query: the total
    is a subquery PostgreSQL runs once, counting the partial index `measure_review_due`, which also gives the first
    rows in order, so neither reads every overdue measure's row)."""
    today = timezone.localdate()
    qs = Measure.objects.visible_to(user).active().filter(next_review_date__lt=today)  # pk__in scope: no DISTINCT
    total = qs.order_by().values(one=Value(1)).annotate(n=Count("*")).values("n")  # no GROUP BY: one row
    rows = list(
        qs.annotate(total=Subquery(total))
        .order_by("next_review_date", "pk")
        .values_list("pk", "title", "next_review_date", "owner__short_name", "owner__name", "total")[:limit]
    )
    url, texts, labels, found = row_url("portfolio:measure_detail"), {}, {}, []
    for pk, title, due, short_name, name, _total in rows:
        days = (today - due).days
        if days not in texts:  # translated (and escaped) once per number of days on the page
            text = ngettext("%(days)s day overdue", "%(days)s days overdue", days) % {"days": localize(days)}
            texts[days] = escape(text)
        if (short_name, name) not in labels:
            labels[short_name, name] = escape(Organisation.label_of(short_name, name))
        found.append(OverdueReview(pk=pk, title=title, url=url(pk), owner_label=labels[short_name, name],
                                   overdue_days=days, overdue_text=texts[days]))  # fmt: skip
    return (rows[0][-1] if rows else 0), found


@dataclass
class ShelfProposal:
    """A proposal on the shelf as its row shows it: texts, labels translated once per page."""

    pk: int
    title: str
    url: str
    revive_url: str
    key: str  # the pk as text: the ids of its revive form's field
    organisation_label: str
    status_label: str
    reason_label: str  # the shelf reason's label, "" without one
    reason_text: str  # the rationale of the decision in force, else the reason it did not qualify, else "—"
    defer_text: str  # the date the decision in force defers it to, else "—"
    current_decision: object  # the decision in force (`portfolio.current_decisions`), or None


def shelf(user) -> dict:
    """Deferred, rejected and not-qualified proposals (`ShelfProposal`s, read as values) and terminated measures,
    with the decision in force on each proposal (from the extension point `portfolio.current_decisions`, which
    governance provides)."""
    rows = list(
        Proposal.objects.visible_to(user)
        .filter(status__in=SHELVED)  # the partial index `proposal_shelf`
        .order_by("-status_changed_at", "-pk")
        .values_list(
            "pk",
            "title",
            "status",
            "shelf_reason",
            "qualification_reason",
            "organisation__short_name",
            "organisation__name",
        )[:SHELF_ROWS]
    )
    current = extensions.merged("portfolio.current_decisions", [row[0] for row in rows])
    detail, revive, dates = row_url("portfolio:proposal_detail"), row_url("portfolio:proposal_revive"), row_dates()
    statuses, reasons = choice_labels(ProposalStatus), choice_labels(ShelfReason)  # once per page
    proposals = []
    for pk, title, status, reason, qualification_reason, short_name, name in rows:  # what a row prints, as text
        decision = current.get(pk)
        proposals.append(ShelfProposal(
            pk, title, detail(pk), revive(pk), str(pk), Organisation.label_of(short_name, name),
            statuses.get(status, status), reasons.get(reason, reason) if reason else "",
            decision.rationale if decision else (qualification_reason or "—"),
            (dates(decision.defer_until)[1] if decision else "") or "—", decision,
        ))  # fmt: skip
    measures = list(  # the columns its row shows, and the owner that the redaction's policy asks about
        Measure.objects.visible_to(user)
        .filter(status=MeasureStatus.TERMINATED)
        .only("title", "termination_reason", "owner")
        .order_by("-updated_at", "-pk")[:SHELF_ROWS]
    )
    from ..services.measures import REASON_CODES, termination_code

    url = row_url("portfolio:measure_detail")
    for m in measures:
        m.url = url(m.pk)
        m.reason_code = termination_code(m)
        m.reason_label = str(REASON_CODES[m.reason_code])
    redaction.redact(user, *measures, mark=False)  # an exempt reason for termination: its legal basis, for others
    return {"proposals": proposals, "measures": measures}


def measure_list(user, *, status: str = "", kind: str = "", life_event: int | None = None):
    qs = Measure.objects.visible_to(user).select_related("owner")
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if life_event:
        qs = qs.filter(life_events__id=life_event)
    return qs.order_by("title", "pk")


def measure_list_rows(qs, offset: int, limit: int) -> list[dict]:
    """One page of `measure_list` as the page shows it (one query, values): each row's link, title, owner and the
    labels of its kind, stage and status, and its next review date, formatted once per page."""
    rows = qs.values_list("pk", "title", "kind", "stage", "status", "next_review_date", "owner__short_name",
                          "owner__name")[offset : offset + limit]  # fmt: skip
    # the labels once per page (a value that is not a choice prints as stored, as core.choices.label_of answers)
    kinds, stages, statuses = map(choice_labels, (MeasureKind, BuildingBlockStage, MeasureStatus))
    url, dates = row_url("portfolio:measure_detail"), row_dates()
    return [{"url": url(pk), "title": title, "owner": Organisation.label_of(short_name, name),
             "kind": kinds.get(kind, kind), "stage": stages.get(stage, stage), "status": statuses.get(status, status),
             "review": dates(review)[1] or "—"}
            for pk, title, kind, stage, status, review, short_name, name in rows]  # fmt: skip
