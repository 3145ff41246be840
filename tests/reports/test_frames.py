"""The report's tables (pandas), built from the round's rows in a constant number of queries."""

import pytest
from django.utils import translation

from reports import frames, queries
from tests.factories import portfolio as p


@pytest.fixture
def built(portfolio_data):
    with translation.override("en"):
        yield frames.build(queries.round_data(portfolio_data["round"]))


def _section(built, name):
    return next(tables for _le, n, tables in built["sections"] if n == name)


def test_each_life_event_has_every_table(built):
    assert [name for _le, name, _t in built["sections"]] == ["Miste og finne jobb", "Dødsfall og arv"]
    assert set(_section(built, "Miste og finne jobb")) == {k for k, _f in frames.LIFE_EVENT_TABLES}


def test_measures_by_kind_and_status_counts_the_reported_traffic(built):
    job = _section(built, "Miste og finne jobb")["measures_by_kind"]
    assert job.to_dict("records") == [{"Kind": "Experiment", "Yellow – at risk": 1, "Total": 1}]
    death = _section(built, "Dødsfall og arv")["measures_by_kind"]
    assert death.to_dict("records") == [{"Kind": "Project", "Not reported": 1, "Total": 1}]


def test_status_per_measure_uses_the_status_report(built):
    row = _section(built, "Miste og finne jobb")["measure_status"].iloc[0]
    assert (row["Measure"], row["Progress (%)"], row["Spent (NOK)"], row["Budget (NOK)"]) == (
        "Jobbsøkerassistent",
        40,
        800_000,
        2_000_000,
    )


def test_funding_by_source_and_year(built):
    funding = _section(built, "Miste og finne jobb")["funding"]
    assert funding.to_dict("records") == [
        {"Source": "StimuLab", "2025": 1_500_000, "2026": 500_000, "Total": 2_000_000}
    ]


def test_who_pays_and_who_gains_with_net_position(built):
    table = _section(built, "Miste og finne jobb")["pays_gains"].set_index("Organisation")
    assert table.loc["Arbeids- og velferdsetaten", "Net per year (NOK)"] == 900_000
    assert table.loc["Skatteetaten", "Net per year (NOK)"] == -300_000
    assert table.loc["KS", "Dis-benefits per year (NOK)"] == 100_000
    assert table.loc["KS", "Net per year (NOK)"] == -100_000


def test_allocation_coverage_has_a_sum_row(built):
    table = _section(built, "Miste og finne jobb")["allocation"]
    assert table.iloc[0]["Directorate or agency"].endswith("(executing agency)")
    assert table.iloc[0]["Mentioned in the allocation letter"] == "Ja"
    assert table.iloc[0]["Assignment given"] == "Yes"
    assert table.iloc[-1]["Directorate or agency"] == "Sum"
    assert (table.iloc[-1]["Mentioned in the allocation letter"], table.iloc[-1]["Assignment given"]) == (1, 1)


def test_decisions_actors_missions_and_benefits(built):
    job = _section(built, "Miste og finne jobb")
    assert job["decisions"].iloc[0]["Ministries that must act"] == "Arbeids- og sosialdepartementet"
    assert set(job["actors"]["Organisation"]) == {"Arbeids- og velferdsetaten", "KS"}
    assert job["missions"].iloc[0]["Target"] == 60
    assert list(job["benefits"]["Indicator"]) == ["Dager til ny jobb", "Flere henvendelser"]
    assert _section(built, "Dødsfall og arv")["decisions"].empty


def test_portfolio_rollup_and_cross_life_event_dependencies(built):
    rollup = built["portfolio"]["rollup"]
    assert list(rollup["Life event"]) == ["Miste og finne jobb", "Dødsfall og arv", "Sum"]
    assert rollup.iloc[-1]["Measures (not terminated)"] == 2 and rollup.iloc[-1]["Budget (NOK)"] == 5_000_000
    cross = built["portfolio"]["cross"]
    assert cross.to_dict("records") == [
        {
            "Measure": "Jobbsøkerassistent",
            "Life events": "Miste og finne jobb",
            "Kind": "Constrains (føring)",
            "Other measure": "Digitalt dødsbo",
            "Other life events": "Dødsfall og arv",
        }
    ]


def test_one_life_event_only(portfolio_data):
    built = frames.build(queries.round_data(portfolio_data["round"]), portfolio_data["death"].pk)
    assert [name for _le, name, _t in built["sections"]] == ["Dødsfall og arv"]


def test_one_life_event_reads_only_its_rows_and_the_ends_of_its_links(portfolio_data):
    job, death = portfolio_data["job"], portfolio_data["death"]
    p.MeasureFactory(title="Uten lenker", life_events=[death])
    raw = queries.report_data(portfolio_data["round"], job.pk)
    # its own measure and the other end of its dependency, not the unrelated measure of the other life event
    assert sorted(m["title"] for m in raw["measures"]) == ["Digitalt dødsbo", "Jobbsøkerassistent"]
    assert {r["lifeevent_id"] for r in raw["proposal_counts"]} <= {job.pk}
    assert {r["life_event_id"] for r in raw["participations"]} == {job.pk}
    with translation.override("en"):
        scoped = frames.build(raw, job.pk)
        whole = frames.build(queries.report_data(portfolio_data["round"]), job.pk)
    # the same tables as when the whole portfolio is read and then cut to the life event
    for key, df in _section(whole, "Miste og finne jobb").items():
        assert _section(scoped, "Miste og finne jobb")[key].equals(df), key
    assert scoped["portfolio"]["cross"].to_dict("records") == whole["portfolio"]["cross"].to_dict("records")
    assert len(scoped["portfolio"]["cross"]) == 1
    assert scoped["scope"] == job.pk


def test_one_life_event_cuts_the_portfolio_tables(portfolio_data):
    death = portfolio_data["death"]
    p.MeasureFactory(title="Ukoblet", life_events=[portfolio_data["job"]])
    p.ProposalFactory(life_events=[portfolio_data["job"]])
    with translation.override("en"):
        built = frames.build(queries.round_data(portfolio_data["round"]), death.pk)
    # the link from «Miste og finne jobb» ends in «Dødsfall og arv», so it is shown; no proposal row of the other
    assert built["portfolio"]["cross"]["Other life events"].tolist() == ["Dødsfall og arv"]
    assert built["portfolio"]["proposals"].empty


def test_query_count_does_not_grow_with_the_portfolio(portfolio_data, django_assert_num_queries):
    with django_assert_num_queries(20) as ctx:  # Table 2 is one more, the benefit-plan versions (issue 23) one
        queries.report_data(portfolio_data["round"])
    for i in range(5):
        p.MeasureFactory(life_events=[portfolio_data["job"]], title=f"Ekstra {i}")
    with django_assert_num_queries(len(ctx.captured_queries)):
        queries.report_data(portfolio_data["round"])


def test_needs_from_the_ministries(built):
    needs = _section(built, "Miste og finne jobb")["needs"]
    assert needs.iloc[0]["What is needed from the ministries"] == "Hjemmel for deling av data"
    assert _section(built, "Dødsfall og arv")["needs"].empty


def test_benefits_use_the_reported_current_value(built):
    row = _section(built, "Miste og finne jobb")["benefits"].iloc[0]
    assert (row["Baseline"], row["Expected"], row["Current"], row["Achieved (%)"]) == (100, 80, 90, 50)


def test_rollup_has_funding_and_net_benefit_and_the_portfolio_tables(built):
    rollup = built["portfolio"]["rollup"].set_index("Life event")
    assert rollup.loc["Miste og finne jobb", "Funding (NOK)"] == 2_000_000
    assert rollup.loc["Miste og finne jobb", "Net benefit per year (NOK)"] == 500_000
    assert rollup.loc["Sum", "Funding (NOK)"] == 2_000_000
    assert list(built["portfolio"]) == [
        "rollup",
        "funding_status",
        "funding",
        "allocation",
        "pays_gains",
        "decisions",
        "cross",
        "proposals",
    ]
    assert built["portfolio"]["allocation"].iloc[-1]["Assignment given"] == 1


def test_one_table_across_the_life_events(built):
    table = frames.one_table(built, "measure_status")
    assert list(table.columns[:2]) == ["Life event", "Measure"]
    assert list(table["Life event"]) == ["Miste og finne jobb", "Dødsfall og arv"]
