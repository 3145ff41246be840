"""The versions of the rows a report reads (`report_data`): what the report page keys each part of its body by, in one
query, however the rows were written (a service, `update()`, a shell, raw SQL)."""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Collection

from django.db import connection, models

from core.models import Organisation
from governance.choices import DecisionStatus
from governance.models import AllocationLetter, AllocationMention, Decision, Funding, FundingSource
from lifeevents.models import LifeEvent, LifeEventPhase, Participation, SupportingActivity
from portfolio.models import Benefit, BenefitRealisation, Dependency, Measure, Mission, MissionTarget, Proposal
from portfolio.models.benefit_plans import BenefitPlanVersion
from portfolio.models.missions import TargetMeasurement

from .models import ReportingRound, StatusReport
from .queries import life_event_selection, report_scope, round_reports

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
# - the status reports `report_data` reads (`round_reports`: the round's submitted ones of the measures of
#   `report_scope`), their columns the report reads: the SQL of that query, so the scope is written once;
# - the number of proposals of each of the life events and status: the sum, over the links of a proposal to a
#   life event, of a hash of the life event and the proposal's status (a function of those numbers); of all life
#   events, the versions of the two tables (the proposals' status, the links), cheaper than their join;
# - the links to life events of the proposals with a decision awaiting the steering group.
_LINK, _PROPOSAL, _DECISION = (m._meta.db_table for m in (Proposal.life_events.through, Proposal, Decision))


def _status_reports_version(round: ReportingRound, events: list[int] | None) -> tuple[str, tuple]:
    """SQL and its parameters: the version of the rows of `round_reports` (of `events`, or of all)."""
    return _status_reports_sql(round.pk, None if events is None else tuple(events))


@functools.lru_cache(maxsize=1024)
def _status_reports_sql(round_id: int, events: tuple[int, ...] | None) -> tuple[str, tuple]:
    """(A function of its arguments alone: the query compiled once per round and life events, not per request.)"""
    rows = round_reports(round_id, report_scope(events)).order_by()
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
# `report_scope`): a part of the report page built from some of the rows is keyed by the versions of these tables and of
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
