"""The roadmap, the benefits map and who pays, who gains: what each persona sees, the figures from
`lifeevents.figures` (never recomputed), the CSV export, bad filters as a 400, and constant query counts. Also the
e-mail to a ministry a scenario is shared with, and the steering-dialogue item a recommendation creates."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse

from governance import flows
from governance.choices import DecisionStatus
from governance.models import AllocationLetter, Decision
from governance.scenario_services import scenario_recommend, scenario_share
from lifeevents import figures
from portfolio.models import BenefitRealisation, MeasureMove, TargetMeasurement
from tests.factories.core import OrganisationFactory, UserFactory
from tests.factories.governance import ScenarioFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import (
    BenefitFactory,
    DependencyFactory,
    MeasureFactory,
    MissionFactory,
    MissionTargetFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def landscape(nav, other_agency, asd, portfolio_office):
    """Two life events (one of ASD), a mission with a target, measures of NAV and Skatteetaten with benefits that
    land on others, a dependency across life events, a proposal in step 3."""
    job = LifeEventFactory(slug="miste-og-finne-jobb", name_nb="Miste og finne jobb", owner_ministry=asd)
    firm = LifeEventFactory(slug="starte-bedrift", name_nb="Starte og drive en bedrift")
    mission = MissionFactory(title="Raskere i jobb", life_events=[job])
    target = MissionTargetFactory(
        mission=mission, indicator="Uker til jobb", unit="uker", baseline=26, baseline_date=date(2022, 1, 1),
        target_value=16, target_date=date(2030, 12, 31),
    )  # fmt: skip
    TargetMeasurement.objects.create(target=target, date=date(2024, 6, 30), value=24)
    match = MeasureFactory(title="Jobbmatch", owner=nav, life_events=[job], kind="experiment",
                           start_date=date(2022, 3, 1), end_date=date(2025, 6, 30))  # fmt: skip
    match.missions.add(mission)
    collect = MeasureFactory(title="Samlet innkreving", owner=other_agency, life_events=[firm], kind="national",
                             start_date=date(2021, 10, 1), end_date=None)  # fmt: skip
    DependencyFactory(from_measure=match, to_measure=collect, kind="depends_on")
    MeasureMove.objects.create(measure=match, field="kind", from_value="experiment", to_value="demonstrator",
                               evidence="Virket.", by=portfolio_office)  # fmt: skip
    gain = BenefitFactory(
        measure=match, indicator="Uker fra ledighet til jobb", baseline=26, expected_value=20, owner=nav,
        cost_bearer=other_agency, annual_value_nok=40_000_000, annual_cost_nok=4_000_000,
    )  # fmt: skip
    gain.targets.add(target)
    BenefitRealisation.objects.create(benefit=gain, date=date(2024, 6, 30), value=23)
    BenefitFactory(measure=match, indicator="Timer for arbeidsgiver", owner=other_agency, is_disbenefit=True,
                   annual_value_nok=600_000, annual_cost_nok=600_000)  # fmt: skip
    BenefitFactory(measure=collect, indicator="Færre henvendelser", owner=other_agency, cost_bearer=other_agency,
                   annual_value_nok=8_000_000, annual_cost_nok=1_000_000)  # fmt: skip
    proposal = ProposalFactory(title="Digital dialog", organisation=nav, status="assessing", life_events=[job])
    AllocationLetter.objects.create(ministry=asd, agency=nav, year=2024)
    return {"job": job, "mission": mission, "target": target, "match": match, "collect": collect,
            "proposal": proposal}  # fmt: skip


def test_roadmap_shows_measures_proposals_dependencies_and_exports(client, portfolio_office, landscape):
    client.force_login(portfolio_office)
    page = client.get(reverse("governance:roadmap")).content.decode()
    for text in ("Jobbmatch", "Samlet innkreving", "Digital dialog", "Miste og finne jobb", "<svg", "✉ 2024"):
        assert text in page
    assert "Demonstrator" in page or "demonstrator" in page  # the move on the ladder as a milestone
    export = client.get(reverse("governance:roadmap") + "?format=csv")
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    match = next(r for r in rows if r[1] == "Jobbmatch")
    assert match[0] == "Miste og finne jobb" and match[4] == "2022-03-01" and match[7] == "Samlet innkreving"


def test_roadmap_filters_by_ministry_agency_and_mission(client, portfolio_office, landscape, asd, other_agency):
    client.force_login(portfolio_office)
    url = reverse("governance:roadmap")
    by_ministry = client.get(url, {"ministry": asd.pk}).content.decode()
    assert ">Jobbmatch</a>" in by_ministry and ">Samlet innkreving</a>" not in by_ministry
    by_agency = client.get(url, {"agency": other_agency.pk}).content.decode()
    assert ">Samlet innkreving</a>" in by_agency and ">Jobbmatch</a>" not in by_agency
    by_mission = client.get(url, {"mission": landscape["mission"].pk, "by": "mission"}).content.decode()
    assert "Raskere i jobb" in by_mission and ">Samlet innkreving</a>" not in by_mission
    assert client.get(url, {"life_event": "abc"}).status_code == 400


def _rounds(landscape, firm_round_title="Bedriftsrunden"):
    from tests.factories.reports import ReportingRoundFactory

    firm = LifeEventFactory(slug="starte-bedrift-2", name_nb="Starte bedrift")
    ReportingRoundFactory(title="Vårrunden 2025", deadline=date(2025, 4, 30), status="closed")
    ReportingRoundFactory(title="Jobbrunden", deadline=date(2025, 9, 15), life_event=landscape["job"])
    ReportingRoundFactory(title=firm_round_title, deadline=date(2025, 10, 1), life_event=firm)


def test_roadmap_shows_the_reporting_rounds_and_letter_years_filtered_as_the_page(
    client, portfolio_office, landscape, asd
):
    _rounds(landscape)
    client.force_login(portfolio_office)
    url = reverse("governance:roadmap")
    page = client.get(url).content.decode()
    for text in ("Rapporteringsrunder (frist)", "Vårrunden 2025 (30.04.2025)", "Jobbrunden", "Bedriftsrunden",
                 "Tildelingsbrev", "Alle livshendelser"):  # fmt: skip
        assert text in page, text
    by_ministry = client.get(url, {"ministry": asd.pk}).content.decode()
    assert "Jobbrunden" in by_ministry and "Vårrunden 2025" in by_ministry and "Bedriftsrunden" not in by_ministry
    rows = list(csv.reader(io.StringIO(client.get(url, {"format": "csv"}).content.decode())))
    calendar = {r[1]: r for r in rows if r[0] == "Rapporteringsrunder og tildelingsbrev"}
    assert calendar["Vårrunden 2025"][3] == "Lukket" and calendar["Vårrunden 2025"][5] == "2025-04-30"
    assert calendar["Jobbrunden"][6] == "Miste og finne jobb" and calendar["2024"][2] == "Tildelingsbrev"


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_roadmap_pdf_has_the_timeline_and_the_table_filtered_as_the_page(client, portfolio_office, landscape, asd):
    _rounds(landscape)
    client.force_login(portfolio_office)
    url = reverse("governance:roadmap")
    assert "format=pdf" in client.get(url, {"ministry": asd.pk}).content.decode()
    response = client.get(url, {"ministry": asd.pk, "format": "pdf"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF") and "veikart.pdf" in response["Content-Disposition"]
    text = _pdf_text(response.content)
    for expected in ("Veikart", "Departement: ASD", "Miste og finne jobb", "Jobbmatch",
                     "Digital dialog", "Samlet innkreving", "Rapporteringsrunder og tildelingsbrev", "Jobbrunden",
                     "Vårrunden 2025", "30.04.2025", "2024"):  # fmt: skip
        assert expected in text, expected
    # Filtered as the page: the other ministry's life event and its round are not in it (Samlet innkreving is, as
    # what Jobbmatch depends on, not as a row).
    assert "Starte og drive en bedrift" not in text and "Bedriftsrunden" not in text
    whole = _pdf_text(client.get(url, {"format": "pdf"}).content)
    assert "Starte og drive en bedrift" in whole and "Bedriftsrunden" in whole
    assert client.get(url, {"ministry": "x", "format": "pdf"}).status_code == 400


def test_an_agency_gets_only_its_own_measures_in_the_roadmap_pdf(client, other_agency_staff, landscape):
    client.force_login(other_agency_staff)
    text = _pdf_text(client.get(reverse("governance:roadmap"), {"format": "pdf"}).content)
    assert "Samlet innkreving" in text and "Jobbmatch" not in text and "Digital dialog" not in text


def test_an_agency_sees_only_its_own_measures_on_the_roadmap(client, other_agency_staff, landscape):
    client.force_login(other_agency_staff)
    page = client.get(reverse("governance:roadmap")).content.decode()
    assert ">Samlet innkreving</a>" in page and "Jobbmatch" not in page and "Digital dialog" not in page


def test_benefit_map_rolls_up_the_target_from_its_benefits(client, portfolio_office, landscape):
    client.force_login(portfolio_office)
    page = client.get(reverse("governance:benefit_map"), {"mission": landscape["mission"].pk}).content.decode()
    assert "Uker til jobb" in page and "Uker fra ledighet til jobb" in page and "Jobbmatch" in page
    # Benefit 26 → 20, realised 23: half the way; the target 26 → 16 measured 24: a fifth of the way.
    assert "50 %" in page and "20 %" in page and "<svg" in page


def test_who_pays_who_gains_uses_the_figure(client, portfolio_office, landscape, nav, other_agency):
    client.force_login(portfolio_office)
    table, totals = flows.flows(portfolio_office)
    assert table == [{**r, "id": r["id"]} for r in table]
    expected = figures.benefit_flows(flows.benefits_for(portfolio_office))
    assert [(r["organisation"], r["net"]) for r in table] == [(r["organisation"], r["net"]) for r in expected]
    nav_row = next(r for r in table if r["organisation"] == nav.name)
    assert nav_row["gain"] == 40_000_000 and nav_row["cost"] == 0
    skatt = next(r for r in table if r["organisation"] == other_agency.name)
    assert skatt["loss"] == 600_000 and skatt["cost"] == 5_000_000  # the dis-benefit once, as a loss
    page = client.get(reverse("governance:flow_detail", args=[other_agency.pk])).content.decode()
    assert "Uker fra ledighet til jobb" in page and nav.name in page  # pays for a gain that lands on NAV
    assert client.get(reverse("governance:flow_list")).status_code == 200
    by_event = client.get(reverse("governance:flow_list"), {"life_event": landscape["job"].pk}).content.decode()
    assert "Færre henvendelser" not in by_event


def test_agency_sees_flows_of_the_measures_it_may_see(other_agency_staff, landscape, nav):
    table, _ = flows.flows(other_agency_staff)
    assert {r["organisation"] for r in table} == {other_agency_staff.organisation.name}


@pytest.mark.parametrize("name", ["governance:roadmap", "governance:benefit_map", "governance:flow_list"])
def test_query_counts_do_not_grow_with_rows(client, portfolio_office, landscape, name, django_assert_max_num_queries):
    client.force_login(portfolio_office)
    url = reverse(name)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(6):
        m = MeasureFactory(title=f"Ekstra {i}", owner=landscape["match"].owner, life_events=[landscape["job"]],
                           start_date=date(2023, 1, 1))  # fmt: skip
        m.missions.add(landscape["mission"])
        b = BenefitFactory(measure=m, annual_value_nok=1000, cost_bearer=m.owner, annual_cost_nok=10)
        b.targets.add(landscape["target"])
        BenefitRealisation.objects.create(benefit=b, date=date(2024, 1, 1), value=5)
        DependencyFactory(from_measure=m, to_measure=landscape["match"], kind="depends_on")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few) <= 14  # the page's own, the filters' choices, session and user


def test_sharing_a_scenario_emails_the_ministrys_officials(
    portfolio_office, ministry_official, asd, mailoutbox, django_capture_on_commit_callbacks
):
    other = UserFactory(username="asd2", organisation=asd, role="ministry_official")
    UserFactory(username="nav2", organisation=OrganisationFactory(name="NAV2"), role="agency_staff")
    scenario = ScenarioFactory(created_by=portfolio_office, name="Romslig")
    with django_capture_on_commit_callbacks(execute=True):
        scenario_share(scenario=scenario, ministries=[asd], by=portfolio_office)
    assert sorted(m.to[0] for m in mailoutbox) == sorted([ministry_official.email, other.email])
    assert "Romslig" in mailoutbox[0].subject and f"/styring/scenarioer/{scenario.pk}/" in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        scenario_share(scenario=scenario, ministries=[asd], by=portfolio_office)  # no change: no new mail
    assert len(mailoutbox) == 2


def test_a_recommendation_is_an_item_in_the_steering_dialogue(client, portfolio_office, ministry_official, asd):
    scenario = ScenarioFactory(created_by=portfolio_office, name="Romslig")
    scenario.status, scenario.result = "done", {"chosen": ["T1"], "candidates": {}, "status": "optimal"}
    scenario.save()
    scenario.shared_with.add(asd)
    first = scenario_recommend(scenario=scenario, text="Velg Romslig.", by=portfolio_office).steering_decision
    assert first.status == DecisionStatus.AWAITING_STEERING and first.outcome == "escalate"
    assert list(first.ministries.all()) == [asd] and "Velg Romslig." in first.rationale
    second = scenario_recommend(scenario=scenario, text="Velg Romslig, men vent med T1.", by=portfolio_office)
    first.refresh_from_db()
    assert first.superseded_by == second.steering_decision and first.status == DecisionStatus.SUPERSEDED
    client.force_login(ministry_official)
    assert Decision.objects.visible_to(ministry_official).filter(pk=second.steering_decision.pk).exists()
    page = client.get(reverse("governance:scenario_detail", args=[scenario.pk])).content.decode()
    assert reverse("decisions:decision_detail", args=[second.steering_decision.pk]) in page
