"""Reads of the proposal pages: the list's search and rows, and a proposal's page with its thread, attachments and
audit trail. Every function makes a constant number of queries. The full-text building blocks are in `search.py`,
the overlap candidates of step 2 in `overlap.py`.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db.models import CharField, Exists, Expression, F, Func, JSONField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import get_language, override

from core import audit, extensions
from core.links import row_url
from core.models import AuditEvent, Organisation
from core.rows import dates as row_dates
from lifeevents.models import LifeEvent

from .. import redaction
from ..choices import MessageKind, ProposalStatus
from ..models import Attachment, CallForProposals, Exemption, LearningEntry, Measure, Message, Proposal
from . import call_intake
from .rows import moment, user_name
from .search import CONFIG, AnyOf
from .timeline import transition_rows

AUDIT_ROWS = 100
INTERNAL_AUDIT_ACTIONS = ("portfolio.proposal.noted",)


# ---- the proposal list ---------------------------------------------------------------------------------------


def search_proposals(qs: QuerySet, text: str, user=None) -> QuerySet:
    """The list's `q`: every word must occur in the title, the need or the solution (websearch syntax: "quotes",
    or, -not), or in a text answer to the questions of its call. Ordering is left to the caller (the list keeps its
    index-friendly order). With `user`, a need or solution exempt from public access that the user may not see is not
    searched for them (a hit would tell what it says): such a proposal is found by its title only
    (portfolio/redaction.py), and not by its answers either; nor by an answer exempt from public access itself."""
    text = (text or "").strip()
    if not text:
        return qs
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    if user is not None and redaction.hides_nothing_from(user):
        user = None  # (the office: nothing is left out for them, so neither exclusion below is built)
    answering = call_intake.proposals_answering(query, user)  # or a text answer to its call's questions (issue 22)
    # The stored document (`Proposal.search_document`): the count is served from its GIN index (or-ed with the
    # answers' keys), and the first page either from the index or, for a frequent word, by checking the stored
    # document of the rows in the list's order; the answers' keys are found once (`id = ANY(ARRAY(…))`).
    qs = qs.filter(Q(search_document=query) | AnyOf(F("pk"), ArraySubquery(answering)))
    if user is None:
        return qs
    hidden = redaction.hidden_proposals(user)
    by_title = Proposal.objects.filter(pk__in=hidden).alias(title_document=SearchVector("title", config=CONFIG))
    return qs.exclude(Q(pk__in=hidden) & ~Q(pk__in=by_title.filter(title_document=query).values("pk")))


LIST_FIELDS = (
    "title",
    "status",
    "created_at",
    "submitted_late",
    "awaiting_answer_since",
    "organisation__name",
    "organisation__short_name",
)


MERGED_FIELDS = ("title", "need", "solution", "expected_benefits", "status_changed_at", "merged_into_id",
                 "organisation__name", "created_by__first_name", "created_by__last_name",
                 "created_by__username")  # fmt: skip


def names(through, owner: str, target: str, column: str | Expression, *, order=(), **filters) -> ArraySubquery:
    """The names of a row's related rows through a many-to-many table, in order (for a comma-separated list):
    `column` is the name's column of the target, or an expression (a life event's name in the active language)."""
    name = F(f"{target}__{column}") if isinstance(column, str) else column
    rows = through.objects.filter(**{owner: OuterRef("pk")}, **filters).annotate(name=name)
    return ArraySubquery(rows.order_by(*order, "name").values("name"))


def life_event_names(through, owner: str, **filters) -> ArraySubquery:
    """The names of a row's life events in the active language, in the life events' order."""
    name = LifeEvent.name_expression("lifeevent__")
    return names(through, owner, "lifeevent", name, order=("lifeevent__sort_order",), **filters)


def proposal_page_rows(qs: QuerySet, offset: int, limit: int) -> list[Proposal]:
    """One page of the list in ONE query, also when it is empty: the page's keys are picked in `qs`'s order (an
    index-friendly scan), and only those rows are read with their organisation and the names of their life events."""
    keys = qs.values("pk")[offset : offset + limit]
    rows = list(
        Proposal.objects.filter(pk__in=keys)
        .select_related("organisation")
        .only(*LIST_FIELDS)  # not the long texts a row does not show
        .annotate(life_event_names=life_event_names(Proposal.life_events.through, "proposal_id"))
        .order_by(*qs.query.order_by)
    )
    url = row_url("portfolio:proposal_detail")
    for row in rows:
        row.url = url(row.pk)
    return rows


@functools.cache
def _status_tones() -> dict:
    """Each status's tag colour (the model's `status_tone`), worked out once."""
    return {status: Proposal(status=status).status_tone for status in ProposalStatus}


def proposal_list_rows(qs: QuerySet, offset: int, limit: int) -> list[dict]:
    """One page of the list as the page shows it, in ONE query (as `proposal_page_rows`, read as values): each row's
    link, title, key, organisation, life events, status (label and tone), tags and date, formatted here once per
    page rather than by the template per row. The first page is read straight from `qs` (no row is skipped, so the
    names are computed for its rows only); a later one picks its keys first (the rows skipped by OFFSET are only
    walked past in the index, their names never computed)."""
    source = qs if offset == 0 else Proposal.objects.filter(pk__in=qs.values("pk")[offset : offset + limit])
    rows = (
        source.annotate(life_event_names=life_event_names(Proposal.life_events.through, "proposal_id"))
        .order_by(*qs.query.order_by)
        .values_list(
            "pk",
            "title",
            "status",
            "created_at",
            "submitted_late",
            "awaiting_answer_since",
            "organisation__short_name",
            "organisation__name",
            "life_event_names",
        )
    )
    rows = rows[:limit] if offset == 0 else rows
    url, dates = row_url("portfolio:proposal_detail"), row_dates()
    statuses = {s: (str(s.label), tone) for s, tone in _status_tones().items()}  # labels once per page
    out = []
    for pk, title, status, created, late, awaiting, short_name, name, events in rows:
        label, tone = statuses.get(status, (status, "info"))
        iso, date = dates(created)
        out.append({"url": url(pk), "title": title, "pk": str(pk),
                    "organisation": Organisation.label_of(short_name, name), "life_events": ", ".join(events) or "—",
                    "status": label, "tone": tone, "awaiting": awaiting is not None, "late": late, "iso": iso,
                    "date": date})  # fmt: skip
    return out


# ---- a proposal's page ---------------------------------------------------------------------------------------


USER_NAME = ("first_name", "last_name", "username")  # what `str(user)` reads
PAGE_RELATED = ("organisation", "created_by", "facilitator")
PAGE_FIELDS = (
    *(f.name for f in Proposal._meta.concrete_fields if f.name not in ("merge_added", "is_illustrative",
                                                                      "external_id", "updated_at",
                                                                      "search_document")),
    "organisation__name", "organisation__short_name",
    *(f"{user}__{name}" for user in ("created_by", "facilitator") for name in USER_NAME),
)  # fmt: skip
MESSAGE_FIELDS = ("parent_id", "kind", "body", "created_at", *(f"author__{name}" for name in USER_NAME),
                  "author__organisation__name", "author__organisation__short_name")  # fmt: skip


def _language() -> str:
    """The active language as `LifeEvent.name_expression` tells them apart (what `page_queryset` depends on)."""
    return (get_language() or settings.LANGUAGE_CODE)[:2]


@dataclasses.dataclass
class AuditRow:
    """A row of a proposal's audit trail as its page prints it (read with the proposal, `audit_rows`): when, the
    action, its changes (`change_list`: `core.audit.readable_changes`, redacted by `redaction.redact_audit`), its note
    and who (`str(user)`, None for the system)."""

    created_at: datetime.datetime | None
    action: str
    changes: dict
    note: str
    actor: str | None
    change_list: list = dataclasses.field(default_factory=list)
    iso: str = ""  # when, as the template's date filter writes it: "c"
    date: str = ""  # and SHORT_DATETIME_FORMAT (`core.rows.dates`)


@dataclasses.dataclass
class AttachmentRow:
    """An attachment of a proposal as its page prints it (read with the proposal, `attachment_rows`): its key, file
    name, size, when it was uploaded and removed, and who uploaded it (`str(user)`); `withheld`: the legal basis that
    exempts it from public access, for a reader who may not see it (set by the page)."""

    pk: int
    original_name: str
    size: int
    uploaded_at: datetime.datetime | None
    removed_at: datetime.datetime | None
    uploaded_by: str
    withheld: str | None = None


def attachment_rows() -> ArraySubquery:
    """A proposal's attachments (`OuterRef("pk")`), removed ones too, oldest first, as JSON arrays [key, file name,
    size, uploaded, removed, who]: what `Attachment.objects.filter(proposal=…)` reads of them for its page."""
    row = Func("id", "original_name", "size", "uploaded_at", "removed_at", user_name("uploaded_by__"),
               function="JSONB_BUILD_ARRAY", output_field=JSONField())  # fmt: skip
    attachments = Attachment.objects.filter(proposal=OuterRef("pk")).order_by("uploaded_at", "pk")
    return ArraySubquery(attachments.annotate(row=row).values("row"))


def audit_rows(*, internal: bool) -> ArraySubquery:
    """A proposal's audit trail (`OuterRef("pk")`), newest first, at most AUDIT_ROWS, as JSON arrays [when, action,
    changes, note, who]: what `AuditEvent.objects.for_object(proposal)` reads, the internal-note events only with
    `internal`."""
    events = AuditEvent.objects.filter(content_type__app_label=Proposal._meta.app_label,
                                       content_type__model=Proposal._meta.model_name,
                                       object_id=Cast(OuterRef("pk"), CharField()))  # fmt: skip
    if not internal:
        events = events.exclude(action__in=INTERNAL_AUDIT_ACTIONS)
    row = Func("created_at", "action", "changes", "note", user_name("actor__"), function="JSONB_BUILD_ARRAY",
               output_field=JSONField())  # fmt: skip
    return ArraySubquery(events.order_by("-created_at", "-pk").annotate(row=row).values("row")[:AUDIT_ROWS])


def _title_of(model, key: str) -> Subquery:
    """The title of the row of `model` that the proposal's column `key` points to (NULL without one)."""
    return Subquery(model.objects.filter(pk=OuterRef(key)).values("title"))


@functools.cache
def page_queryset(language: str, internal: bool = False) -> QuerySet:
    """What `proposal_page_object` reads of a proposal, before it picks the proposal (its key and the user's policy
    are filtered on each time): the columns its page prints (with those of its foreign keys), the names of its life
    events (in `language`, the active language), missions and partners, and its flags (`has_exemptions`,
    `has_messages`, `spawned_from_learning` and those of the extension point `portfolio.proposal_page_flags`), its
    attachments, its step changes and its audit trail (with the internal-note events only with `internal`) as rows,
    the merged ones in the order they were merged. Built once per language (and `internal`) and never evaluated
    itself: its expressions hold no value of a request or a user (their outer reference is always the proposal's own
    row), and a filter on it makes a new query (Django clones it), so a page no longer builds and resolves its ten
    subqueries (a third of the page's Python calls)."""
    through = Proposal.life_events.through, Proposal.missions.through, Proposal.partners.through
    with override(language):  # the life events' names in that language
        event_names = life_event_names(through[0], "proposal_id")
    return (
        Proposal.objects.select_related(*PAGE_RELATED)
        .only(*PAGE_FIELDS)
        .annotate(
            # the titles the page prints of its related measure, the proposal it was merged into and its call: read
            # as values, not as objects (no code path of the page touches those objects); as scalar subqueries by
            # key, not LEFT JOINs: with three more joins PostgreSQL's planner weighed join orders for half of the
            # query's planning time (1.7 ms of planning to 0.8 on the bench data, the rows the same)
            related_measure_title=_title_of(Measure, "related_measure_id"),
            merged_into_title=_title_of(Proposal, "merged_into_id"),
            call_title=_title_of(CallForProposals, "call_id"),
            life_event_names=event_names,
            mission_titles=names(through[1], "proposal_id", "mission", "title"),
            partner_names=names(through[2], "proposal_id", "organisation", "name"),
            attachment_rows=attachment_rows(),  # its attachments
            has_exemptions=Exists(Exemption.objects.filter(proposal=OuterRef("pk"))),
            has_messages=Exists(Message.objects.filter(proposal=OuterRef("pk"))),
            spawned_from_learning=Exists(LearningEntry.objects.filter(spawned_proposal=OuterRef("pk"))),
            transition_rows=ArraySubquery(transition_rows(OuterRef("pk"))),  # its timeline's step changes
            audit_rows=audit_rows(internal=internal),  # its audit trail
            # what the apps above show on the page, whether there is any (governance: decisions, consultations)
            **extensions.merged("portfolio.proposal_page_flags"),
        )
        .order_by("status_changed_at", "pk")  # the merged ones in the order they were merged
    )


def proposal_page_object(visible: QuerySet, pk: int, *, internal: bool = False) -> Proposal:
    """The proposal with everything its page shows about it, in one query: the proposal with the columns its page
    prints of its foreign keys (of its related measure, the proposal it was merged into and its call only their titles,
    `related_measure_title`, `merged_into_title` and `call_title`, and the measure's link, `related_measure_url`) and
    the names of its life events, missions and partners, its attachments (`attachment_list`, AttachmentRow), its step
    changes (`transition_rows`, for `timeline.proposal_timeline`) and its audit trail (`audit_list`, AuditRow: the
    internal-note events only with `internal`), and the proposals merged into it (`merged_list`, with their
    authors). Whether it (and each merged proposal) has
    exemptions from public access (`has_exemptions`), messages (`has_messages`) and was started from a learning
    entry (`spawned_from_learning`) is read with it, so that their readers skip a query when it has none, and so are
    the flags the apps above add (the extension point `portfolio.proposal_page_flags`: {name: Exists(…)}, e.g.
    `has_decisions`). Http404 when it is not in `visible`."""
    pk = int(pk)
    rows = list(
        # the proposal and the proposals merged into it: rows of one table, read in one query (the columns its page
        # prints of a merged proposal are among the proposal's own), when the user may see the proposal itself
        page_queryset(_language(), internal)
        .filter(Q(pk=pk) | Q(merged_into_id=pk))
        .filter(Exists(visible.filter(pk=pk)))
    )
    proposal = next((row for row in rows if row.pk == pk), None)
    if proposal is None:
        raise Http404("No proposal matches the given query.")
    proposal.merged_list = [row for row in rows if row is not proposal]
    if proposal.related_measure_id:
        proposal.related_measure_url = reverse("portfolio:measure_detail", kwargs={"pk": proposal.related_measure_id})
    proposal.attachment_list = [
        AttachmentRow(pk, name, size, moment(uploaded), moment(removed), who)
        for pk, name, size, uploaded, removed, who in proposal.attachment_rows
    ]
    dates = row_dates("SHORT_DATETIME_FORMAT")
    proposal.audit_list = []
    for at, action, changes, note, actor in proposal.audit_rows:
        when, change_list = moment(at), audit.readable_changes(Proposal, changes)
        proposal.audit_list.append(AuditRow(when, action, changes, note, actor, change_list, *dates(when)))
    return proposal


def proposal_thread(proposal: Proposal, *, internal: bool) -> tuple[list[Message], list[Message]]:
    """(the question-and-answer thread, the internal notes) in one query: the first messages of each thread, each
    with its replies (at any depth, oldest first) in `children`. Without `internal`, notes are not even read; no
    query for a proposal read with `has_messages` false (`proposal_page_object`)."""
    if not getattr(proposal, "has_messages", True):
        return [], []
    qs = Message.objects.filter(proposal=proposal).select_related("author__organisation").only(*MESSAGE_FIELDS)
    if not internal:
        qs = qs.exclude(kind=MessageKind.INTERNAL)
    messages = list(qs)
    by_pk = {m.pk: m for m in messages}
    roots: list[Message] = []
    for m in messages:
        m.children = []
        root = m
        while root.parent_id is not None and root.parent_id in by_pk:
            root = by_pk[root.parent_id]
        (roots.append(m) if root is m else root.children.append(m))
    public = [m for m in roots if m.kind != MessageKind.INTERNAL]
    notes = [m for m in roots if m.kind == MessageKind.INTERNAL]
    return public, notes


# ---- a submitted proposal's public part ------------------------------------------------------------------------

PUBLIC_FIELDS = ("title", "need", "status", "status_changed_at", "merged_into_id", "organisation__name",
                 "organisation__short_name")  # fmt: skip


def public_proposal(pk: int) -> Proposal:
    """A submitted proposal's public fields (title, need, life events, organisation, status) and those of the
    proposals merged into it: open to every agency (the seeds ask for transparency across agencies). Drafts stay
    private (Http404); solution, costs, attachments, messages and assessments are never read here. Three queries."""
    public = Proposal.objects.exclude(status=ProposalStatus.DRAFT).select_related("organisation").only(*PUBLIC_FIELDS)
    proposal = get_object_or_404(public.prefetch_related("life_events"), pk=pk)
    proposal.public_merged = list(public.filter(merged_into=proposal).order_by("status_changed_at", "pk"))
    return proposal
