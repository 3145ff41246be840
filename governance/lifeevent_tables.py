"""DFØ's Tables 3 and 4 (allocation-letter coverage, funding of each life event), and what governance adds to the
life events' pages through `core.extensions` (lifeevents imports no governance module): a life event's funding by
year and source, its allocation-letter coverage and its governance bodies, and the allocation overview's tables."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, FilteredRelation, OuterRef, Prefetch, Q

from core import extensions
from core.rows import with_joined
from lifeevents import figures
from lifeevents.models import LifeEvent
from portfolio.queries.lifeevents import event_measures

from .models import AllocationMention, Funding, GovernanceBody

# What a life event's page shows of its Table 3 rows (the agency's label, not the life event or the ministry)
EVENT_MENTION_FIELDS = ("life_event", "value", "raw_text", "assignment", "notice", "actor_role", "note",
                        "letter__agency__name", "letter__agency__short_name")  # fmt: skip


@dataclass
class AllocationTable:
    rows: list
    mentioned: int
    assignments: int
    notices: int


def allocation_table(year: int, life_event: LifeEvent | None = None) -> AllocationTable:
    """Table 3: allocation-letter mentions per life event and agency, in the table's order, with the sum row. With a
    life event: its rows, of the columns its page shows (the agency, not the life event or the ministry)."""
    mentions = AllocationMention.objects.filter(letter__year=year)
    if life_event is None:
        mentions = mentions.select_related("life_event", "letter__agency", "letter__ministry").order_by(
            "life_event__sort_order", "sort_order", "pk"
        )
    else:
        mentions = (
            mentions.filter(life_event=life_event)
            .select_related("letter__agency")
            .only(*EVENT_MENTION_FIELDS)
            .order_by("sort_order", "pk")
        )
    rows = list(mentions)
    sums = figures.allocation_sums(
        {"raw_text": m.raw_text, "value": m.value, "assignment": m.assignment, "notice": m.notice} for m in rows
    )
    return AllocationTable(rows=rows, **sums)


def funding_table():
    """Table 4: is the work on each life event funded, as stated, with the sources behind it."""
    return LifeEvent.objects.order_by("sort_order").prefetch_related(
        Prefetch(
            "fundings",
            queryset=Funding.objects.filter(measure__isnull=True).select_related("source").order_by("pk"),
            to_attr="own_fundings",
        )
    )


@extensions.provides("lifeevents.life_event_page_flags")
def life_event_flags() -> dict:
    """Read with the life event of its page: whether it has any funding (its own or its measures'), any
    allocation-letter mention and any governance body; a part without any reads no query."""
    return {
        "has_funding": Exists(
            Funding.objects.filter(Q(life_event=OuterRef("pk")) | Q(measure__life_events=OuterRef("pk")))
        ),
        "has_mentions": Exists(AllocationMention.objects.filter(life_event=OuterRef("pk"))),
        "has_bodies": Exists(GovernanceBody.life_events.through.objects.filter(lifeevent_id=OuterRef("pk"))),
    }


@extensions.provides("lifeevents.life_event_page")
def life_event_parts(event, user) -> dict:
    """Funding by year, source and status (the life event's own, and its measures' summed: figures, one query),
    the allocation-letter coverage of 2020, and the governance bodies; each skipped when the life event's flag
    (`life_event_flags`, read with it) says it has none."""
    fundings = []
    if getattr(event, "has_funding", True):
        fundings = figures.funding_by_year_and_source(
            Funding.objects.filter(
                Q(life_event=event, measure__isnull=True) | Q(measure_id__in=event_measures(event, user))
            ).values("id", "year", "source__name", "status", "measure_id", "amount", "is_illustrative")
        )
    status_labels = dict(Funding._meta.get_field("status").choices)
    for row in fundings:
        row["status_label"] = status_labels.get(row["status"], "")
    return {
        "fundings": fundings,
        "allocation": allocation_table(2020, life_event=event)
        if getattr(event, "has_mentions", True)
        else AllocationTable(rows=[], mentioned=0, assignments=0, notices=0),
        "bodies": event_bodies(event) if getattr(event, "has_bodies", True) else [],
    }


def event_bodies(event) -> list[GovernanceBody]:
    """The life event's governance bodies, by name, each with its members (`member_list`, as registered, with their
    organisation), in one query: a body's row joined to each of its memberships (a LEFT JOIN: a body without members
    has one row)."""
    rows = (
        GovernanceBody.objects.filter(life_events=event)
        .annotate(member=FilteredRelation("memberships"))
        .select_related("member__organisation")
        .order_by("name", "pk", "member__pk")
    )
    return with_joined(rows, "member", "member_list")


@extensions.provides("lifeevents.allocation_overview")
def allocation_overview_parts(year: int, user) -> dict:
    """DFØ's allocation-letter overview: Table 3 of the year and Table 4 of the life events the user may see."""
    return {
        "table": allocation_table(year),
        "funding": funding_table().filter(pk__in=LifeEvent.objects.visible_to(user)),
    }
