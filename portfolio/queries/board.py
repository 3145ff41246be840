"""Reads of the decide/steer/learn area: the office's board, the shelf, measure list and detail, a proposal's
timeline. Every function has a constant number of queries (bounded columns, prefetches)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TypedDict

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Count, Func, JSONField, OuterRef, QuerySet, Subquery, Value
from django.utils import timezone
from django.utils.formats import localize
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import ngettext

from core import audit, extensions
from core.dashboard import read_once
from core.links import row_url
from core.models import AuditEvent, Organisation
from core.rows import choice_labels
from core.rows import dates as row_dates

from .. import redaction
from ..choices import STEP_OF_STATUS, BuildingBlockStage, MeasureKind, MeasureStatus, ProposalStatus, ShelfReason
from ..models import LearningEntry, Measure, Proposal, Transition
from ..workflow import DECIDABLE, SHELVED
from .measure_page import page_measure, page_rows
from .rows import moment, user_name

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


LEARNING_FIELDS = ("hypothesis", "learned", "evidence", "next_step", "created_at", "measure_id", "author__first_name",
                   "author__last_name", "author__username", "spawned_proposal__title")  # fmt: skip


def measure_history(measure: Measure, *, with_audit: bool = False) -> dict:
    """Everything a measure's page shows: the measure with its owner and origin, moves, benefits and dependencies both
    ways (one query, `measure_page.page_measure`, unless `measure` was read by it), learning, decisions (the extension
    point `portfolio.measure_decisions`, which governance provides), and (on request) the audit trail. Three queries,
    less the learning entries' and the decisions' for a measure read with none, one more with the audit."""
    if not hasattr(measure, "move_rows"):
        measure = page_measure(Measure.objects.all(), measure.pk)
    learning = []
    if measure.has_learning:  # (read with the measure: no query for a measure without entries)
        learning = list(
            LearningEntry.objects.filter(measure=measure)
            .select_related("author", "spawned_proposal")
            .only(*LEARNING_FIELDS)  # what the learning log prints (the author: `str(user)`)
        )
    decisions = [d for found in extensions.collect("portfolio.measure_decisions", measure) for d in found]
    audit_rows = []
    if with_audit:
        audit_rows = list(
            AuditEvent.objects.filter(
                content_type__model="measure", content_type__app_label="portfolio", object_id=str(measure.pk)
            )
            .select_related("actor")
            .order_by("-pk")[:50]
        )
        for event in audit_rows:
            event.change_list = audit.readable_changes(Measure, event.changes)
    return {
        "measure": measure,
        **page_rows(measure),  # moves, benefits, dependencies, dependents
        "learning": learning,
        "decisions": decisions,
        "audit": audit_rows,
        "with_audit": with_audit,
    }


def transition_rows(proposal) -> QuerySet:
    """A proposal's step changes (`proposal`: the proposal, or `OuterRef("pk")` in a query of proposals), oldest
    first, each as the one value a timeline prints of it: a JSON array [from, to, reason, at, who] (who: `str(user)`
    in SQL, `rows.user_name`). The proposal's page reads them with the proposal (`proposal_page_object`)."""
    row = Func("from_status", "to_status", "reason", "at", user_name("by__"), function="JSONB_BUILD_ARRAY",
               output_field=JSONField())  # fmt: skip
    return Transition.objects.filter(proposal=proposal).order_by("at", "pk").annotate(row=row).values_list("row")


def merged_rows() -> ArraySubquery:
    """The proposals merged into a proposal (`OuterRef("pk")`), in the order `proposal_timeline` reads them, as JSON
    arrays [key, title, merged at]: what its timeline prints of them."""
    row = Func("id", "title", "status_changed_at", function="JSONB_BUILD_ARRAY", output_field=JSONField())
    return ArraySubquery(Proposal.objects.filter(merged_into=OuterRef("pk")).annotate(row=row).values("row"))


def learning_rows() -> ArraySubquery:
    """The learning entries a proposal (`OuterRef("pk")`) was started from, in the order `proposal_timeline` reads
    them, as JSON arrays [key, hypothesis, measure's key, measure's title]: what its timeline prints of them."""
    row = Func("id", "hypothesis", "measure_id", "measure__title", function="JSONB_BUILD_ARRAY",
               output_field=JSONField())  # fmt: skip
    return ArraySubquery(LearningEntry.objects.filter(spawned_proposal=OuterRef("pk")).annotate(row=row).values("row"))


def with_timeline(qs: QuerySet) -> QuerySet:
    """Proposals (`qs`) with what their timeline shows read with them, in the same query: their step changes
    (`transition_rows`), the proposals merged into them and the learning entries they were started from as rows, and
    the flags of the apps above (the extension point `portfolio.proposal_page_flags`: whether one has decisions,
    consultations …). `read_timeline` turns a proposal's rows into what `proposal_timeline` reads, which then makes
    no query but the decisions' (when it has any). For the decision page."""
    return qs.annotate(
        transition_rows=ArraySubquery(transition_rows(OuterRef("pk"))),
        merged_rows=merged_rows(),
        learning_rows=learning_rows(),
        **extensions.merged("portfolio.proposal_page_flags"),
    )


def read_timeline(proposal: Proposal) -> Proposal:
    """A proposal read `with_timeline`, with its rows as `proposal_timeline` reads them: the proposals merged into it
    (`merged_list`: their key, title and when) and the learning entries it was started from (`learning_list`: their
    key and hypothesis, their measure's key, title and link). Plain rows with the attributes the timeline prints, not
    model instances: nothing saves or follows them."""
    proposal.merged_list = [
        SimpleNamespace(pk=key, title=title, status_changed_at=moment(at)) for key, title, at in proposal.merged_rows
    ]
    measure_url = row_url("portfolio:measure_detail")
    proposal.learning_list = [
        SimpleNamespace(pk=key, hypothesis=hypothesis,
                        measure=SimpleNamespace(pk=measure, title=title, get_absolute_url=measure_url(measure)))
        for key, hypothesis, measure, title in proposal.learning_rows
    ]  # fmt: skip
    return proposal


def proposal_timeline(proposal: Proposal) -> list[dict]:
    """Every step change, decision and merge of a proposal, oldest first (for the proposal's page). The decisions
    come from the extension point `portfolio.proposal_timeline` (governance provides them). Each item's moment is
    written as `iso` and `date` (`core.rows.dates`). A step change is
    written as its row: its statuses' labels (`frm`, `to`), who made it (`who`) and why (`reason`); no query for
    them for a proposal read with `transition_rows` (the proposal's page)."""
    rows = getattr(proposal, "transition_rows", None)
    if rows is None:
        rows = [row for (row,) in transition_rows(proposal)]
    labels = choice_labels(ProposalStatus)  # (once, not twice a row)
    items = [
        {"at": moment(at), "kind": "transition", "frm": labels.get(frm, frm), "to": labels.get(to, to), "who": who,
         "reason": reason}
        for frm, to, reason, at, who in rows
    ]  # fmt: skip
    for found in extensions.collect("portfolio.proposal_timeline", proposal):
        items.extend(found)
    merged = getattr(proposal, "merged_list", None)  # read with the proposal for its page and the decision page
    if merged is None:
        merged = Proposal.objects.filter(merged_into=proposal).only("pk", "title", "status_changed_at")
    for p in merged:
        items.append({"at": p.status_changed_at, "kind": "merged_from", "obj": p})
    learning = getattr(proposal, "learning_list", None)  # read with the proposal for the decision page
    if learning is None:  # (not even built for a proposal known to have none: the proposal's page reads the flag)
        learning = []
        if getattr(proposal, "spawned_from_learning", True):
            learning = LearningEntry.objects.filter(spawned_proposal=proposal).select_related("measure")
    for entry in learning:
        items.append({"at": proposal.created_at, "kind": "from_learning", "obj": entry})
    if proposal.merged_into_id:
        # (its title only: read as a column with the proposal by its page, `merged_into_title`)
        title = getattr(proposal, "merged_into_title", None)
        target = {"title": title} if title is not None else proposal.merged_into
        items.append({"at": proposal.status_changed_at, "kind": "merged_into", "obj": target})
    items.sort(key=lambda i: i["at"])
    dates = row_dates("SHORT_DATETIME_FORMAT")  # as the template's date filter writes them, the format looked up once
    for item in items:
        item["iso"], item["date"] = dates(item["at"])
    return items
