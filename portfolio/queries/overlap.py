"""The overlap candidates of step 2: ongoing and planned measures and open proposals, across all life events, that
resemble a proposal (saved or being written), best first, with the reasons. Two queries at any table size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

from .. import redaction, workflow
from ..choices import MeasureStatus
from ..models import Measure, Proposal
from .proposals import life_event_names
from .search import CONFIG, SharedWords, measure_overlap_document, proposal_overlap_document, significant_words

CLOSED_FOR_OVERLAP = workflow.DRAFTS + workflow.CLOSED
MEASURE_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.ONGOING)
MEASURE_COLUMNS = ("title", "status", "owner__name", "owner__short_name")
PROPOSAL_COLUMNS = ("title", "need", "status", "organisation__name", "organisation__short_name")


@dataclass
class Candidate:
    kind: str  # "measure" or "proposal"
    object: Measure | Proposal
    rank: float
    shared_words: list[str] = field(default_factory=list)
    shared_life_events: list[str] = field(default_factory=list)
    shared_missions: list[str] = field(default_factory=list)
    # False: a submitted proposal the user may not open (another agency's); only its public fields are shown
    visible: bool = True

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


def _ranked(model, qs: QuerySet, document: SearchVector, query: SearchQuery, limit: int):
    """The `limit` best of `qs` matching `query` (found through the GIN index on `document`), ranked."""
    inner = qs.alias(document=document).filter(document=query).annotate(rank=SearchRank(document, query))
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
    reasons: the shared words, a shared life event or mission. With `user`, only the measures the user may see,
    but every submitted proposal: its public fields (title, need, life events, organisation, status) are open to
    every agency, so that a near-copy of another agency's proposal is caught at the source; drafts stay private.
    `Candidate.visible` says whether the user may open the proposal itself. Two queries; the models' GIN indexes
    find the rows, the rank and the reasons are computed for the top `limit` of each kind only."""
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

    found: list[Candidate] = []
    for kind, model, qs, document, related, columns in (
        ("measure", Measure, measures, measure_overlap_document(), "owner", MEASURE_COLUMNS),
        ("proposal", Proposal, proposals, proposal_overlap_document(), "organisation", PROPOSAL_COLUMNS),
    ):
        through_events, through_missions = model.life_events.through, model.missions.through
        own = "measure_id" if kind == "measure" else "proposal_id"
        rows = (
            _ranked(model, qs, document, query, limit)
            .select_related(related)
            .only(*columns)  # what the list prints (portfolio/_overlap_list.html)
            .annotate(
                shared_words=SharedWords(words, document),
                shared_events=life_event_names(through_events, own, lifeevent_id__in=events),
                shared_missions=ArraySubquery(
                    through_missions.objects.filter(**{own: OuterRef("pk")}, mission_id__in=goals)
                    .order_by("mission__title")
                    .values("mission__title")
                ),
            )
        )
        if kind == "proposal" and user is not None:
            rows = rows.annotate(is_visible=Exists(Proposal.objects.visible_to(user).filter(pk=OuterRef("pk"))))
        for row in rows:
            found.append(
                Candidate(
                    kind=kind,
                    object=row,
                    rank=row.rank,
                    shared_words=_dedupe_stems(row.shared_words),
                    shared_life_events=row.shared_events,
                    shared_missions=row.shared_missions,
                    visible=getattr(row, "is_visible", True),
                )
            )
    found.sort(key=lambda c: (-c.rank, c.kind, c.object.pk))
    return _public_part(user, found)[:limit] if user is not None else found[:limit]


def _public_part(user, found: list[Candidate]) -> list[Candidate]:
    """The candidates as `user` may read them (portfolio/redaction.py): an exempt need or description shows its legal
    basis, and a match on it is not told: only the words its title shares are shown, and a candidate that shares
    nothing public (no word of its title, no life event, no mission) is left out."""
    redaction.redact(user, *(c.object for c in found), mark=False)
    kept = []
    for c in found:
        if c.object.withheld:
            title = c.object.title.lower()
            c.shared_words = [w for w in c.shared_words if w in title]
            if not (c.shared_words or c.shared_life_events or c.shared_missions):
                continue
        kept.append(c)
    return kept


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
