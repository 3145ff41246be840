"""Reads of the proposal pages: the list's search and rows, and a proposal's page with its thread, attachments and
audit trail. Every function makes a constant number of queries. The full-text building blocks are in `search.py`,
the overlap candidates of step 2 in `overlap.py`.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery
from django.db.models import CharField, F, OuterRef, QuerySet
from django.db.models.functions import Cast, JSONObject
from django.shortcuts import get_object_or_404
from django.utils.dateparse import parse_datetime

from core.models import AuditEvent
from lifeevents.models import LifeEvent

from ..choices import MessageKind
from ..models import Attachment, Message, Proposal
from .search import CONFIG, AnyOf, proposal_search_document

AUDIT_ROWS = 100
INTERNAL_AUDIT_ACTIONS = ("portfolio.proposal.noted",)


# ---- the proposal list ---------------------------------------------------------------------------------------


def search_proposals(qs: QuerySet, text: str) -> QuerySet:
    """The list's `q`: every word must occur in the title, the need or the solution (websearch syntax: "quotes",
    or, -not). Ordering is left to the caller (the list keeps its index-friendly order)."""
    text = (text or "").strip()
    if not text:
        return qs
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    # `id = ANY(ARRAY(…))`: PostgreSQL finds the matches through the GIN index once (an init plan), and the list's
    # ordered scan only checks membership, instead of computing to_tsvector for every row it walks past (an IN
    # subquery becomes a join that does exactly that).
    # (unordered: the model's default ordering would sort every match for nothing)
    matches = Proposal.objects.alias(document=proposal_search_document()).filter(document=query).order_by()
    matches = matches.values("pk")
    return qs.filter(AnyOf(F("pk"), ArraySubquery(matches)))


LIST_FIELDS = ("title", "status", "created_at", "organisation__name", "organisation__short_name")


def proposal_page_rows(qs: QuerySet, offset: int, limit: int) -> list[Proposal]:
    """One page of the list in ONE query, also when it is empty: the page's keys are picked in `qs`'s order (an
    index-friendly scan), then only those rows get their organisation and life events (a JSON array)."""
    keys = qs.values("pk")[offset : offset + limit]
    through = Proposal.life_events.through
    rows = list(
        Proposal.objects.filter(pk__in=keys)
        .select_related("organisation")
        .only(*LIST_FIELDS)  # not the long texts a row does not show
        .annotate(life_event_json=related_json(through, "proposal_id", "lifeevent", *LIFE_EVENT_FIELDS))
        .order_by(*qs.query.order_by)
    )
    for row in rows:
        row.life_event_list = life_events_from_json(row.life_event_json)
    return rows


# ---- a proposal's page ---------------------------------------------------------------------------------------


def related_json(through, owner_field: str, target: str, *fields: str, **filters) -> ArraySubquery:
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
            life_event_json=related_json(Proposal.life_events.through, "proposal_id", "lifeevent", *LIFE_EVENT_FIELDS),
            mission_list=related_json(Proposal.missions.through, "proposal_id", "mission", "title"),
            partner_list=related_json(Proposal.partners.through, "proposal_id", "organisation", "name"),
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
