"""Reads of the benefit register (step 5): the benefits a user may see with their latest realisation, filtered by
life event, mission or owner, and one benefit with its realisations over time. A constant number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import OuterRef, Subquery

from core.models import Organisation
from lifeevents.models import LifeEvent

from ..models import Benefit, BenefitRealisation, Measure, Mission

REGISTER_ROWS = 200


@dataclass
class RegisterFilters:
    life_event: int | None = None
    mission: int | None = None
    owner: int | None = None


def _latest(field: str):
    newest = BenefitRealisation.objects.filter(benefit=OuterRef("pk")).order_by("-date", "-pk")
    return Subquery(newest.values(field)[:1])


def benefit_register(user, filters: RegisterFilters | None = None) -> list[Benefit]:
    """The benefits the user may see (their measures' scope), each with its latest realisation (value and date),
    ordered by measure and indicator. Many-to-many filters select measures by key (no join, no DISTINCT)."""
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
    return list(
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
        .order_by("measure__title", "indicator", "pk")[:REGISTER_ROWS]
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
