"""The report page's body is built once per version of its data (reports/report_page.py): a second request reads it
from the cache, and a change to any row the report shows is on the very next page, never a stale body."""

import re

from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.models import Organisation
from portfolio.models import Benefit, Dependency, Measure
from reports import outputs, queries, report_page
from reports.models import StatusReport
from tests.factories.portfolio import ProposalFactory
from tests.factories.reports import ReportingRoundFactory, StatusReportFactory


def _key_count(prefix="reports:page-body:") -> int:
    return sum(1 for k in cache._cache if prefix in k)  # the tests' local-memory cache, counted by key


def test_the_body_is_built_once_per_data_version_and_never_stale(client, portfolio_office, portfolio_data):
    cache.clear()
    round_ = portfolio_data["round"]
    url = reverse("reports:report_detail", args=[round_.pk])
    client.force_login(portfolio_office)
    first = client.get(url).content.decode()
    assert _key_count() == 1
    assert client.get(url).content.decode().count("<table") == first.count("<table")
    assert _key_count() == 1  # the same data: read from the cache
    assert "Ny risiko som ingen har sett før" not in first
    # A change outside any service (as a shell or raw SQL would make it): no one tells the cache
    reports = StatusReport.objects.filter(round=round_, measure=portfolio_data["m1"])
    reports.update(risks="Ny risiko som ingen har sett før")
    changed = client.get(url).content.decode()
    assert _key_count() == 2  # a new version of the data: built afresh
    assert "Ny risiko som ingen har sett før" in changed


def test_the_body_equals_the_report_built_afresh(portfolio_data):
    cache.clear()
    round_ = portfolio_data["round"]
    html, _as_of = report_page.body(round_, None)
    again, _ = report_page.body(round_, None)
    assert html == again
    fresh = render_to_string(
        "reports/_report_body.html",
        outputs.report_context(round_, outputs.built_for(round_, None), max_rows=outputs.PAGE_MAX_ROWS),
    )
    assert html == fresh


def _columns_read(captured) -> dict[str, set[str]]:
    """The columns of each table that the captured SQL selects, joins, filters or orders on (aliases resolved)."""
    read: dict[str, set[str]] = {}
    for query in captured:
        sql = query["sql"]
        aliases = {alias: table for table, alias in re.findall(r'"(\w+)" ([A-Z]\d+)\b', sql)}
        for table in re.findall(r'(?:FROM|JOIN) "(\w+)"', sql):
            read.setdefault(table, set())
        for table, alias, column in re.findall(r'(?:"(\w+)"|\b([A-Z]\d+))\."(\w+)"', sql):
            read.setdefault(table or aliases[alias], set()).add(column)
    return read


def _columns_versioned() -> dict[str, set[str]]:
    versioned = {
        model._meta.db_table: {model._meta.pk.column, *(model._meta.get_field(n).column for n in names)}
        for model, names in queries.REPORT_COLUMNS.items()
    }
    versioned[StatusReport._meta.db_table] = {
        "round_id", "state", *(StatusReport._meta.get_field(n).column for n in queries.ROUND_COLUMNS)
    }  # fmt: skip
    return versioned


def test_the_data_version_covers_every_column_the_report_reads(portfolio_data):
    """Every column of every table that report_data reads (of all life events, of one, of several) is in the data
    version: a column added to the report and not to REPORT_COLUMNS fails here."""
    round_ = portfolio_data["round"]
    with CaptureQueriesContext(connection) as captured:
        queries.report_data(round_)
        queries.report_data(round_, portfolio_data["job"].pk)
        queries.report_data(round_, [portfolio_data["job"].pk, portfolio_data["death"].pk])
    versioned = _columns_versioned()
    for table, columns in _columns_read(captured.captured_queries).items():
        assert table in versioned, table
        assert columns <= versioned[table], (table, columns - versioned[table])


def test_the_data_version_changes_with_what_the_report_reads_and_only_that(portfolio_data):
    round_, m1 = portfolio_data["round"], portfolio_data["m1"]
    with CaptureQueriesContext(connection) as captured:
        version = queries.report_data_version(round_)
    assert len(captured) == 1
    # Columns the report does not read, and the status reports being written: the same version
    Measure.objects.filter(pk=m1.pk).update(description="Ny beskrivelse")
    StatusReportFactory(round=round_, measure=portfolio_data["m2"], state="draft", risks="Utkast")
    assert queries.report_data_version(round_) == version
    # Each kind of change to what it reads, made as a shell or raw SQL would make it: a new version each time
    seen = {version}
    for change in (
        lambda: Measure.objects.filter(pk=m1.pk).update(budget=2_000_001),
        lambda: Organisation.objects.filter(pk=m1.owner_id).update(name="Arbeids- og velferdsetaten (ny)"),
        lambda: Benefit.objects.filter(measure=m1).update(baseline=None),
        lambda: StatusReport.objects.filter(round=round_, measure=m1).update(progress=41),
        lambda: StatusReport.objects.filter(round=round_, measure=portfolio_data["m2"]).update(state="submitted"),
        lambda: m1.life_events.add(portfolio_data["death"]),
        lambda: m1.life_events.remove(portfolio_data["job"]),
        lambda: ProposalFactory(life_events=[portfolio_data["job"]]),
        lambda: Dependency.objects.filter(from_measure=m1).delete(),
    ):
        change()
        version = queries.report_data_version(round_)
        assert version not in seen  # (undoing a change would give its version back: the same rows)
        seen.add(version)
    other = ReportingRoundFactory(title="En annen runde", opened_by=round_.opened_by)
    assert queries.report_data_version(other) not in seen  # another round's status reports


def test_a_closed_round_keeps_its_body_under_its_snapshot(client, portfolio_office, portfolio_data):
    cache.clear()
    round_ = portfolio_data["round"]
    round_.snapshot = queries.report_data(round_)
    round_.closed_at = timezone.now()
    round_.status = "closed"
    round_.save()
    url = reverse("reports:report_detail", args=[round_.pk])
    client.force_login(portfolio_office)
    first = client.get(url).content.decode()
    StatusReport.objects.filter(round=round_, measure=portfolio_data["m1"]).update(risks="Etter at runden lukket")
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url).content.decode()
    assert "Etter at runden lukket" not in again and again.count("<table") == first.count("<table")
    assert not any("hashtextextended" in q["sql"] for q in captured.captured_queries)  # no version query
    assert _key_count() == 1
