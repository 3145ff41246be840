"""What portfolio adds to the life events' pages (through `core.extensions`; lifeevents imports no portfolio module):
a life event's missions and measures, an actor's measures and proposals, and the measure count of each life event.
Each reads through `visible_to(user)`, in a fixed number of queries."""

from __future__ import annotations

from functools import cache

from django.db.models import Case, Count, Exists, FilteredRelation, OuterRef, Q, QuerySet, Subquery, When
from django.utils import dateformat
from django.utils.formats import get_format
from django.utils.html import escape
from django.utils.translation import gettext

from core import extensions
from core.links import row_url
from core.models import Organisation
from core.rows import choice_labels, with_joined
from core.templatetags.core import money
from lifeevents.figures import NOT_IN_PORTFOLIO

from ..choices import BuildingBlockStage, MeasureKind, MeasureStatus, ProposalStatus
from ..models import Measure, Mission, Proposal, TargetMeasurement

MEASURE_ROWS = 25  # measures listed on a life event's page; the measure list has them all
OPEN_MEASURE = ("ongoing", "planned")  # listed first
EVENT_MEASURE_FIELDS = ("title", "kind", "status", "stage", "budget", "is_illustrative", "owner_id", "owner__name",
                        "owner__short_name")  # what a life event's page shows of a measure  # fmt: skip
ORGANISATION_ROWS = 50  # an actor's measures and proposals, as a list page


def event_measures(event, user):
    """The life event's measures the user may see: those in the portfolio (`figures.measure_count`), as pks."""
    return Measure.objects.visible_to(user).filter(life_events=event).active().values("pk")


@extensions.provides("lifeevents.measure_counts")
def measure_counts(user) -> dict[int, int]:
    """{life event pk: its measures in the portfolio the user may see}, in one query."""
    links = Measure.life_events.through.objects.filter(measure_id__in=Measure.objects.visible_to(user).active())
    return dict(links.values("lifeevent_id").annotate(n=Count("measure_id")).values_list("lifeevent_id", "n"))


@extensions.provides("lifeevents.life_event_page_flags")
def mission_flag() -> dict:
    """Read with the life event of its page: whether any mission is linked to it (none: no query for them)."""
    return {"has_missions": Exists(Mission.life_events.through.objects.filter(lifeevent_id=OuterRef("pk")))}


@extensions.provides("lifeevents.life_event_page")
def life_event_parts(event, user) -> dict:
    """The missions (with their targets, each with its latest measurement), and the first MEASURE_ROWS measures in
    the portfolio (ongoing and planned first) with their total and the terminated ones counted apart, in one query."""
    rows = list(event_measure_rows().visible_to(user).filter(life_events=event)[:MEASURE_ROWS])
    # terminated last: the rows before them are the first MEASURE_ROWS in the portfolio
    # The rows as the page prints them: links reversed once per page, labels looked up (and escaped) once per page
    measure_url, owner_url = row_url("portfolio:measure_detail"), row_url("lifeevents:organisation_detail")
    kinds, statuses, stages = (
        {value: escape(label) for value, label in choice_labels(choices).items()}
        for choices in (MeasureKind, MeasureStatus, BuildingBlockStage)
    )
    measures = []
    for pk, title, kind, status, stage, budget, illustrative, owner, name, short_name, open_, *_counts in rows:
        if open_ == 2:  # terminated: counted apart, not listed
            continue
        measures.append(
            {"url": measure_url(pk), "title": title, "illustrative": illustrative, "kind": kinds.get(kind, kind),
             "status": statuses.get(status, status), "stage": stages.get(stage, stage), "owner_url": owner_url(owner),
             "owner": Organisation.label_of(short_name, name),
             "budget": money(budget)}
        )  # fmt: skip
    measure_total, terminated_total = rows[0][-2:] if rows else (0, 0)
    return {
        "missions": event_missions(event, user) if getattr(event, "has_missions", True) else [],
        "measures": measures,
        "measure_total": measure_total,  # `figures.measure_count`: not terminated
        "terminated_total": terminated_total,  # `figures.terminated_count`: shown apart
    }


@cache
def event_measure_rows() -> QuerySet:
    """What a life event's page reads of its measures, before it picks them (the user's policy and the life event are
    filtered on each time): the columns it shows, ongoing and planned first, with the counts of all of them
    (`with_portfolio_counts`: window counts over the rows the filters leave). Built once and never evaluated itself:
    its expressions hold no value of a request or a user, and a filter on it makes a new query (Django clones it),
    so a page no longer builds and resolves them."""
    return (
        Measure.objects.with_portfolio_counts()
        .annotate(open=open_first())
        .order_by("open", "status", "title", "pk")
        .values_list("pk", *EVENT_MEASURE_FIELDS, "open", "measure_total", "terminated_total")
    )


@cache
def open_first() -> Case:
    """The first key of a life event's measures' order: 0 ongoing and planned, 2 terminated (counted apart), 1 the
    rest. Built once: an expression with no value of a request (Django copies it where a query uses it)."""
    return Case(When(status__in=OPEN_MEASURE, then=0), When(status__in=NOT_IN_PORTFOLIO, then=2), default=1)


def event_missions(event, user) -> list[Mission]:
    """The life event's missions the user may see, by title, each with its targets (`target_list`, by target date)
    and each target with its latest measurement (`latest_value`, `latest_date`: all the page shows of the series), in
    one query: a mission's row joined to each of its targets (a LEFT JOIN: a mission without targets has one row)."""
    rows = mission_rows().visible_to(user).filter(life_events=event)

    def latest_of(target, row) -> None:
        target.latest_value, target.latest_date = row.latest_value, row.latest_date

    return with_joined(rows, "target", "target_list", latest_of)


@cache
def mission_rows() -> QuerySet:
    """What `event_missions` reads, before it picks a life event's missions (the user's policy and the life event are
    filtered on each time): each mission joined to each of its targets, with the target's latest measurement. Built
    once and never evaluated itself: its expressions hold no value of a request or a user, and a filter on it makes
    a new query (Django clones it)."""
    latest = TargetMeasurement.objects.filter(target_id=OuterRef("target__pk")).order_by("-date", "-pk")
    return (
        Mission.objects.annotate(target=FilteredRelation("targets"))
        .annotate(latest_value=Subquery(latest.values("value")[:1]), latest_date=Subquery(latest.values("date")[:1]))
        .select_related("target")
        .order_by("title", "pk", "target__target_date", "target__pk")
    )


@extensions.provides("lifeevents.organisation_page")
def organisation_parts(organisation, user) -> dict:
    """The measures the actor owns or takes part in and its proposals, the first ORGANISATION_ROWS of each."""
    taking_part = Measure.participants.through.objects.filter(organisation=organisation).values("measure_id")
    measures = list(
        Measure.objects.visible_to(user)
        .filter(Q(owner=organisation) | Q(pk__in=taking_part))  # no DISTINCT over a join
        .order_by("title", "pk")
        .values_list("pk", "title", "status", "budget", "owner_id", "is_illustrative")[: ORGANISATION_ROWS + 1]
    )
    proposals = list(
        Proposal.objects.visible_to(user)
        .filter(organisation=organisation)
        .order_by("-created_at", "-pk")
        .values_list("pk", "title", "status", "created_at__date", "is_illustrative")[: ORGANISATION_ROWS + 1]
    )
    # The rows as the page prints them: links reversed once per page, labels looked up once per page, the date
    # registered in the current time zone (as the template's `date` filter showed it)
    measure_url, proposal_url = row_url("portfolio:measure_detail"), row_url("portfolio:proposal_detail")
    roles = {True: gettext("Owner"), False: gettext("Participant")}
    measure_status, proposal_status = choice_labels(MeasureStatus), choice_labels(ProposalStatus)
    short_date, days = get_format("SHORT_DATE_FORMAT"), {}  # each day formatted once (a page's proposals share days)
    measures = [
        {"url": measure_url(pk), "title": title, "illustrative": illustrative, "role": roles[owner == organisation.pk],
         "status": measure_status.get(status, status), "budget": money(budget)}
        for pk, title, status, budget, owner, illustrative in measures
    ]  # fmt: skip
    proposals = [
        {"url": proposal_url(pk), "title": title, "illustrative": illustrative,
         "status": proposal_status.get(status, status),
         "created": days.get(created) or days.setdefault(created, dateformat.format(created, short_date))}
        for pk, title, status, created, illustrative in proposals
    ]  # fmt: skip
    return {
        "measures": measures[:ORGANISATION_ROWS],
        "proposals": proposals[:ORGANISATION_ROWS],
        "more_measures": len(measures) > ORGANISATION_ROWS,
        "more_proposals": len(proposals) > ORGANISATION_ROWS,
    }
