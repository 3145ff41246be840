"""Reads of the benefit register (step 5): the benefits a user may see with their latest realisation, filtered by
life event, mission or owner, and one benefit with its realisations over time; the missions with their targets and
the targets' measurements. A constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Prefetch, Subquery

from core.models import Organisation
from lifeevents.models import LifeEvent

from ..models import (
    Benefit,
    BenefitRealisation,
    Measure,
    Mission,
    MissionReview,
    MissionTarget,
    TargetMeasurement,
)

REGISTER_ROWS = 50  # a page of the register


@dataclass
class RegisterFilters:
    life_event: int | None = None
    mission: int | None = None
    owner: int | None = None


def _latest(field: str):
    newest = BenefitRealisation.objects.filter(benefit=OuterRef("pk")).order_by("-date", "-pk")
    return Subquery(newest.values(field)[:1])


def benefit_register(user, filters: RegisterFilters | None = None):
    """The benefits the user may see (their measures' scope), each with its latest realisation (value and date),
    ordered by measure and indicator: a query the page reads REGISTER_ROWS at a time, with how many there are in
    all. Many-to-many filters select measures by key (no join, no DISTINCT)."""
    filters = filters or RegisterFilters()
    qs = Benefit.objects.visible_to(user)
    if filters.life_event:
        tagged = Measure.life_events.through.objects.filter(lifeevent_id=filters.life_event)
        qs = qs.filter(measure_id__in=tagged.values("measure_id"))
    if filters.mission:
        tagged = Measure.missions.through.objects.filter(mission_id=filters.mission)
        qs = qs.filter(measure_id__in=tagged.values("measure_id"))
    if filters.owner:
        qs = qs.filter(owner_id=filters.owner)
    return (
        qs.select_related("measure", "owner")
        .only(
            "indicator",
            "unit",
            "baseline",
            "expected_value",
            "expected_date",
            "is_disbenefit",
            "is_illustrative",
            "measure__title",
            "owner__name",
            "owner__short_name",
        )
        .annotate(latest_value=_latest("value"), latest_date=_latest("date"))
        .order_by("measure__title", "indicator", "pk")
    )


def register_choices(user) -> dict:
    """The filters' options: life events and missions (shared), and the organisations that own a visible benefit."""
    owners = Benefit.objects.visible_to(user).values("owner_id")
    return {
        "life_events": list(LifeEvent.objects.visible_to(user).only("name_nb", "name_nn", "name_en", "slug")),
        "missions": list(Mission.objects.visible_to(user).only("title")),
        "owners": list(Organisation.objects.filter(pk__in=owners).only("name", "short_name").order_by("name")),
    }


def benefit_with_realisations(benefit: Benefit) -> tuple[Benefit, list[BenefitRealisation]]:
    """One benefit with its measure and actors, and its realisations oldest first (for the table over time)."""
    benefit = Benefit.objects.select_related("measure", "owner", "cost_bearer").get(pk=benefit.pk)
    realisations = list(BenefitRealisation.objects.filter(benefit=benefit).order_by("date", "pk"))
    return benefit, realisations


def _latest_measurement(field: str):
    newest = TargetMeasurement.objects.filter(target=OuterRef("pk")).order_by("-date", "-pk")
    return Subquery(newest.values(field)[:1])


def mission_list(user) -> list[Mission]:
    """The missions (shared goals, every signed-in user reads them), each with its targets and their latest
    measurement: two queries whatever the number of missions and targets."""
    targets = MissionTarget.objects.annotate(
        latest_value=_latest_measurement("value"), latest_date=_latest_measurement("date")
    ).order_by("target_date", "pk")
    missions = Mission.objects.visible_to(user).only("title", "statement", "deadline").order_by("title", "pk")
    missions = list(missions.prefetch_related(Prefetch("targets", queryset=targets)))
    latest = latest_reviews([m.pk for m in missions])
    for mission in missions:
        mission.latest_review = latest.get(mission.pk)
    return missions


def latest_reviews(mission_ids: list[int]) -> dict[int, MissionReview]:
    """The latest quality check of each of these missions (one query; a mission never reviewed has none). Whoever
    sees a mission reads its reviews (MissionReview.objects.visible_to)."""
    if not mission_ids:
        return {}
    reviews = MissionReview.objects.filter(mission_id__in=mission_ids).order_by("mission_id", "-reviewed_at", "-pk")
    return {r.mission_id: r for r in reviews.distinct("mission_id")}


def mission_with_targets(mission: Mission) -> tuple[Mission, list[MissionTarget], dict[int, list]]:
    """One mission with its targets and every target's measurements oldest first (three queries)."""
    targets = list(MissionTarget.objects.filter(mission=mission).order_by("target_date", "pk"))
    measured: dict[int, list] = {t.pk: [] for t in targets}
    for m in TargetMeasurement.objects.filter(target__mission=mission).order_by("date", "pk"):
        measured[m.target_id].append(m)
    return mission, targets, measured


def benefits_serving(targets: list[MissionTarget], user) -> dict[int, list[Benefit]]:
    """The benefits the user may see that serve each of these mission targets (one query, by the link table)."""
    serving: dict[int, list[Benefit]] = {t.pk: [] for t in targets}
    if not targets:
        return serving
    links = (
        Benefit.targets.through.objects.filter(
            missiontarget_id__in=list(serving), benefit_id__in=Benefit.objects.visible_to(user).values("pk")
        )
        .select_related("benefit")
        .only("missiontarget_id", "benefit__indicator")
        .order_by("benefit__indicator", "pk")
    )
    for link in links:
        serving[link.missiontarget_id].append(link.benefit)
    return serving


def targets_of(benefit: Benefit) -> list[MissionTarget]:
    """The mission targets a benefit serves, with their missions' titles (one query)."""
    chosen = MissionTarget.objects.filter(benefits=benefit).select_related("mission")
    return list(chosen.only("indicator", "mission__title").order_by("mission__title", "target_date", "pk"))
