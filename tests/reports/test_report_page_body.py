"""The report page's body is put together from parts (reports/report_page.py), each built once per version of the
rows it shows: a second request reads them from the cache, a change to any row the report shows is on the very next
page, never a stale part, and a change rebuilds only the parts built from the rows it changed."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe

from core.models import Organisation
from governance.models import Decision
from portfolio.models import Benefit, Dependency, Measure, Proposal
from reports import data_versions, outputs, queries, report_page
from reports.models import StatusReport
from tests.factories.governance import DecisionFactory
from tests.factories.portfolio import MeasureFactory, ProposalFactory
from tests.factories.reports import ReportingRoundFactory, StatusReportFactory

PREFIX = "reports:page-part:"


def _parts() -> dict[str, str]:
    """The parts in the tests' local-memory cache: the version part of each key by its part's name."""
    held = {}
    for key in cache._cache:
        if PREFIX in key:
            name, version = key.split(PREFIX, 1)[1].split(":")[-2:]
            held.setdefault(name, set()).add(version)
    return held


def _rebuilt(before: dict, after: dict) -> set[str]:
    return {name for name, versions in after.items() if versions - before.get(name, set())}


def test_each_part_is_built_once_per_data_version_and_never_stale(client, portfolio_office, portfolio_data):
    cache.clear()
    round_ = portfolio_data["round"]
    url = reverse("reports:report_detail", args=[round_.pk])
    client.force_login(portfolio_office)
    first = client.get(url).content.decode()
    built = _parts()
    assert "summary" in built and "table-proposals" in built
    assert client.get(url).content.decode().count("<table") == first.count("<table")
    assert _parts() == built  # the same data: every part read from the cache
    assert "Ny risiko som ingen har sett før" not in first
    # A change outside any service (as a shell or raw SQL would make it): no one tells the cache
    reports = StatusReport.objects.filter(round=round_, measure=portfolio_data["m1"])
    reports.update(risks="Ny risiko som ingen har sett før")
    changed = client.get(url).content.decode()
    assert "Ny risiko som ingen har sett før" in changed
    # Only the parts built from the status reports are built afresh, the proposals' table is not
    rebuilt, job = _rebuilt(built, _parts()), portfolio_data["job"].pk
    assert f"table-needs-{job}" in rebuilt and "summary" in rebuilt
    assert not rebuilt & {"table-proposals", "table-cross", "sections", f"table-actors-{job}"}
    # A new proposal: only the table of the proposals (a draft without a decision: not the decisions)
    before = _parts()
    proposal = ProposalFactory(life_events=[portfolio_data["job"]], organisation=portfolio_data["m1"].owner)
    client.get(url)
    assert _rebuilt(before, _parts()) == {"table-proposals"}
    # A decision awaiting the steering group on it: the decisions of the life events it names
    before = _parts()
    DecisionFactory(subject="Ny sak til styringsgruppen", proposal=proposal, status="awaiting")
    assert "Ny sak til styringsgruppen" in client.get(url).content.decode()
    rebuilt = {name.rsplit("-", 1)[0] if name[-1].isdigit() else name for name in _rebuilt(before, _parts())}
    assert rebuilt == {"table-decisions"}  # (each section's and the portfolio's)


def test_a_life_events_page_is_rebuilt_only_for_its_own_rows(client, portfolio_office, portfolio_data):
    cache.clear()
    round_, job, death = portfolio_data["round"], portfolio_data["job"], portfolio_data["death"]
    agency = portfolio_data["m1"].owner  # (an organisation of the report: a new one would change their names)
    m3 = MeasureFactory(title="Uten lenker", owner=agency, life_events=[death])  # not in job's report
    url = reverse("reports:report_detail", args=[round_.pk]) + f"?life_event={job.pk}"
    client.force_login(portfolio_office)
    client.get(url)
    built = _parts()
    assert "table-proposals" in built
    ProposalFactory(life_events=[death], status="draft", organisation=agency)  # another life event's draft
    StatusReportFactory(round=round_, measure=portfolio_data["m2"], state="draft", risks="Utkast")  # a draft
    StatusReportFactory(round=round_, measure=m3, state="submitted", risks="Annen livshendelse")  # another's
    client.get(url)
    assert _parts() == built  # nothing built afresh
    StatusReport.objects.filter(round=round_, measure=portfolio_data["m2"]).update(state="submitted")  # m1's link
    client.get(url)
    assert f"table-needs-{job.pk}" in _rebuilt(built, _parts())  # (its rows: the status reports of job's report)
    built = _parts()
    ProposalFactory(life_events=[job], status="draft", organisation=agency)  # its own: its count of drafts
    client.get(url)
    assert _rebuilt(built, _parts()) == {"table-proposals"}


def _whole(round_, life_event_id, max_rows=outputs.PAGE_MAX_ROWS) -> str:
    """The body put together from the whole report as the PDF builds it (outputs.report_context), each table and
    chart rendered by the body's own partials."""
    context = outputs.report_context(round_, outputs.built_for(round_, life_event_id), max_rows=max_rows)

    def part(name, **values):
        return mark_safe(render_to_string(f"{report_page.TEMPLATE}#{name}", values))  # noqa: S308

    summary = part("summary", summary=context["summary"])
    summary += mark_safe("".join(part("chart", chart=c) for c in context["summary_charts"]))  # noqa: S308
    tables = [report_page.page_table(t) for t in context["summary_tables"]]
    summary += mark_safe("".join(part("report-table", table=t) for t in tables))  # noqa: S308
    sections = []
    for section in context["sections"]:
        charts = {c["key"].split("-")[0]: part("chart", chart=c) for c in section["charts"]}
        shown = [charts.get(name, "") for name in report_page.SECTION_CHARTS]
        shown += [part("report-table", table=report_page.page_table(t)) for t in section["tables"]]
        sections.append({"id": section["id"], "name": section["name"], "parts": shown})
    annex = [part("report-table", table=report_page.page_table(t)) for t in context["annex"]]
    return render_to_string(report_page.TEMPLATE, {"summary": summary, "sections": sections, "annex": annex})


@pytest.mark.parametrize("scope", ["all", "one"])
def test_the_body_equals_the_report_built_whole(portfolio_data, scope):
    cache.clear()
    round_ = portfolio_data["round"]
    life_event_id = portfolio_data["job"].pk if scope == "one" else None
    html, _as_of = report_page.body(round_, life_event_id)
    again, _ = report_page.body(round_, life_event_id)  # from the cache
    assert html == again == _whole(round_, life_event_id)
    assert html.count("<table") > 10 and "<svg" in html


@pytest.mark.parametrize("scope", ["all", "one"])
def test_each_part_is_built_from_only_the_rows_it_names(portfolio_data, scope):
    """Each part built alone, from only the rows `PART_READS` names for it (a frame that reads another row fails
    with KeyError), is the part the page shows."""
    round_ = portfolio_data["round"]
    life_event_id = portfolio_data["job"].pk if scope == "one" else None
    cache.clear()
    report_page.body(round_, life_event_id)
    held = dict(cache._cache)
    parts = report_page.Parts(round_, life_event_id, outputs.PAGE_MAX_ROWS)
    wanted = report_page.page_parts(parts, parts.sections())
    for key, (kind, what) in wanted.items():
        alone = report_page.Parts(round_, life_event_id, outputs.PAGE_MAX_ROWS)
        alone.sections()
        alone.raw, alone._data = {}, None  # no rows but the part's own
        with CaptureQueriesContext(connection) as captured:
            html = report_page.build(alone, kind, what)
        rows = set(alone.raw) - {"as_of"}
        assert rows == set(_reads(kind, what)), key
        assert len(captured) == len(rows), key  # one query per row read
        assert html == cache.get(key), key
    assert held  # (the body's parts were in the cache)


def _reads(kind, what) -> tuple[str, ...]:
    if kind == "summary":
        return report_page.reads("rollup", None)
    if kind == "chart":
        _chart, table, le = what
        return report_page.reads(table, le)
    return report_page.reads(*what)


def test_each_row_reads_only_the_tables_it_is_keyed_by(portfolio_data):
    """Every table a row of `report_data` reads (of all life events, of one, of several) is in `REPORT_TABLES` of
    that row: a part built from the row is keyed by those tables' versions."""
    round_, undeclared = portfolio_data["round"], {}
    for name, models in data_versions.REPORT_TABLES.items():  # (the `EXACT` rows: versioned by their own rows)
        with CaptureQueriesContext(connection) as captured:
            queries.report_data(round_, keys=[name])
            queries.report_data(round_, portfolio_data["job"].pk, keys=[name])
            queries.report_data(round_, [portfolio_data["job"].pk, portfolio_data["death"].pk], keys=[name])
        assert len(captured) == 3
        read = set(_columns_read(captured.captured_queries)) - {model._meta.db_table for model in models}
        if read:
            undeclared[name] = read
    assert not undeclared
    assert not set(data_versions.REPORT_TABLES) & set(data_versions.EXACT)
    assert set(data_versions.REPORT_TABLES) | set(data_versions.EXACT) == set(queries.report_data(round_)) - {"as_of"}


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
        for model, names in data_versions.REPORT_COLUMNS.items()
    }
    versioned[StatusReport._meta.db_table] = {
        "round_id", "state", *(StatusReport._meta.get_field(n).column for n in data_versions.ROUND_COLUMNS)
    }  # fmt: skip
    return versioned


def test_the_data_version_covers_every_column_the_report_reads(portfolio_data):
    """Every column of every table that report_data reads (of all life events, of one, of several) is in the data
    version: a column added to the report and not to REPORT_COLUMNS fails here."""
    round_, keys = portfolio_data["round"], list(data_versions.REPORT_TABLES)  # (not the `EXACT` rows: versioned alone)
    with CaptureQueriesContext(connection) as captured:
        queries.report_data(round_, keys=keys)
        queries.report_data(round_, portfolio_data["job"].pk, keys=keys)
        queries.report_data(round_, [portfolio_data["job"].pk, portfolio_data["death"].pk], keys=keys)
    versioned = _columns_versioned()
    for table, columns in _columns_read(captured.captured_queries).items():
        assert table in versioned, table
        assert columns <= versioned[table], (table, columns - versioned[table])


def test_the_data_version_changes_with_what_the_report_reads_and_only_that(portfolio_data):
    round_, m1 = portfolio_data["round"], portfolio_data["m1"]
    with CaptureQueriesContext(connection) as captured:
        version = data_versions.report_data_version(round_)
    assert len(captured) == 1
    # Columns the report does not read, and the status reports being written: the same version
    Measure.objects.filter(pk=m1.pk).update(description="Ny beskrivelse")
    StatusReportFactory(round=round_, measure=portfolio_data["m2"], state="draft", risks="Utkast")
    assert data_versions.report_data_version(round_) == version
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
        version = data_versions.report_data_version(round_)
        assert version not in seen  # (undoing a change would give its version back: the same rows)
        seen.add(version)
    other = ReportingRoundFactory(title="En annen runde", opened_by=round_.opened_by)
    assert data_versions.report_data_version(other) not in seen  # another round's status reports


def test_a_tables_version_tells_each_value_of_each_type_from_the_others(portfolio_data):
    """Amounts, flags and dates are hashed as numbers (`data_versions._row_hash`), each NULL as a value of its own: a
    change of an amount, to and from no amount and 0, of a flag, of a date and of no date all give a new version,
    and undoing one gives its version back (the version is of the rows, not of their history)."""
    from lifeevents.models import LifeEventPhase
    from tests.factories.lifeevents import LifeEventPhaseFactory

    m1 = portfolio_data["m1"]
    benefit = Benefit.objects.filter(measure=m1).first()
    phase = LifeEventPhaseFactory(life_event=portfolio_data["job"], start_date=None, end_date=None)

    def version() -> tuple:
        versions = data_versions.report_data_versions(portfolio_data["round"])
        return versions[Benefit], versions[Measure], versions[LifeEventPhase]

    first = version()
    seen = [first]
    for change in (
        lambda: Benefit.objects.filter(pk=benefit.pk).update(annual_value_nok=0),
        lambda: Benefit.objects.filter(pk=benefit.pk).update(annual_value_nok=None),
        lambda: Benefit.objects.filter(pk=benefit.pk).update(annual_cost_nok=1),
        lambda: Benefit.objects.filter(pk=benefit.pk).update(is_disbenefit=not benefit.is_disbenefit),
        lambda: Measure.objects.filter(pk=m1.pk).update(budget=None),
        lambda: Measure.objects.filter(pk=m1.pk).update(budget=0),
        lambda: LifeEventPhase.objects.filter(pk=phase.pk).update(start_date=timezone.localdate()),
        lambda: LifeEventPhase.objects.filter(pk=phase.pk).update(start_date=timezone.localdate().replace(day=1)),
        lambda: LifeEventPhase.objects.filter(pk=phase.pk).update(end_date=timezone.localdate()),
    ):
        change()
        seen.append(version())
        assert seen[-1] not in seen[:-1], change
    Benefit.objects.filter(pk=benefit.pk).update(annual_value_nok=0)  # back to an amount seen before, with the rest
    Benefit.objects.filter(pk=benefit.pk).update(annual_value_nok=None)
    assert version() == seen[-1]


def test_each_tables_version_changes_with_that_table_only(portfolio_data):
    round_, m1 = portfolio_data["round"], portfolio_data["m1"]
    versions = data_versions.report_data_versions(round_)
    StatusReport.objects.filter(round=round_, measure=m1).update(progress=42)
    after = data_versions.report_data_versions(round_)
    assert {m for m in versions if versions[m] != after[m]} == {"status_reports"}
    ProposalFactory(life_events=[portfolio_data["job"]], organisation=m1.owner)  # an organisation the report names
    again = data_versions.report_data_versions(round_)
    assert {m for m in after if after[m] != again[m]} == {"proposal_counts"}


def _exact(round_, life_event=None) -> dict:
    versions = data_versions.report_data_versions(round_, life_event)
    return {name: versions[name] for name in data_versions.EXACT}


def _each_version_changes_with_its_rows(round_, scopes, changes) -> list[bool]:
    """Make each change in turn: of each scope (all life events, one, several), each `EXACT` row's version changes
    when the rows `report_data` reads change, and (of one or several life events) only then. Whether each change
    changed any of the rows (of any scope)."""

    def rows():  # as sets of rows: the status reports are read unordered (`.order_by()`), the version is a sum
        return [
            {k: sorted(map(repr, v)) for k, v in queries.report_data(round_, s, keys=list(data_versions.EXACT)).items()
             if k != "as_of"}
            for s in scopes
        ]  # fmt: skip

    def versions():
        return [_exact(round_, s) for s in scopes]

    seen = [(rows(), versions())]
    for change in changes:
        before_rows, before_versions = seen[-1]
        change()
        seen.append((rows(), versions()))
        after_rows, after_versions = seen[-1]
        for s in range(len(scopes)):
            for name in data_versions.EXACT:
                rows_changed = before_rows[s][name] != after_rows[s][name]
                version_changed = before_versions[s][name] != after_versions[s][name]
                assert version_changed or not rows_changed, (change, scopes[s], name)  # never stale
                if scopes[s] is not None:  # (of all life events, the proposals' counts: by the two tables)
                    assert rows_changed or not version_changed, (change, scopes[s], name)
    return [before != after for (before, _), (after, _) in zip(seen, seen[1:], strict=False)]


def test_the_proposals_versions_change_with_the_rows_the_report_reads_and_only_those(portfolio_data):
    """The `EXACT` rows of the proposals are versioned by the rows `report_data` reads of them: of one life event
    (or several, or all), any change to what those rows give changes the version, and nothing else does."""
    round_, job, death = portfolio_data["round"], portfolio_data["job"], portfolio_data["death"]
    proposal, spare = (ProposalFactory(life_events=[job], status="draft") for _i in range(2))
    decision = Decision.objects.get(subject="Skalere jobbsøkerassistenten")
    changed = _each_version_changes_with_its_rows(round_, (None, job.pk, [job.pk, death.pk]), (
        lambda: ProposalFactory(life_events=[death], status="draft"),  # another life event's: not in job's rows
        lambda: Proposal.objects.filter(pk=proposal.pk).update(title="Ny tittel"),  # a column not read
        lambda: Proposal.objects.filter(pk=proposal.pk).update(status="submitted"),
        lambda: proposal.life_events.add(death),
        lambda: Decision.objects.filter(pk=decision.pk).update(proposal=proposal),
        lambda: proposal.life_events.remove(job),
        lambda: Decision.objects.filter(pk=decision.pk).update(status="in_force"),
        lambda: Proposal.objects.filter(pk=spare.pk).delete(),
    ))  # fmt: skip
    assert changed == [True, False, True, True, True, True, True, True]  # (the changes change the rows read)


def test_the_status_reports_version_changes_with_the_rows_the_report_reads_and_only_those(portfolio_data):
    """Of the status reports: the round's submitted ones of the life event's measures and of the other end of
    their links (m2, of another life event, which m1 constrains), and only those."""
    round_, job, death = portfolio_data["round"], portfolio_data["job"], portfolio_data["death"]
    m1, m2 = portfolio_data["m1"], portfolio_data["m2"]
    m3 = MeasureFactory(title="Uten lenker", owner=m2.owner, life_events=[death])  # outside job's report
    other_round = ReportingRoundFactory(title="En annen runde", opened_by=round_.opened_by)
    m1_report = StatusReport.objects.filter(round=round_, measure=m1)
    changed = _each_version_changes_with_its_rows(round_, (None, job.pk, [job.pk, death.pk]), (
        lambda: StatusReportFactory(round=round_, measure=m3, state="submitted"),  # not in job's rows
        lambda: StatusReportFactory(round=round_, measure=m2, state="draft", risks="Utkast"),  # a draft
        lambda: StatusReport.objects.filter(round=round_, measure=m2).update(risks="Fortsatt utkast"),
        lambda: StatusReport.objects.filter(round=round_, measure=m2).update(state="submitted"),  # m1's link: in
        lambda: m1_report.update(comment="Ikke i rapporten"),  # a column not read
        lambda: m1_report.update(progress=41),
        lambda: StatusReportFactory(round=other_round, measure=m1, state="submitted", risks="Annen runde"),
        lambda: m3.life_events.add(job),  # m3's report comes into job's report
        lambda: Dependency.objects.filter(from_measure=m1).delete(),  # m2's goes out of it
        lambda: m1_report.update(state="draft"),
        lambda: StatusReport.objects.filter(round=round_, measure=m3).delete(),
    ))  # fmt: skip
    assert changed == [True, False, False, True, False, True, False, True, True, True, True]


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
    built = _parts()
    StatusReport.objects.filter(round=round_, measure=portfolio_data["m1"]).update(risks="Etter at runden lukket")
    with CaptureQueriesContext(connection) as captured:
        again = client.get(url).content.decode()
    assert "Etter at runden lukket" not in again and again.count("<table") == first.count("<table")
    assert not any("hashtextextended" in q["sql"] for q in captured.captured_queries)  # no version query
    assert _parts() == built
    html, _ = report_page.body(round_, None)
    assert html == _whole(round_, None)


def test_a_tables_rows_print_their_cells_with_the_text_escaped():
    table = {
        "key": "t",
        "title": "T",
        "columns": [{"label": "A", "numeric": False}, {"label": "B", "numeric": True}],
        "rows": [[{"text": "<b>Ja & nei</b>", "numeric": False}, {"text": "1\xa0000", "numeric": True}]],
        "truncated": 0,
        "note": "",
    }
    html = render_to_string(f"{report_page.TEMPLATE}#report-table", {"table": report_page.page_table(table)})
    assert '<tr><td>&lt;b&gt;Ja &amp; nei&lt;/b&gt;</td><td class="portal-num">1\xa0000</td></tr>' in html
    empty = render_to_string(
        f"{report_page.TEMPLATE}#report-table", {"table": report_page.page_table(table | {"rows": []})}
    )
    assert '<tr><td colspan="2">' in empty
