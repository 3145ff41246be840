"""Reads of the proposal pages and step 2: the list's search, a proposal's page, and the overlap candidates.

Full text uses PostgreSQL's `norwegian` configuration on the exact expressions of the GIN indexes in migration
0004 (`Document`), so the indexes serve both the overlap suggestions and the list's search. Every function makes a
constant number of queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import SearchQuery, SearchQueryField, SearchRank, SearchVectorField
from django.db.models import BooleanField, CharField, F, Func, OuterRef, QuerySet, TextField, Value
from django.db.models.functions import Cast, JSONObject
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from core.models import AuditEvent
from lifeevents.models import LifeEvent

from ..choices import MeasureStatus, MessageKind
from ..choices import ProposalStatus as S
from ..models import Attachment, Measure, Message, Proposal

CONFIG = "norwegian"
CLOSED_FOR_OVERLAP = (S.DRAFT, S.WITHDRAWN, S.MERGED)
MEASURE_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.ONGOING)
MAX_WORDS = 40
AUDIT_ROWS = 100
INTERNAL_AUDIT_ACTIONS = ("portfolio.proposal.noted",)


class Document(Func):
    """`to_tsvector('norwegian', a || ' ' || b …)`: the expression of the GIN indexes in migration 0004 (keep
    them identical, or PostgreSQL will not use the index)."""

    template = "to_tsvector('norwegian', %(expressions)s)"
    arg_joiner = " || ' ' || "
    output_field = SearchVectorField()


def proposal_overlap_document(prefix: str = "") -> Document:
    return Document(F(f"{prefix}title"), F(f"{prefix}need"))


def proposal_search_document() -> Document:
    return Document(F("title"), F("need"), F("solution"))


def measure_overlap_document() -> Document:
    return Document(F("title"), F("description"))


# ---- the proposal list ---------------------------------------------------------------------------------------


def search_proposals(qs: QuerySet, text: str) -> QuerySet:
    """The list's `q`: every word must occur in the title, the need or the solution (websearch syntax: "quotes",
    or, -not). Ordering is left to the caller (the list keeps its index-friendly order)."""
    text = (text or "").strip()
    if not text:
        return qs
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    return qs.alias(document=proposal_search_document()).filter(document=query)


def proposal_page_rows(qs: QuerySet, offset: int, limit: int) -> list[Proposal]:
    """One page of the list in ONE query, also when it is empty: the page's keys are picked in `qs`'s order (an
    index-friendly scan), then only those rows get their organisation and life events (a JSON array)."""
    keys = qs.values("pk")[offset : offset + limit]
    through = Proposal.life_events.through
    rows = list(
        Proposal.objects.filter(pk__in=keys)
        .select_related("organisation")
        .annotate(life_event_json=_related_json(through, "proposal_id", "lifeevent", *LIFE_EVENT_FIELDS))
        .order_by(*qs.query.order_by)
    )
    for row in rows:
        row.life_event_list = life_events_from_json(row.life_event_json)
    return rows


# ---- a proposal's page ---------------------------------------------------------------------------------------


def _related_json(through, owner_field: str, target: str, *fields: str, **filters) -> ArraySubquery:
    """A JSON array of the related rows' `fields` (through a many-to-many table), ordered by the first field."""
    values = {f: F(f"{target}__{f}") for f in ("id", *fields)}
    rows = through.objects.filter(**{owner_field: OuterRef("pk")}, **filters).order_by(f"{target}__{fields[0]}")
    return ArraySubquery(rows.values(json=JSONObject(**values)))


def life_events_from_json(rows) -> list[LifeEvent]:
    """Unsaved LifeEvent instances (for `name` in the current language and the link) from `_related_json` rows."""
    return [LifeEvent(**row) for row in rows or []]


LIFE_EVENT_FIELDS = ("sort_order", "name_nb", "name_nn", "name_en", "slug")


def proposal_page_object(visible: QuerySet, pk: int, *, internal: bool = False) -> Proposal:
    """The proposal with everything its page shows about it in ONE query: its foreign keys, and as JSON arrays its
    life events, missions, partners, the proposals merged into it (authors and texts), its attachments and its
    audit trail (the internal-note events only with `internal`). Http404 when it is not in `visible`."""
    merged = (
        Proposal.objects.filter(merged_into=OuterRef("pk"))
        .order_by("status_changed_at", "pk")
        .values(
            json=JSONObject(
                id="pk",
                title="title",
                need="need",
                solution="solution",
                expected_benefits="expected_benefits",
                organisation="organisation__name",
                author_first="created_by__first_name",
                author_last="created_by__last_name",
                author_username="created_by__username",
                merged_at="status_changed_at",
            )
        )
    )
    proposal = get_object_or_404(
        visible.select_related(
            "organisation", "created_by", "facilitator", "related_measure", "merged_into", "call"
        ).annotate(
            life_event_json=_related_json(Proposal.life_events.through, "proposal_id", "lifeevent", *LIFE_EVENT_FIELDS),
            mission_list=_related_json(Proposal.missions.through, "proposal_id", "mission", "title"),
            partner_list=_related_json(Proposal.partners.through, "proposal_id", "organisation", "name"),
            merged_json=ArraySubquery(merged),
            attachment_json=_attachments_json(),
            audit_json=_audit_json(internal),
        ),
        pk=pk,
    )
    proposal.life_event_list = life_events_from_json(proposal.life_event_json)
    proposal.merged_list = _rows(proposal.merged_json, "author", dates=("merged_at",))
    proposal.attachment_list = _rows(proposal.attachment_json, "uploaded_by", dates=("uploaded_at", "removed_at"))
    proposal.audit_list = _rows(proposal.audit_json, "actor", dates=("created_at",))
    for event in proposal.audit_list:
        event.change_list = [
            (name, *value) if isinstance(value, list) and len(value) == 2 else (name, None, value)
            for name, value in (event.changes or {}).items()
        ]
    return proposal


def proposal_thread(proposal: Proposal, *, internal: bool) -> tuple[list[Message], list[Message]]:
    """(the question-and-answer thread, the internal notes) in one query: the first messages of each thread, each
    with its replies (at any depth, oldest first) in `children`. Without `internal`, notes are not even read."""
    qs = Message.objects.filter(proposal=proposal).select_related("author__organisation")
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


def _attachments_json() -> ArraySubquery:
    rows = Attachment.objects.filter(proposal_id=OuterRef("pk")).order_by("uploaded_at", "pk")
    return ArraySubquery(
        rows.values(
            json=JSONObject(
                pk="pk",
                original_name="original_name",
                content_type="content_type",
                size="size",
                uploaded_at="uploaded_at",
                removed_at="removed_at",
                uploaded_by_first="uploaded_by__first_name",
                uploaded_by_last="uploaded_by__last_name",
                uploaded_by_username="uploaded_by__username",
            )
        )
    )


def _audit_json(internal: bool) -> ArraySubquery:
    content_type = ContentType.objects.get_for_model(Proposal, for_concrete_model=False)
    rows = AuditEvent.objects.filter(content_type=content_type, object_id=Cast(OuterRef("pk"), CharField()))
    if not internal:
        rows = rows.exclude(action__in=INTERNAL_AUDIT_ACTIONS)
    rows = rows.order_by("-created_at", "-pk").values(
        json=JSONObject(
            created_at="created_at",
            action="action",
            changes="changes",
            note="note",
            actor_first="actor__first_name",
            actor_last="actor__last_name",
            actor_username="actor__username",
        )
    )
    return ArraySubquery(rows[:AUDIT_ROWS])


def _person(row: dict, prefix: str) -> str:
    name = f"{row.get(prefix + '_first') or ''} {row.get(prefix + '_last') or ''}".strip()
    return name or row.get(prefix + "_username") or ""


def _rows(rows, *people: str, dates: tuple[str, ...] = ()) -> list[SimpleNamespace]:
    """JSON rows as objects for the template: people's names joined, timestamps parsed."""
    out = []
    for row in rows or []:
        for key in people:
            row[key] = _person(row, key)
        for key in dates:
            row[key] = parse_datetime(row[key]) if row.get(key) else None
        out.append(SimpleNamespace(**row))
    return out


# ---- overlap candidates (step 2) ------------------------------------------------------------------------------


@dataclass
class Candidate:
    kind: str  # "measure" or "proposal"
    object: Measure | Proposal
    rank: float
    shared_words: list[str] = field(default_factory=list)
    shared_life_events: list[str] = field(default_factory=list)
    shared_missions: list[str] = field(default_factory=list)

    @property
    def reasons(self) -> list[str]:
        out = []
        if self.shared_words:
            out.append(_("Shared words: %(words)s") % {"words": ", ".join(self.shared_words)})
        if self.shared_life_events:
            out.append(_("Same life event: %(names)s") % {"names": ", ".join(self.shared_life_events)})
        if self.shared_missions:
            out.append(_("Same mission: %(names)s") % {"names": ", ".join(self.shared_missions)})
        return out


WORD = re.compile(r"\w{3,}", re.UNICODE)


def significant_words(*texts: str) -> list[str]:
    """The distinct words (3+ letters, lower case, first occurrence first) of the texts, at most MAX_WORDS;
    PostgreSQL drops the stop words."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in WORD.findall((text or "").lower()):
            if not word.isdigit() and word != "or":
                seen.setdefault(word, None)
    return list(seen)[:MAX_WORDS]


class Matches(Func):
    """`document @@ tsquery` as a boolean expression (for `filter()`)."""

    template = "%(expressions)s"
    arg_joiner = " @@ "
    output_field = BooleanField()


class _Template(Func):
    """A SQL template with named places (`NAMES`), filled in that order with the compiled arguments."""

    NAMES: tuple[str, ...] = ()

    def as_sql(self, compiler, connection, **extra_context):
        parts, params = {}, []
        for name, expression in zip(self.NAMES, self.source_expressions, strict=True):
            sql, expression_params = compiler.compile(expression)
            parts[name] = sql
            params.extend(expression_params)
        return self.template % parts, params


class FinderQuery(_Template):
    """The tsquery that FINDS the candidates (the rank then weighs every word): the input's lexemes that
    PostgreSQL's statistics of the GIN index (ANALYZE) count as rare (in at most `share` of the rows) OR-ed, or the
    three least common lexemes that do occur in the indexed texts, together. So the index returns few rows and only
    those are ranked, at any table size. Without statistics (a small or fresh table) every lexeme counts as rare."""

    NAMES = ("index", "text", "share")
    template = """(WITH lx AS (
    SELECT l, COALESCE((
      SELECT max(m.f) FROM pg_stats s, unnest(s.most_common_elems::text::text[], s.most_common_elem_freqs) AS m(e, f)
       WHERE s.schemaname = current_schema() AND s.tablename = %(index)s AND m.e = l), 0) AS f
      FROM unnest(tsvector_to_array(to_tsvector('norwegian', %(text)s))) AS l),
  rare AS (SELECT string_agg(quote_literal(l), ' | ') AS q FROM lx WHERE f <= %(share)s),
  least AS (SELECT string_agg(quote_literal(l), ' & ') AS q FROM (SELECT l FROM lx ORDER BY f = 0, f, l LIMIT 3) AS x)
  SELECT concat_ws(' | ', rare.q, '(' || least.q || ')')::tsquery FROM rare, least)"""
    output_field = SearchQueryField()

    def __init__(self, index: str, text: str):
        super().__init__(Value(index), Value(text), Value(COMMON_SHARE))


class SharedWords(_Template):
    """The input words that occur (stemmed) in a candidate's indexed text, in the input's order."""

    NAMES = ("words", "document")
    template = (
        "ARRAY(SELECT w FROM unnest(%(words)s::text[]) WITH ORDINALITY AS t(w, n) "
        "WHERE numnode(plainto_tsquery('norwegian', w)) > 0 AND %(document)s @@ plainto_tsquery('norwegian', w) "
        "ORDER BY n)"
    )
    output_field = ArrayField(TextField())

    def __init__(self, words: list[str], document: Document):
        super().__init__(Value(words, output_field=ArrayField(TextField())), document)


COMMON_SHARE = 0.03


def _ranked(model, qs: QuerySet, document: Document, index: str, text: str, query: SearchQuery, limit: int):
    inner = qs.filter(Matches(document, FinderQuery(index, text))).annotate(rank=SearchRank(document, query))
    inner = inner.order_by("-rank", "pk").values("pk")[:limit]
    return model.objects.filter(pk__in=inner).annotate(rank=SearchRank(document, query)).order_by()


def overlap_candidates(
    proposal: Proposal,
    *,
    limit: int = 10,
    user=None,
    life_events: list[int] | None = None,
    missions: list[int] | None = None,
) -> list[Candidate]:
    """Ongoing and planned measures, and open proposals (not draft, withdrawn or merged, not itself), across all
    life events, that resemble `proposal` (saved or not: its title, need and solution), best first, each with the
    reasons: the shared words, a shared life event or mission. With `user`, only what the user may see. Two
    queries; the GIN indexes of migration 0004 find the rows, the rank and the reasons are computed for the top
    `limit` of each kind only."""
    words = significant_words(proposal.title, proposal.need, proposal.solution)
    if not words:
        return []
    query = SearchQuery(" or ".join(words), config=CONFIG, search_type="websearch")
    events, goals = _scope_ids(proposal, life_events, missions)

    measures = Measure.objects.filter(status__in=MEASURE_STATUSES)
    proposals = Proposal.objects.exclude(status__in=CLOSED_FOR_OVERLAP)
    if proposal.pk:
        proposals = proposals.exclude(pk=proposal.pk)
    if user is not None:
        measures = measures.filter(pk__in=Measure.objects.visible_to(user).values("pk"))
        proposals = proposals.filter(pk__in=Proposal.objects.visible_to(user).values("pk"))

    found: list[Candidate] = []
    text = " ".join(words)
    for kind, model, qs, document, index, related in (
        ("measure", Measure, measures, measure_overlap_document(), "measure_overlap_fts", "owner"),
        ("proposal", Proposal, proposals, proposal_overlap_document(), "proposal_overlap_fts", "organisation"),
    ):
        through_events, through_missions = model.life_events.through, model.missions.through
        own = "measure_id" if kind == "measure" else "proposal_id"
        rows = (
            _ranked(model, qs, document, index, text, query, limit)
            .select_related(related)
            .annotate(
                shared_words=SharedWords(words, document),
                shared_events=_related_json(
                    through_events, own, "lifeevent", *LIFE_EVENT_FIELDS, lifeevent_id__in=events
                ),
                shared_missions=ArraySubquery(
                    through_missions.objects.filter(**{own: OuterRef("pk")}, mission_id__in=goals)
                    .order_by("mission__title")
                    .values("mission__title")
                ),
            )
        )
        for row in rows:
            found.append(
                Candidate(
                    kind=kind,
                    object=row,
                    rank=row.rank,
                    shared_words=_dedupe_stems(row.shared_words),
                    shared_life_events=[e.name for e in life_events_from_json(row.shared_events)],
                    shared_missions=row.shared_missions,
                )
            )
    found.sort(key=lambda c: (-c.rank, c.kind, c.object.pk))
    return found[:limit]


def _dedupe_stems(words: list[str]) -> list[str]:
    """ "søknad" and "søknaden" are one reason: keep the first word of each shared beginning."""
    out: list[str] = []
    for w in words:
        if not any(w.startswith(o[:5]) and o.startswith(w[:5]) for o in out):
            out.append(w)
    return out[:8]


def _scope_ids(proposal: Proposal, life_events, missions):
    """The life events and missions to compare with: given ones, else the saved proposal's (as subqueries)."""
    if life_events is None:
        life_events = (
            Proposal.life_events.through.objects.filter(proposal_id=proposal.pk).values("lifeevent_id")
            if proposal.pk
            else []
        )
    if missions is None:
        missions = (
            Proposal.missions.through.objects.filter(proposal_id=proposal.pk).values("mission_id")
            if proposal.pk
            else []
        )
    return life_events, missions
