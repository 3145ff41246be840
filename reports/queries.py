"""Reads for reports: the raw rows of a round (constant number of queries). Their versions, what the report page keys
its parts by, are in `data_versions`; the lists of the rounds' and documents' pages in `queries_pages`.

`report_data(round)` returns plain JSON-able rows (numbers as float, dates as ISO strings). A closed round keeps
these rows as its snapshot, so its report never changes when measures are edited later; `round_data(round)`
returns the snapshot of a closed round and the live rows of an open one. pandas is not used here (frames.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from governance.choices import DecisionStatus
from governance.models import AllocationMention, Decision, Funding
from lifeevents.models import LifeEvent, LifeEventPhase, Participation, SupportingActivity
from portfolio.models import Benefit, BenefitRealisation, Dependency, Measure, Mission, MissionTarget, Proposal
from portfolio.models.benefit_plans import BenefitPlanVersion
from portfolio.models.missions import TargetMeasurement

from .choices import StatusReportState
from .models import ReportingRound, StatusReport

# JSON-able values (a closed round's snapshot keeps the rows): numbers as float, dates as ISO strings
_PLAIN = {Decimal: float, date: date.isoformat, datetime: datetime.isoformat}


def _rows(queryset, *fields) -> list[dict]:
    """The rows with their values made plain (`_PLAIN`: the exact types the database driver gives), column by column:
    only the columns of such a type (a column's values are of one type, or None) are looked at row by row."""
    rows = list(queryset.values(*fields))
    for k in rows[0] if rows else ():
        first = next((row[k] for row in rows if row[k] is not None), None)
        if type(first) in _PLAIN:
            for row in rows:
                if (plain := _PLAIN.get(type(v := row[k]))) is not None:
                    row[k] = plain(v)
    return rows


def life_event_selection(life_event) -> list[int] | None:
    """A report's life events: None (all), one life event's id, or the ids of several (a ministry's brief)."""
    if life_event is None:
        return None
    return [int(x) for x in life_event] if isinstance(life_event, (list, tuple, set, frozenset)) else [int(life_event)]


def report_scope(life_event) -> dict[str, Q]:
    """Filters that keep the report of one life event (or of a ministry's life events) to the rows it shows: their
    measures, the measures those depend on or that depend on them (the table of links across life events names both
    ends), and what hangs on those. Without a life event: no filter."""
    events = life_event_selection(life_event)
    if events is None:
        return {}
    own = Measure.life_events.through.objects.filter(lifeevent_id__in=events).values("measure_id")
    # and the other end of each link with one end in the life event's measures
    ends = (Dependency.objects.filter(from_measure__in=own).values("to_measure"),
            Dependency.objects.filter(to_measure__in=own).values("from_measure"))  # fmt: skip

    def of(field: str) -> Q:  # the rows whose measure (`field`) is one of those
        return Q(**{f"{field}__in": own}) | Q(**{f"{field}__in": ends[0]}) | Q(**{f"{field}__in": ends[1]})

    return {
        "measure": of("pk"),
        "measure_id": of("measure_id"),
        "funding": Q(life_event_id__in=events) | of("measure_id"),
        "benefit": of("benefit__measure_id"),
        "life_event": Q(life_event_id__in=events),
        "lifeevent": Q(lifeevent_id__in=events),
        "mission": Q(mission__life_events__in=events),
        "target": Q(target__mission__life_events__in=events),
        "dependency": Q(from_measure_id__in=own) | Q(to_measure_id__in=own),
    }


def round_reports(round: ReportingRound | int, scope: dict[str, Q]):
    """The status reports `report_data` reads: the round's submitted ones (drafts being written change nothing) of
    the measures of its scope (`report_scope`); the rows that its version `EXACT["status_reports"]` is of too."""
    return StatusReport.objects.filter(scope.get("measure_id", Q()), round=round, state=StatusReportState.SUBMITTED)


def report_data(
    round: ReportingRound, life_event: int | list[int] | None = None, keys: Collection[str] | None = None
) -> dict:
    """Every row the report needs, in about twenty queries whatever the size of the portfolio; with a life event
    (or a list of them: a ministry's brief), only the rows of that report (`report_scope`); with `keys`, only those of
    its rows (one query each: the report page reads only what its stale parts show, reports/report_page.py)."""
    data = {"as_of": timezone.now().isoformat()}
    data.update((k, read()) for k, read in _readers(round, life_event).items() if keys is None or k in keys)
    return data


def _readers(round: ReportingRound, life_event) -> dict[str, Callable[[], list[dict]]]:
    """`report_data`'s rows by name, each read when called."""
    scope = report_scope(life_event)

    def only(key: str) -> Q:
        return scope.get(key, Q())

    mentions = AllocationMention.objects.filter(only("life_event"))
    return {
        "life_events": lambda: _rows(
            LifeEvent.objects.order_by("sort_order", "name_nb"),
            "id",
            "slug",
            "name_nb",
            "name_nn",
            "name_en",
            "owner_ministry_id",
            "owner_ministry__name",
            "funding_status",
            "funding_summary",
        ),
        "phases": lambda: _rows(LifeEventPhase.objects.all(), "life_event_id", "phase", "start_date", "end_date"),
        "measures": lambda: _rows(
            Measure.objects.filter(only("measure")).order_by("title"),
            "id",
            "title",
            "kind",
            "status",
            "owner_id",
            "owner__name",
            "budget",
        ),
        "measure_life_events": lambda: _rows(
            Measure.life_events.through.objects.filter(only("measure_id")), "measure_id", "lifeevent_id"
        ),
        "status_reports": lambda: _rows(
            round_reports(round, scope),
            "measure_id",
            "traffic",
            "progress",
            "phase",
            "spent",
            "budget",
            "risks",
            "needs_from_ministries",
            "indicator_values",
        ),
        "fundings": lambda: _rows(
            Funding.objects.filter(only("funding")),
            "id",
            "source__name",
            "measure_id",
            "life_event_id",
            "year",
            "amount",
            "status",
        ),
        "benefits": lambda: _rows(
            Benefit.objects.filter(only("measure_id")),
            "id",
            "measure_id",
            "indicator",
            "unit",
            "baseline",
            "expected_value",
            "owner__name",
            "owner__kind",
            "cost_bearer__name",
            "is_disbenefit",
            "annual_value_nok",
            "annual_cost_nok",
        ),
        "realisations": lambda: _rows(
            BenefitRealisation.objects.filter(only("benefit")).order_by("benefit_id", "-date").distinct("benefit_id"),
            "benefit_id",
            "value",
        ),
        "plan_versions": lambda: _rows(
            BenefitPlanVersion.objects.filter(only("measure_id")).order_by("measure_id", "number"),
            "measure_id",
            "number",
            "date",
            "reason",
        ),
        "missions": lambda: _rows(
            Mission.life_events.through.objects.filter(only("lifeevent")),
            "mission_id",
            "mission__title",
            "lifeevent_id",
        ),
        "targets": lambda: _rows(
            MissionTarget.objects.filter(only("mission")).distinct(),
            "id",
            "mission_id",
            "indicator",
            "unit",
            "baseline",
            "target_value",
            "target_date",
        ),
        "measurements": lambda: _rows(
            TargetMeasurement.objects.filter(only("target")).order_by("target_id", "-date").distinct("target_id"),
            "target_id",
            "value",
            "date",
        ),
        "decisions": lambda: _rows(
            Decision.objects.filter(status=DecisionStatus.AWAITING_STEERING),
            "id",
            "date",
            "subject",
            "outcome",
            "measure_id",
            "proposal_id",
            "allocation_year",
        ),
        "decision_ministries": lambda: _rows(
            Decision.ministries.through.objects.filter(decision__status=DecisionStatus.AWAITING_STEERING),
            "decision_id",
            "organisation__name",
        ),
        "decision_proposal_life_events": lambda: _rows(
            Proposal.life_events.through.objects.filter(
                proposal__decisions__status=DecisionStatus.AWAITING_STEERING
            ).distinct(),
            "proposal_id",
            "lifeevent_id",
        ),
        "mentions": lambda: _rows(
            mentions.order_by("life_event__sort_order", "sort_order", "pk"),
            "letter__year",
            "letter__ministry__name",
            "letter__agency__name",
            "letter__agency__short_name",
            "life_event_id",
            "life_event__sort_order",
            "sort_order",
            "value",
            "raw_text",
            "assignment",
            "notice",
            "actor_role",
            "note",
        ),
        "supporting_activities": lambda: _rows(
            SupportingActivity.objects.filter(only("life_event")).order_by("life_event__sort_order", "pk"),
            "life_event_id",
            "name",
            "owner__name",
            "phase",
        ),
        "participations": lambda: _rows(
            Participation.objects.filter(only("life_event")).order_by("life_event__sort_order", "pk"),
            "life_event_id",
            "organisation__name",
            "organisation__kind",
            "role",
            "involvement",
        ),
        "dependencies": lambda: _rows(
            Dependency.objects.filter(only("dependency")), "from_measure_id", "to_measure_id", "kind"
        ),
        "proposal_counts": lambda: _rows(
            Proposal.life_events.through.objects.filter(only("lifeevent"))
            .values("lifeevent_id", "proposal__status")
            .annotate(n=Count("pk")),
            "lifeevent_id",
            "proposal__status",
            "n",
        ),
    }


def ministry_life_event_ids(ministry_id: int) -> list[int]:
    """The life events of a ministry's brief: those it owns or takes part in, in Table 1's order."""
    return list(LifeEvent.objects.of_ministry(ministry_id).order_by("sort_order", "pk").values_list("pk", flat=True))


def round_data(round: ReportingRound, life_event: int | list[int] | None = None) -> dict:
    """A closed round's snapshot (all of it), or the live rows of an open round (of its life events, if given)."""
    return round.snapshot if round.snapshot else report_data(round, life_event)
