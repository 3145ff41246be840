"""Reads of user panels and shared user journeys (issue 22): the overview, a panel's page, a journey's page with its
gaps, and the consultations that inform a proposal (shown on the proposal's page through the extension point
`portfolio.proposal` and on the step-4 decision page) or a measure (on its page, `portfolio.measure`). Each reads
only what the user may see."""

from __future__ import annotations

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q

from core import access, extensions
from core.extensions import register_section
from portfolio.models import Measure, Proposal

from .models import Consultation, JourneyStep, PainPoint, PanelMember, UserJourney, UserPanel

CONSULTATION_COLUMNS = ("pk", "date", "method", "topic", "participants", "findings", "is_illustrative", "panel__name",
                        "panel__life_event_id", "panel__is_illustrative")  # fmt: skip


def consultations_informing(proposal: Proposal, user) -> list[Consultation]:
    """What users said about a proposal: the consultations linked to it or to its measure (the one it extends or
    complements, and the one it became), as the user may see them; newest first. One query."""
    measures = Q(measure__origin_proposal_id=proposal.pk)  # the measure it became
    if proposal.related_measure_id:
        measures |= Q(measure_id=proposal.related_measure_id)
    links = Consultation.proposals.through.objects.filter(proposal_id=proposal.pk).values("consultation_id")
    measure_links = Consultation.measures.through.objects.filter(measures).values("consultation_id")
    return list(
        Consultation.objects.visible_to(user)
        .filter(Q(pk__in=links) | Q(pk__in=measure_links))
        .select_related("panel")
        .only(*CONSULTATION_COLUMNS)
    )


@extensions.provides("portfolio.proposal_page_flags")
def consultation_flag() -> dict:
    """Read with the proposal of its page: whether any consultation is linked to it or to its measure (the one it
    extends or complements, the one it became), whoever may see it (none: the section makes no query)."""
    measures = Q(measure__origin_proposal_id=OuterRef("pk")) | Q(measure_id=OuterRef("related_measure_id"))
    return {
        "has_consultations": Exists(Consultation.proposals.through.objects.filter(proposal_id=OuterRef("pk")))
        | Exists(Consultation.measures.through.objects.filter(measures))
    }


@register_section("portfolio.proposal", 40, "governance/_consultations.html")
def proposal_consultations_section(proposal, user) -> dict | None:
    """The proposal's page: what users said (hidden when no consultation informs it; no query for a proposal read
    with `has_consultations` false)."""
    if not getattr(proposal, "has_consultations", True):
        return None
    consultations = consultations_informing(proposal, user)
    return {"consultations": consultations} if consultations else None


def consultations_of_measure(measure: Measure, user) -> list[Consultation]:
    """What users said about a measure: the consultations linked to it or to the proposal it came from, as the user
    may see them (the same policy as the proposal's page); newest first. One query."""
    links = Consultation.measures.through.objects.filter(measure_id=measure.pk).values("consultation_id")
    linked = Q(pk__in=links)
    if measure.origin_proposal_id:  # (a measure brought in from outside came from no proposal)
        origin = Consultation.proposals.through.objects.filter(proposal_id=measure.origin_proposal_id)
        linked |= Q(pk__in=origin.values("consultation_id"))
    return list(
        Consultation.objects.visible_to(user).filter(linked).select_related("panel").only(*CONSULTATION_COLUMNS)
    )


@extensions.provides("portfolio.measure_page_flags")
def measure_consultation_flag() -> dict:
    """Read with the measure of its page: whether any consultation is linked to it or to the proposal it came from,
    whoever may see it (none: the section makes no query)."""
    return {
        "has_consultations": Exists(Consultation.measures.through.objects.filter(measure_id=OuterRef("pk")))
        | Exists(Consultation.proposals.through.objects.filter(proposal_id=OuterRef("origin_proposal_id")))
    }


@register_section("portfolio.measure", 40, "governance/_consultations.html")
def measure_consultations_section(measure, user) -> dict | None:
    """The measure's page: what users said (hidden when no consultation informs it; no query for a measure read
    with `has_consultations` false)."""
    if not getattr(measure, "has_consultations", True):
        return None
    consultations = consultations_of_measure(measure, user)
    return {"consultations": consultations, "about": "measure"} if consultations else None


def overview(user) -> dict:
    """The user panels and journeys the user may see, with their counts (members with consent only for those who
    may see members), and the gaps of each journey."""
    panels = list(
        UserPanel.objects.visible_to(user)
        .select_related("life_event", "coordinator")
        .annotate(consultation_count=Count("consultations", distinct=True))
        .annotate(member_count=Count("members", filter=Q(members__consent_withdrawn_on__isnull=True), distinct=True))
    )
    for panel in panels:
        if not access.can(user, "see_members", panel):
            panel.member_count = None
    journeys = list(
        UserJourney.objects.visible_to(user)
        .select_related("life_event")
        .annotate(step_count=Count("steps", distinct=True), pain_count=Count("steps__pain_points", distinct=True))
    )
    gaps = dict(
        PainPoint.objects.filter(step__journey__in=[j.pk for j in journeys], proposals=None, measures=None)
        .values_list("step__journey_id")
        .annotate(n=Count("pk"))
    ) if journeys else {}  # fmt: skip
    for journey in journeys:
        journey.gap_count = gaps.get(journey.pk, 0)
    return {"panels": panels, "journeys": journeys}


def panel_page(panel: UserPanel, user) -> dict:
    """A panel: its members with their consent (only for those who may see them), and the consultations the user
    may see with the proposals and measures each informs (those the user may see)."""
    members = None
    if access.can(user, "see_members", panel):
        members = list(
            PanelMember.objects.visible_to(user)
            .filter(panel=panel)
            .select_related("recruited_by")
            .order_by(F("consent_withdrawn_on").asc(nulls_first=True), "name", "pk")  # those with consent first
        )
    consultations = list(
        Consultation.objects.visible_to(user)
        .filter(panel=panel)
        .prefetch_related(
            Prefetch("proposals", Proposal.objects.visible_to(user).only("pk", "title")),
            Prefetch("measures", Measure.objects.visible_to(user).only("pk", "title")),
        )
    )
    for row in [*(members or []), *consultations]:
        row.panel = panel  # the policy asks each row's panel (`{% can %}` on the page): the one already read
    return {
        "panel": panel,
        "members": members,
        "active_members": sum(1 for m in members or [] if m.has_consent),
        "consultations": consultations,
    }


def journey_page(journey: UserJourney, user) -> dict:
    """A journey: its steps in the order the user meets them, each with its pain points; each pain point with the
    proposals and measures that address it (those the user may see, and how many others), and whether nothing
    addresses it at all (a gap)."""
    visible_p = Proposal.objects.visible_to(user).only("pk", "title", "status")
    visible_m = Measure.objects.visible_to(user).only("pk", "title", "status")
    points = (
        PainPoint.objects.annotate(
            proposal_count=Count("proposals", distinct=True), measure_count=Count("measures", distinct=True)
        )
        .prefetch_related(Prefetch("proposals", visible_p), Prefetch("measures", visible_m))
        .order_by("pk")
    )
    steps = list(
        JourneyStep.objects.filter(journey=journey)
        .select_related("agency")
        .prefetch_related(Prefetch("pain_points", points))
        .order_by("position")
    )
    gaps = 0
    for step in steps:
        for point in step.pain_points.all():
            point.is_gap = point.proposal_count == 0 and point.measure_count == 0
            shown = len(point.proposals.all()) + len(point.measures.all())
            point.hidden_count = point.proposal_count + point.measure_count - shown
            gaps += point.is_gap
    return {"journey": journey, "steps": steps, "gap_count": gaps}
