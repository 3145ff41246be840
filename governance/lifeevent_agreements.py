"""What the collaboration agreement and the generation plan add to a life event's page (`core.extensions`; the
lifeevents app imports no governance module): the agreement's current version with how many parties confirmed,
the version in force and its PDF, and the generations when the life event plans in generations. One query each
(the generations' only when it plans in generations)."""

from __future__ import annotations

from functools import cache

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from core import extensions

from .agreement_models import AgreementStatus, AgreementVersion, CollaborationAgreement
from .generation_models import Generation


@extensions.provides("lifeevents.life_event_page_flags")
def agreement_flag() -> dict:
    """Read with the life event of its page: whether it has a collaboration agreement (none: no query for it)."""
    return {"has_agreement": Exists(CollaborationAgreement.objects.filter(life_event=OuterRef("pk")))}


def agreement_summary(event, user) -> dict | None:
    """The newest version the user may see and, when another one, the version in force; None without an agreement
    (no query for a life event read with `has_agreement` false)."""
    if not getattr(event, "has_agreement", True):
        return None
    versions = list(summary_versions().visible_to(user).filter(agreement__life_event=event))
    if not versions:
        return None
    newest = versions[0]
    in_force = next((v for v in versions if v.status == AgreementStatus.IN_FORCE), None)
    return {"agreement": newest.agreement, "newest": newest, "in_force": in_force if in_force is not newest else None}


@cache
def summary_versions() -> QuerySet:
    """What `agreement_summary` reads of an agreement's versions, before it picks them (the user's policy and the
    life event are filtered on each time): newest first, with how many parties each has and how many confirmed.
    Built once and never evaluated itself: its expressions hold no value of a request or a user, and a filter on it
    makes a new query (Django clones it), so a page no longer builds and resolves them."""
    return (
        AgreementVersion.objects.select_related("agreement")
        .annotate(
            party_count=Count("parties", distinct=True),
            confirmed_count=Count("parties", filter=Q(parties__response__kind="confirmed"), distinct=True),
        )
        .order_by("-number")
        .only("number", "status", "sent_at", "in_force_at", "is_illustrative", "agreement__title")
    )


@extensions.provides("lifeevents.life_event_page", order=60)
def life_event_parts(event, user) -> dict:
    generations = []
    if event.plans_in_generations:
        generations = list(
            Generation.objects.visible_to(user)
            .filter(life_event=event)
            .order_by("number")
            .only("number", "name", "start_year", "end_year", "state", "concept", "legacy", "is_illustrative")
        )
    return {"agreement": agreement_summary(event, user), "generations": generations}
