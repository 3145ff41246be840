"""The figures that were still computed beside `lifeevents.figures` now have their one definition there: the actors of
a life event, the status reports an organisation owes in a round, the funding by source and year, and the funding
rows whose amount no source states (printed beside a sum of the stated amounts)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from core.models import User
from governance.models import Funding
from lifeevents import figures
from lifeevents.models import LifeEvent, Participation
from reports import frames
from reports.frames.life_event import funding_by_source_and_year
from reports.frames.portfolio import portfolio_rollup
from reports.queries import report_data
from reports.queries_pages import round_completeness
from reports.services import round_open
from tests.factories import governance as g
from tests.factories import lifeevents as le
from tests.factories import portfolio as p
from tests.factories import reports as r
from tests.factories.core import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_actor_count_counts_an_organisation_in_two_roles_once():
    rows = [
        {"life_event_id": 1, "organisation_id": 10},
        {"life_event_id": 1, "organisation_id": 10},  # owner ministry and collaborator
        {"life_event_id": 1, "organisation_id": 11},
        {"life_event_id": 2, "organisation_id": 12},
    ]
    assert figures.actor_count(rows, 1) == 2
    assert figures.actor_count(rows, 2) == 1
    assert figures.actor_count(rows) == 3


def test_the_life_event_list_shows_the_actor_count_of_the_figure(client, settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    participations = list(Participation.objects.values("life_event_id", "organisation_id"))
    sql = dict(LifeEvent.objects.with_actor_count().values_list("slug", "actor_count"))
    for event in LifeEvent.objects.all():
        assert sql[event.slug] == figures.actor_count(participations, event.pk), event.slug
    # «Alvorlig sykt barn» in Table 1: HOD owns it; HDIR, e-helse, NAV, Statped and UDIR carry it out (DFØ-notat
    # 2021:1), so at least six actors, each counted once
    assert sql["alvorlig-sykt-barn"] >= 6
    client.force_login(User.objects.get(username="ministry"))
    page = client.get(reverse("lifeevents:lifeevent_list")).content.decode()
    assert f"<td>{sql['alvorlig-sykt-barn']}</td>" in page


def test_reports_owed_never_counts_below_zero():
    assert figures.reports_owed(3, 1) == 2
    assert figures.reports_owed(1, 1) == 0
    assert figures.reports_owed(0, 2) == 0


def test_round_completeness_counts_a_draft_as_owed(nav, portfolio_office):
    event = le.LifeEventFactory()
    measures = [p.MeasureFactory(owner=nav, life_events=[event]) for _ in range(3)]
    p.MeasureFactory(owner=nav, life_events=[event], status="terminated")  # left the portfolio: owes nothing
    round_ = r.ReportingRoundFactory(life_event=event)
    r.StatusReportFactory(round=round_, measure=measures[0], state="submitted")
    r.StatusReportFactory(round=round_, measure=measures[1], state="draft")
    (row,) = round_completeness(round_)
    assert (row["due"], row["submitted"], row["missing"]) == (3, 1, 2)
    assert row["missing"] == figures.reports_owed(row["due"], row["submitted"])


def test_funding_by_source_and_year_keeps_unknown_apart_from_nothing():
    rows = [
        {"id": 1, "source__name": "StimuLab", "year": 2020, "amount": 1_000_000},
        {"id": 1, "source__name": "StimuLab", "year": 2020, "amount": 1_000_000},  # the same row twice: once
        {"id": 2, "source__name": "StimuLab", "year": 2021, "amount": 500_000},
        {"id": 3, "source__name": "Stortinget", "year": 2021, "amount": None},
    ]
    table = figures.funding_by_source_and_year(rows)
    assert table == [
        {"source__name": "StimuLab", "years": {2020: 1_000_000, 2021: 500_000}, "total": 1_500_000},
        {"source__name": "Stortinget", "years": {2021: None}, "total": None},
    ]
    assert figures.funding_unstated(rows) == 1
    assert figures.funding_total(rows) == 1_500_000


def test_the_report_funding_table_and_rollup_use_the_figures(asd, nav):
    event = le.LifeEventFactory(owner_ministry=asd)
    other = le.LifeEventFactory(owner_ministry=asd)
    kept = p.MeasureFactory(owner=nav, life_events=[event, other])
    gone = p.MeasureFactory(owner=nav, life_events=[event], status="terminated")
    grant = g.FundingSourceFactory(name="Stortinget", kind="other")
    lab = g.FundingSourceFactory(name="StimuLab")
    g.FundingFactory(life_event=event, measure=None, source=grant, year=2021, amount=None)
    g.FundingFactory(life_event=None, measure=kept, source=lab, year=2021, amount=2_000_000)
    g.FundingFactory(life_event=None, measure=gone, source=lab, year=2021, amount=9_000_000)  # terminated: never
    round_ = r.ReportingRoundFactory(life_event=None)
    data = frames.Data(report_data(round_))
    with translation.override("en"):
        table = funding_by_source_and_year(data, event.pk).set_index("Source")
        rollup = portfolio_rollup(data, [event.pk, other.pk]).set_index("Life event")
    assert list(table.columns) == ["2021", "Total"]
    assert table.loc["StimuLab", "2021"] == 2_000_000
    assert table.loc["Stortinget", "Total"] != table.loc["Stortinget", "Total"]  # NaN: unknown, not 0

    assert rollup.loc[event.name_en or event.name_nb, "Funding (NOK)"] == 2_000_000
    assert rollup.loc[event.name_en or event.name_nb, "Funding with no stated amount (rows)"] == 1
    assert rollup.loc["Sum", "Funding (NOK)"] == 2_000_000  # the measure in two life events: once
    assert rollup.loc["Sum", "Funding with no stated amount (rows)"] == 1


def test_alvorlig_sykt_barn_says_that_the_storting_grant_is_not_in_the_sum(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    office = User.objects.get(username="office")
    round_ = round_open(title="Runde", deadline=datetime.date.today() + datetime.timedelta(days=14), by=office)
    asb = LifeEvent.objects.get(slug="alvorlig-sykt-barn")
    unstated = Funding.objects.filter(life_event=asb, measure__isnull=True, amount__isnull=True).count()
    assert unstated >= 1  # «Delvis (StimuLab og ekstrabevilgning fra stortinget)»: the grant's amount is not given
    data = frames.Data(report_data(round_))
    with translation.override("en"):
        rollup = portfolio_rollup(data, [asb.pk]).set_index("Life event")
    assert rollup.loc[asb.name_en or asb.name_nb, "Funding with no stated amount (rows)"] >= unstated


def test_an_organisation_of_no_measure_owes_nothing(nav):
    OrganisationFactory(kind="agency")
    round_ = r.ReportingRoundFactory(life_event=None)
    assert all(row["missing"] >= 0 for row in round_completeness(round_))


def test_the_funding_chart_never_draws_or_reads_an_unknown_amount_as_zero():
    import pandas as pd

    from reports import charts

    nan = float("nan")
    table = pd.DataFrame(
        [
            {"Source": "Egne budsjetter", "2020": 0, "2022": 6_000_000.0, "Total": 6_000_000.0},
            {"Source": "Ekstrabevilgning fra Stortinget", "2020": nan, "2022": 0, "Total": nan},
            {"Source": "StimuLab", "2020": nan, "2022": 1_200_000.0, "Total": 1_200_000.0},
        ]
    )
    with translation.override("en"):
        chart = charts.funding_chart("funding-1", table)
    text = chart["description"]
    assert "Stortinget" not in text  # no known amount: no bar, and never "0"
    assert "2020: StimuLab unknown;" in text
    assert "2022: Egne budsjetter 6\u00a0000\u00a0000, StimuLab 1\u00a0200\u00a0000" in text
    assert " 0," not in text and " 0;" not in text
