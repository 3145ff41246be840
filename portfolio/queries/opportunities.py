"""Where the office looks for new opportunities (issue 23: seeking, not only receiving). Step 1 records what the
office sought out beside what was submitted (the proposal's channel); this page suggests where to look: measures
whose benefit realisation lags its target (`lifeevents.figures.benefit_lags`, the one definition), life events with
many overlapping proposals (the overlap the office found in step 2: merged into another, or qualified as a
duplicate, as extending or as complementing a measure), and learning entries not yet followed up by a proposal.
Three queries and a fourth for the lagging benefits' latest values, whatever the portfolio's size."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone

from lifeevents import figures
from lifeevents.models import LifeEvent

from .. import workflow
from ..choices import Qualification
from ..models import Benefit, BenefitRealisation, LearningEntry, Measure, Proposal

SHOWN = 20
OVERLAPPING = (Qualification.DUPLICATE, Qualification.EXTENDS, Qualification.COMPLEMENTS)


def lagging_benefits(user, *, limit: int = SHOWN) -> list[dict]:
    """The benefits of measures in the portfolio whose latest realised value lags the way to their target, the
    furthest behind first: each with its measure, its owner, the share reached and the share of the time passed."""
    latest = BenefitRealisation.objects.filter(benefit=OuterRef("pk")).order_by("-date", "-pk").values("value")[:1]
    qs = (
        Benefit.objects.visible_to(user)
        .filter(
            measure__in=Measure.objects.active().values("pk"),
            is_disbenefit=False,
            expected_value__isnull=False,
            expected_date__isnull=False,
            measure__start_date__isnull=False,
        )
        .annotate(latest=Subquery(latest))
        .filter(latest__isnull=False)
        .select_related("measure", "owner")
        .only(
            "indicator",
            "baseline",
            "expected_value",
            "expected_date",
            "is_disbenefit",
            "owner__name",
            "owner__short_name",
            "measure__title",
            "measure__start_date",
        )
    )
    today, rows = timezone.localdate(), []
    for b in qs:
        plain = {"start": b.measure.start_date, "expected_date": b.expected_date, "baseline": b.baseline,
                 "expected_value": b.expected_value, "is_disbenefit": b.is_disbenefit}  # fmt: skip
        if figures.benefit_lags(plain, b.latest, today):
            reached = figures.share_reached(b.baseline, b.expected_value, b.latest)
            rows.append({"benefit": b, "reached": reached})
    return sorted(rows, key=lambda r: r["reached"])[:limit]


def crowded_life_events(user, *, limit: int = SHOWN) -> list[LifeEvent]:
    """The life events with the most open proposals that overlap others or a measure, most first (`overlapping`),
    with their open proposals (`open`): where agencies meet the same need."""
    proposals = Proposal.objects.visible_to(user).filter(status__in=workflow.OPEN).values("pk")
    overlapping = Q(proposals__pk__in=proposals) & (
        Q(proposals__qualification__in=OVERLAPPING) | Q(proposals__merged_into__isnull=False)
    )
    qs = LifeEvent.objects.annotate(
        overlapping=Count("proposals", filter=overlapping),
        open=Count("proposals", filter=Q(proposals__pk__in=proposals)),
    ).filter(overlapping__gt=0)
    return list(qs.order_by("-overlapping", "-open", "name_nb")[:limit])


def learning_not_followed_up(user, *, limit: int = SHOWN) -> list[LearningEntry]:
    """Learning entries of measures in the portfolio that no proposal follows up yet, the oldest first, with their
    measure's life events (other life events' learning is where to look too)."""
    qs = (
        LearningEntry.objects.filter(
            measure__in=Measure.objects.visible_to(user).active().values("pk"), spawned_proposal__isnull=True
        )
        .select_related("measure")
        .order_by("created_at", "pk")
    )
    entries = list(qs[:limit])
    if entries:
        events = {}
        links = Measure.life_events.through.objects.filter(measure_id__in={e.measure_id for e in entries})
        for link in links.select_related("lifeevent"):
            events.setdefault(link.measure_id, []).append(link.lifeevent)
        for entry in entries:
            entry.life_events = events.get(entry.measure_id, [])
    return entries
