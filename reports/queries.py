"""Reads for reports: the raw rows of a round (constant number of queries) and the pages' lists.

`report_data(round)` returns plain JSON-able rows (numbers as float, dates as ISO strings). A closed round keeps
these rows as its snapshot, so its report never changes when measures are edited later; `round_data(round)`
returns the snapshot of a closed round and the live rows of an open one. pandas is not used here (frames.py).
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Collection
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import connection, models
from django.db.models import Count, Q
from django.db.models.fields.json import KeyTextTransform
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from core import access, export
from core.dashboard import read_once
from core.models import Organisation
from governance.choices import DecisionStatus
from governance.models import AllocationLetter, AllocationMention, Decision, Funding, FundingSource
from lifeevents import figures
from lifeevents.models import LifeEvent, LifeEventPhase, Participation, SupportingActivity
from portfolio.models import Benefit, BenefitRealisation, Dependency, Measure, Mission, MissionTarget, Proposal
from portfolio.models.benefit_plans import BenefitPlanVersion
from portfolio.models.missions import TargetMeasurement

from .choices import StatusReportState
from .models import GeneratedReport, ReportingRound, StatusReport

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


def _scope(life_event) -> dict[str, Q]:
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


def _round_reports(round: ReportingRound | int, scope: dict[str, Q]):
    """The status reports `report_data` reads: the round's submitted ones (drafts being written change nothing) of
    the measures of its scope (`_scope`); the rows that its version `EXACT["status_reports"]` is of too."""
    return StatusReport.objects.filter(scope.get("measure_id", Q()), round=round, state=StatusReportState.SUBMITTED)


def report_data(
    round: ReportingRound, life_event: int | list[int] | None = None, keys: Collection[str] | None = None
) -> dict:
    """Every row the report needs, in about twenty queries whatever the size of the portfolio; with a life event
    (or a list of them: a ministry's brief), only the rows of that report (`_scope`); with `keys`, only those of
    its rows (one query each: the report page reads only what its stale parts show, reports/report_page.py)."""
    data = {"as_of": timezone.now().isoformat()}
    data.update((k, read()) for k, read in _readers(round, life_event).items() if keys is None or k in keys)
    return data


def _readers(round: ReportingRound, life_event) -> dict[str, Callable[[], list[dict]]]:
    """`report_data`'s rows by name, each read when called."""
    scope = _scope(life_event)

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
            _round_reports(round, scope),
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


# The columns `report_data` reads of each table (selected, joined, filtered and ordered on), by field name: what
# `report_data_versions` hashes table by table. tests/reports/test_report_page_body.py checks it against report_data's
# SQL, so a column added to the report and not here fails a test rather than leaving a report page stale. The
# status reports and the proposals are not here: the rows of `EXACT`, versioned by those rows alone.
REPORT_COLUMNS = {
    LifeEvent: ("id", "slug", "name_nb", "name_nn", "name_en", "owner_ministry", "funding_status", "funding_summary",
                "sort_order"),
    Organisation: ("id", "name", "short_name", "kind"),
    LifeEventPhase: ("life_event", "phase", "start_date", "end_date"),
    Measure: ("id", "title", "kind", "status", "owner", "budget"),
    Measure.life_events.through: ("measure", "lifeevent"),
    Funding: ("id", "source", "measure", "life_event", "year", "amount", "status"),
    FundingSource: ("id", "name"),
    Benefit: ("id", "measure", "indicator", "unit", "baseline", "expected_value", "owner", "cost_bearer",
              "is_disbenefit", "annual_value_nok", "annual_cost_nok"),
    BenefitRealisation: ("benefit", "date", "value"),
    BenefitPlanVersion: ("measure", "number", "date", "reason"),
    Mission: ("id", "title"),
    Mission.life_events.through: ("mission", "lifeevent"),
    MissionTarget: ("id", "mission", "indicator", "unit", "baseline", "target_value", "target_date"),
    TargetMeasurement: ("target", "date", "value"),
    Decision: ("id", "date", "subject", "outcome", "measure", "proposal", "allocation_year", "status"),
    Decision.ministries.through: ("decision", "organisation"),
    AllocationLetter: ("id", "year", "ministry", "agency"),
    AllocationMention: ("id", "letter", "life_event", "sort_order", "value", "raw_text", "assignment", "notice",
                        "actor_role", "note"),
    SupportingActivity: ("id", "life_event", "name", "owner", "phase"),
    Participation: ("id", "life_event", "organisation", "role", "involvement"),
    Dependency: ("from_measure", "to_measure", "kind"),
}  # fmt: skip
# Of the status reports, only the round's submitted ones are read (drafts being written change nothing): `EXACT`
ROUND_COLUMNS = ("measure", "traffic", "progress", "phase", "spent", "budget", "risks",
                 "needs_from_ministries", "indicator_values")  # fmt: skip


def _hashed_fields(model, names) -> list:
    """The primary key and the fields `names` of `model`, once each."""
    return list(dict.fromkeys([model._meta.pk, *(model._meta.get_field(n) for n in names)]))


def _row_hash(model, names) -> str:
    """SQL: a 64-bit hash of a row's primary key and its columns `names`, chained column by column, each by the hash
    function of its type: integers (and keys) as integers, amounts as numbers (not their text, which costs most of a
    table's hashing), booleans and dates as integers, the rest as their text; NULL as a value of its own (an integer
    no key, year, count, day or flag takes, NaN that no amount is, `quote_nullable`)."""
    expr = "0"
    for field in _hashed_fields(model, names):
        column = f'"{field.column}"'
        if isinstance(field.target_field if field.is_relation else field, models.IntegerField):
            value = f"coalesce({column}, -9223372036854775808)" if field.null else column
            expr = f"hashint8extended({value}, {expr})"
        elif isinstance(field, models.DecimalField):
            value = f"coalesce({column}, 'NaN'::numeric)" if field.null else column
            expr = f"hash_numeric_extended({value}, {expr})"
        elif isinstance(field, (models.BooleanField, models.DateField)) and not isinstance(field, models.DateTimeField):
            value = f"{column}::int" if isinstance(field, models.BooleanField) else f"({column} - DATE '2000-01-01')"
            value = f"coalesce({value}, -2147483648)" if field.null else value
            expr = f"hashint4extended({value}, {expr})"
        else:
            value = f"quote_nullable({column})" if field.null else f"{column}::text"
            expr = f"hashtextextended({value}, {expr})"
    return expr


def _digest(hashed: str, rows: str) -> str:
    """SQL: the number of `rows` (FROM …) and the sum of the hash of each (a sum does not depend on their order)."""
    return f"(SELECT count(*) || '.' || coalesce(sum({hashed}), 0) FROM {rows})"  # noqa: S608 (our own SQL)


# The rows of `report_data` versioned by exactly the rows read (of the report's life events alone), not by whole
# tables: what is written all the time while a round is open (status reports, proposals), of which the report of a
# life event reads little (tests/reports/test_report_page_body.py checks that each version changes with each kind of
# change to its rows, of one life event, of several and of all, and only with those):
# - the status reports `report_data` reads (`_round_reports`: the round's submitted ones of the measures of
#   `_scope`), their columns the report reads: the SQL of that query, so the scope is written once;
# - the number of proposals of each of the life events and status: the sum, over the links of a proposal to a
#   life event, of a hash of the life event and the proposal's status (a function of those numbers); of all life
#   events, the versions of the two tables (the proposals' status, the links), cheaper than their join;
# - the links to life events of the proposals with a decision awaiting the steering group.
_LINK, _PROPOSAL, _DECISION = (m._meta.db_table for m in (Proposal.life_events.through, Proposal, Decision))


def _status_reports_version(round: ReportingRound, events: list[int] | None) -> tuple[str, tuple]:
    """SQL and its parameters: the version of the rows of `_round_reports` (of `events`, or of all)."""
    return _status_reports_sql(round.pk, None if events is None else tuple(events))


@functools.lru_cache(maxsize=1024)
def _status_reports_sql(round_id: int, events: tuple[int, ...] | None) -> tuple[str, tuple]:
    """(A function of its arguments alone: the query compiled once per round and life events, not per request.)"""
    rows = _round_reports(round_id, _scope(events)).order_by()
    rows = rows.values_list(*(field.attname for field in _hashed_fields(StatusReport, ROUND_COLUMNS)))
    sql, params = rows.query.sql_with_params()
    return _digest(_row_hash(StatusReport, ROUND_COLUMNS), f"({sql}) s"), tuple(params)


def _proposal_counts_version(round: ReportingRound, events: list[int] | None) -> tuple[str, list]:
    if events is None:  # of all life events: the two tables, cheaper than a join
        return " || ',' || ".join(_digest(_row_hash(model, names), f'"{model._meta.db_table}"') for model, names in (
            (Proposal, ("status",)), (Proposal.life_events.through, ("proposal", "lifeevent")))), []  # fmt: skip
    rows = f'"{_LINK}" l JOIN "{_PROPOSAL}" p ON p."id" = l."proposal_id" WHERE l."lifeevent_id" = ANY(%s)'
    return _digest('hashtextextended(p."status", l."lifeevent_id")', rows), [events]


def _decision_life_events_version(round: ReportingRound, events: list[int] | None) -> tuple[str, list]:
    rows = (
        f'"{_LINK}" l WHERE l."proposal_id" IN (SELECT d."proposal_id" FROM "{_DECISION}" d '  # noqa: S608
        f'WHERE d."status" = %s)'
    )
    return _digest('hashint8extended(l."lifeevent_id", l."proposal_id")', rows), [DecisionStatus.AWAITING_STEERING]


EXACT = {
    "status_reports": _status_reports_version,
    "proposal_counts": _proposal_counts_version,
    "decision_proposal_life_events": _decision_life_events_version,
}


@functools.cache
def _tables_sql() -> str:
    """For each table of `REPORT_COLUMNS`, its number of rows and the sum of each row's hash (`_row_hash`)."""
    return ", ".join(
        _digest(_row_hash(model, names), f'"{model._meta.db_table}"') for model, names in REPORT_COLUMNS.items()
    )


def report_data_versions(round: ReportingRound, life_event=None) -> dict:
    """The versions of the rows `report_data(round, life_event)` reads, in one query: of each table (by model), a
    version that changes when a column the report reads changes, however it was written (a service, `update()`, a
    shell, raw SQL), and stays the same when only other columns change; and of the `EXACT` rows (by name), of those
    rows of `life_event` alone (another life event's status report or draft, a draft status report change nothing).
    What the report page keys each part of its body by (`version_of`)."""
    events = life_event_selection(life_event)
    parts, params = [_tables_sql()], []
    for version in EXACT.values():
        sql, values = version(round, events)
        parts.append(sql)
        params += values
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    return dict(zip([*REPORT_COLUMNS, *EXACT], row, strict=True))


def version_of(versions: dict, rows: Collection[str]) -> str:
    """The version of the rows named (of `report_data`): of their `EXACT` rows and of the tables the others read
    (`REPORT_TABLES`), of `report_data_versions`."""
    tables = {model for name in rows if name not in EXACT for model in REPORT_TABLES[name]}
    exact = sorted(name for name in rows if name in EXACT)
    return digest_of([*(versions[name] for name in exact),
                      *(versions[m] for m in sorted(tables, key=lambda m: m._meta.db_table))])  # fmt: skip


def report_data_version(round: ReportingRound, life_event=None) -> str:
    """The version of every row `report_data(round, life_event)` reads (all the versions in one)."""
    return version_of(report_data_versions(round, life_event), [*REPORT_TABLES, *EXACT])


def digest_of(versions) -> str:
    return hashlib.md5(",".join(versions).encode(), usedforsecurity=False).hexdigest()


# The tables each of `report_data`'s other rows reads (selected, joined, filtered on; with a life event, through
# `_scope`): a part of the report page built from some of the rows is keyed by the versions of these tables and of
# its `EXACT` rows alone. tests/reports/test_report_page_body.py checks each against the SQL of its query.
_MEASURE_SCOPE = (Measure, Measure.life_events.through, Dependency)
_MISSION_SCOPE = (Mission, Mission.life_events.through)
REPORT_TABLES = {
    "life_events": (LifeEvent, Organisation),
    "phases": (LifeEventPhase, LifeEvent),
    "measures": (*_MEASURE_SCOPE, Organisation),
    "measure_life_events": _MEASURE_SCOPE,
    "fundings": (*_MEASURE_SCOPE, Funding, FundingSource),
    "benefits": (*_MEASURE_SCOPE, Benefit, Organisation),
    "realisations": (*_MEASURE_SCOPE, Benefit, BenefitRealisation),
    "plan_versions": (*_MEASURE_SCOPE, BenefitPlanVersion),
    "missions": _MISSION_SCOPE,
    "targets": (*_MISSION_SCOPE, MissionTarget),
    "measurements": (*_MISSION_SCOPE, MissionTarget, TargetMeasurement),
    "decisions": (Decision,),
    "decision_ministries": (Decision, Decision.ministries.through, Organisation),
    "mentions": (AllocationMention, AllocationLetter, Organisation, LifeEvent),
    "supporting_activities": (SupportingActivity, Organisation, LifeEvent),
    "participations": (Participation, Organisation, LifeEvent),
    "dependencies": _MEASURE_SCOPE,
}


def ministry_life_event_ids(ministry_id: int) -> list[int]:
    """The life events of a ministry's brief: those it owns or takes part in, in Table 1's order."""
    return list(LifeEvent.objects.of_ministry(ministry_id).order_by("sort_order", "pk").values_list("pk", flat=True))


def round_data(round: ReportingRound, life_event: int | list[int] | None = None) -> dict:
    """A closed round's snapshot (all of it), or the live rows of an open round (of its life events, if given)."""
    return round.snapshot if round.snapshot else report_data(round, life_event)


# ---- pages --------------------------------------------------------------------------------------------------


COMPLETENESS_COLUMNS = [  # the round page's completeness table, downloaded (core.export)
    export.Column(_("Organisation"), lambda r: r["owner__name"]),
    export.Column(_("Measures"), lambda r: r["due"]),
    export.Column(_("Submitted"), lambda r: r["submitted"]),
    export.Column(_("Missing"), lambda r: r["missing"]),
]


def round_completeness(round: ReportingRound) -> list[dict]:
    """Per owner organisation: measures due, reports submitted, and the reports it still owes
    (`figures.reports_owed`, as `missing`): what the office chases and what the reminders count."""
    measures = round_measures(round)
    rows = (
        measures.values("owner_id", "owner__name")
        .annotate(
            due=Count("pk", distinct=True),
            submitted=Count(
                "status_reports",
                filter=Q(status_reports__round=round, status_reports__state=StatusReportState.SUBMITTED),
                distinct=True,
            ),
        )
        .order_by("owner__name")
    )
    return [{**r, "missing": figures.reports_owed(r["due"], r["submitted"])} for r in rows]


def round_measures(round: ReportingRound):
    """The measures that owe a status report in the round: active ones of its life event (or all)."""
    measures = Measure.objects.active()
    if round.life_event_id:
        measures = measures.filter(life_events=round.life_event_id)
    return measures.distinct()


def owed_by(round: ReportingRound, user) -> list[dict]:
    """The measures the user's organisation owns in the round, with the state of each report."""
    measures = round_measures(round).filter(owner_id=user.organisation_id).order_by("title")
    reports = {r.measure_id: r for r in StatusReport.objects.filter(round=round, measure__in=measures)}
    return [{"measure": m, "report": reports.get(m.pk)} for m in measures]


def still_owed(owed: list[dict]) -> int:
    """Status reports still owed (`figures.reports_owed`) of `owed_by`'s rows: its measures due, less their reports
    submitted in the round."""
    submitted = sum(1 for o in owed if o["report"] and o["report"].state == StatusReportState.SUBMITTED)
    return figures.reports_owed(len(owed), submitted)


@read_once
def open_rounds_for(user, limit: int = 5) -> list[ReportingRound]:
    """The home panel: open rounds; for agency staff only those where their organisation still owes a report, each
    with how many (`owed`: `figures.reports_owed` of its measures, counted with the rounds in one query)."""
    rounds = ReportingRound.objects.visible_to(user).filter(status="open").defer("snapshot")
    if not access.can(user, "report_status", ReportingRound):
        return list(rounds[:limit])
    listed = list(rounds.with_reports_owed(organisation_id=user.organisation_id)[:limit])
    for round in listed:
        round.owed = figures.reports_owed(round.due, round.submitted)
    return [round for round in listed if round.owed]


def documents_for(user, round: ReportingRound | None = None):
    documents = (
        GeneratedReport.objects.visible_to(user)
        .select_related("round", "life_event", "ministry", "requested_by")
        .defer("round__snapshot")
    )
    return documents.filter(round=round) if round else documents


DOCUMENT_COLUMNS = (
    "pk", "kind", "status", "version", "office_only", "filename", "finished_at", "requested_at", "life_event_id",
    "round__title", "life_event__name_nb", "life_event__name_nn", "life_event__name_en", "ministry__name",
)  # fmt: skip


def document_rows(documents, **extra) -> list[dict]:
    """Documents as the pages print them (`reports.templatetags.document_rows`: the list of all reports, the history
    on the ministry's start page), read as plain rows (one query, only these columns and the `extra` expressions)
    shaped like the attributes the templates read: `round.title`, `life_event.name` (`LifeEvent.name` in the user's
    language), `ministry.name`, `get_kind_display`, `get_status_display`, `language` (`GeneratedReport.language`),
    `is_done`."""
    from types import SimpleNamespace

    from .choices import DocumentKind, JobStatus

    kinds, statuses = dict(DocumentKind.choices), dict(JobStatus.choices)
    name = LifeEvent.name.fget
    rows = []
    for r in documents.values(*DOCUMENT_COLUMNS, language=KeyTextTransform("language", "parameters"), **extra):
        event = None
        if r["life_event_id"] is not None:
            names = SimpleNamespace(name_nb=r["life_event__name_nb"], name_nn=r["life_event__name_nn"],
                                    name_en=r["life_event__name_en"])  # fmt: skip
            event = {"name": name(names)}
        r.update(
            round={"title": r["round__title"]},
            life_event=event,
            ministry={"name": r["ministry__name"]} if r["ministry__name"] else None,
            get_kind_display=kinds.get(r["kind"], r["kind"]),
            get_status_display=statuses.get(r["status"], r["status"]),
            language=r["language"] or settings.LANGUAGE_CODE,
            is_done=r["status"] == JobStatus.DONE,
        )
        rows.append(r)
    return rows


HISTORY = 10  # the ministry's start page: its newest documents; the list of all reports has every one, page by page


def _briefs(user, events) -> Q:
    """The briefs of the ministry's start page: PDFs of one of `events` alone, or of all the ministry's life events."""
    from .choices import DocumentKind

    ministry = access.ministry_of(user)
    return Q(kind=DocumentKind.PDF) & (Q(life_event__in=events) | Q(life_event__isnull=True, ministry_id=ministry))


def _latest_briefs(done, user, events):
    """The keys of the briefs (`_briefs`) among the documents `done` that `latest_documents_by_life_event` chooses
    from: of each life event and of the ministry's life events, the newest finished in each language (it takes the one
    in the user's language, else the newest), so the rows read stay as many as the life events and the languages,
    however many briefs a year of use leaves."""
    return (
        done.filter(_briefs(user, events))
        .order_by("life_event_id", "ministry_id", "parameters__language", "-finished_at", "-pk")
        .distinct("life_event_id", "ministry_id", "parameters__language")
        .values("pk")
    )


def ministry_documents(user, events) -> tuple[list[dict], list[dict]]:
    """The finished documents of the ministry's start page in one query (`document_rows`): the latest briefs of
    `events` (the ministry's life events, `_latest_briefs`; newest finished first, for
    `latest_documents_by_life_event`), and its history: the newest HISTORY documents the user may see (newest
    requested first). The history's rows are the newest of all the rows read, since every one of them is read."""
    from .choices import JobStatus

    done = GeneratedReport.objects.visible_to(user).filter(status=JobStatus.DONE)
    newest = done.order_by("-requested_at", "-pk").values("pk")[:HISTORY]
    rows = document_rows(
        done.filter(Q(pk__in=_latest_briefs(done, user, events)) | Q(pk__in=newest)).order_by("-finished_at"),
        # a brief, latest or older (of the history): the newest of each life event and language comes first
        is_brief=models.ExpressionWrapper(_briefs(user, events), output_field=models.BooleanField()),
    )
    history = sorted(rows, key=lambda r: (r["requested_at"], r["pk"]), reverse=True)[:HISTORY]
    return [r for r in rows if r["is_brief"]], history


def latest_documents_by_life_event(
    user, language: str | None = None, *, events=None, rounds=None, documents=None
) -> tuple[list[dict], dict | None]:
    """The ministry dashboard: each of the ministry's life events with the latest finished brief (PDF) of that life
    event alone, in `language` (the user's) when there is one, else the latest in another language (the page says
    which), and the latest round that covers it (to order a brief or open the report of that life event); and
    the brief of all the ministry's life events (the latest finished one, and the latest round across all life
    events to order it), None outside the ministry scope. A fixed number of queries. `events` (the ministry's life
    events), `rounds` (`latest_rounds`) and `documents` (the briefs of `ministry_documents`): what the start page has
    read already."""
    from .choices import JobStatus

    organisation = user.organisation_id  # the life events the user's organisation owns or takes part in
    if events is None:
        events = list(LifeEvent.objects.of_ministry(organisation)) if organisation else []
    ministry = access.ministry_of(user)
    if documents is None:
        done = GeneratedReport.objects.visible_to(user).filter(status=JobStatus.DONE)
        documents = document_rows(done.filter(pk__in=_latest_briefs(done, user, events)).order_by("-finished_at"))
    language = language or translation.get_language() or settings.LANGUAGE_CODE

    def better(held, doc) -> bool:  # newest first: the first one, or the first in the user's language
        return held is None or (held["language"] != language and doc["language"] == language)

    by_event, brief = {}, None
    for doc in documents:
        if doc["life_event_id"] is None:
            brief = doc if better(brief, doc) else brief
        elif better(by_event.get(doc["life_event_id"]), doc):
            by_event[doc["life_event_id"]] = doc
    if rounds is None:
        rounds = list(latest_rounds(user))
    cards = [
        {
            "life_event": e,
            "document": by_event.get(e.pk),
            "round": next((r for r in rounds if r.life_event_id in (None, e.pk)), None),
        }
        for e in events
    ]
    whole = {
        "ministry": ministry,
        "document": brief,
        "round": next((r for r in rounds if r.life_event_id is None), None),
    }
    return cards, whole if ministry else None


def latest_rounds(user):
    """The latest 50 rounds the user sees, newest first (unevaluated): the round to order each brief in."""
    return ReportingRound.objects.visible_to(user).defer("snapshot").order_by("-opened_at", "-pk")[:50]
