"""Budget scenarios through the services and the pages: solved in the worker (eager here) from the portfolio's
candidates and their rubric values, infeasibility explained in words, shared with a ministry, recommended,
compared; every change audited; bad input a 422 with nothing saved."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from governance.scenario_models import Scenario
from governance.scenario_services import scenario_create, scenario_recommend, scenario_share, scenario_update
from tests.factories.governance import FundingFactory, FundingSourceFactory, ScenarioFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import (
    CriterionFactory,
    DependencyFactory,
    MeasureFactory,
    ProposalFactory,
    ReviewAssignmentFactory,
    ScoreFactory,
)


def _scored(proposal, value: int):
    """A submitted review of `proposal` with `value` on the one potential criterion."""
    from django.utils import timezone

    criterion = CriterionFactory(name="Gevinst for brukerne", axis="potential", weight=2)
    assignment = ReviewAssignmentFactory(proposal=proposal, submitted_at=timezone.now())
    ScoreFactory(assignment=assignment, criterion=criterion, value=value)
    return proposal


@pytest.fixture
def portfolio(nav):
    """Three candidates in 2027: a measure that must stay (1 MNOK), a valuable dear proposal (1.5 MNOK), a cheap
    one (0.8 MNOK), and a measure that depends on a terminated one (never chosen)."""
    life_event = LifeEventFactory()
    running = MeasureFactory(title="Digital søknad", owner=nav, budget=1_000_000, life_events=[life_event])
    dear = _scored(ProposalFactory(title="Felles saksmappe", status="assessing", estimated_cost=1_500_000), 5)
    cheap = _scored(ProposalFactory(title="Varsel til foreldre", status="deciding", estimated_cost=800_000), 3)
    stopped = MeasureFactory(title="Nedlagt pilot", status="terminated")
    blocked = MeasureFactory(title="Bygger på piloten", owner=nav, budget=0)
    DependencyFactory(from_measure=blocked, to_measure=stopped)
    return {"running": running, "dear": dear, "cheap": cheap, "blocked": blocked, "life_event": life_event}


def _create(office, portfolio, django_capture_on_commit_callbacks, budget: int, **extra) -> Scenario:
    data = {"name": f"{budget} kroner", "budgets": {"2027": budget}, "mandatory": [portfolio["running"]], **extra}
    with django_capture_on_commit_callbacks(execute=True):
        scenario = scenario_create(data=data, by=office)
    scenario.refresh_from_db()
    return scenario


def test_a_scenario_is_solved_on_commit_with_the_rubric_values(
    portfolio_office, portfolio, django_capture_on_commit_callbacks
):
    scenario = _create(portfolio_office, portfolio, django_capture_on_commit_callbacks, 2_600_000)
    result = scenario.result
    assert scenario.status == "done" and scenario.progress == 100 and result["status"] == "optimal"
    # 1.0 (must stay) + 1.5 fits 2.6 MNOK and beats 1.0 + 0.8: the weighted potential 5 against 3.
    assert result["chosen"] == sorted([f"T{portfolio['running'].pk}", f"F{portfolio['dear'].pk}"])
    assert result["value"] == 5.0 and result["spend"] == {"2027": 2_500_000}
    assert f"T{portfolio['blocked'].pk}" in result["unavailable"]
    assert f"T{portfolio['running'].pk}" in result["unscored"]
    steps = {s["factor"]: s for s in result["frontier"]}
    assert steps[2.0]["value"] == 8.0 and f"F{portfolio['cheap'].pk}" in steps[1.5]["entering"]
    actions = list(AuditEvent.objects.filter(object_id=str(scenario.pk)).values_list("action", flat=True))
    assert actions.count("governance.scenario.created") == 1 and "governance.scenario.solved" in actions


def test_funding_rows_give_the_cost_per_year_and_source(
    portfolio_office, portfolio, django_capture_on_commit_callbacks
):
    stimulab = FundingSourceFactory(name="StimuLab", kind="stimulab")
    FundingFactory(source=stimulab, measure=portfolio["running"], life_event=None, year=2027, amount=700_000)
    scenario = _create(
        portfolio_office,
        portfolio,
        django_capture_on_commit_callbacks,
        3_000_000,
        source_budgets={"2027|StimuLab": 500_000},
    )
    assert scenario.result["status"] == "infeasible"
    (conflict,) = scenario.result["conflicts"]
    assert (conflict["kind"], conflict["source"], conflict["amount"]) == ("source_budget", "StimuLab", 700_000)


def test_an_infeasible_scenario_says_which_constraint_cannot_be_met(
    client, portfolio_office, portfolio, django_capture_on_commit_callbacks
):
    scenario = _create(portfolio_office, portfolio, django_capture_on_commit_callbacks, 600_000)
    assert scenario.result["status"] == "infeasible" and scenario.result["chosen"] == []
    client.force_login(portfolio_office)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "Ingen utvalg oppfyller alle kravene" in page
    assert "Digital søknad" in page and "1\u00a0000\u00a0000" in page and "600\u00a0000" in page


def test_changing_a_scenario_solves_it_again_and_audits_the_change(
    portfolio_office, portfolio, django_capture_on_commit_callbacks
):
    scenario = _create(portfolio_office, portfolio, django_capture_on_commit_callbacks, 600_000)
    with django_capture_on_commit_callbacks(execute=True):
        scenario_update(scenario=scenario, data={"budgets": {"2027": 1_900_000}, "mandatory": []}, by=portfolio_office)
    scenario.refresh_from_db()
    assert scenario.result["status"] == "optimal" and scenario.result["chosen"] == [f"F{portfolio['dear'].pk}"]
    changed = AuditEvent.objects.get(object_id=str(scenario.pk), action="governance.scenario.changed")
    assert changed.changes["budgets"] == {"2027": 1_900_000} and changed.changes["mandatory"] == []


def test_the_office_shares_with_a_ministry_who_then_sees_it(
    client, portfolio_office, ministry_official, portfolio, django_capture_on_commit_callbacks
):
    scenario = _create(portfolio_office, portfolio, django_capture_on_commit_callbacks, 2_600_000)
    client.force_login(ministry_official)
    assert client.get(scenario.get_absolute_url()).status_code == 404
    scenario_share(scenario=scenario, ministries=[ministry_official.organisation], by=portfolio_office)
    response = client.get(scenario.get_absolute_url())
    assert response.status_code == 200 and "Felles saksmappe" in response.content.decode()
    assert "Del med departementer" not in response.content.decode()  # the sharing form is the office's
    assert list(Scenario.objects.visible_to(ministry_official)) == [scenario]
    shared = AuditEvent.objects.get(object_id=str(scenario.pk), action="governance.scenario.shared")
    assert shared.changes == {"added": [ministry_official.organisation.pk], "removed": []}


def test_a_solved_scenario_becomes_the_recommendation(
    client, portfolio_office, portfolio, django_capture_on_commit_callbacks
):
    scenario = _create(portfolio_office, portfolio, django_capture_on_commit_callbacks, 2_600_000)
    client.force_login(portfolio_office)
    url = reverse("governance:scenario_recommend", kwargs={"pk": scenario.pk})
    response = client.post(url, {"recommendation": "Finansier felles saksmappe i 2027."})
    assert response.status_code == 302
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "Kontorets anbefaling til styringsdialogen" in page and "Finansier felles saksmappe i 2027." in page
    assert AuditEvent.objects.filter(object_id=str(scenario.pk), action="governance.scenario.recommended").exists()


def test_an_infeasible_scenario_cannot_be_recommended(
    client, portfolio_office, portfolio, django_capture_on_commit_callbacks
):
    from django.core.exceptions import ValidationError

    scenario = _create(portfolio_office, portfolio, django_capture_on_commit_callbacks, 600_000)
    with pytest.raises(ValidationError):
        scenario_recommend(scenario=scenario, text="Velg dette.", by=portfolio_office)
    client.force_login(portfolio_office)
    url = reverse("governance:scenario_recommend", kwargs={"pk": scenario.pk})
    response = client.post(url, {"recommendation": "Velg dette."})
    assert response.status_code == 409  # the policy's state half refuses it, on a whole page that says why
    assert scenario.name in response.content.decode()
    scenario.refresh_from_db()
    assert scenario.recommended_at is None


def test_the_form_saves_a_scenario_and_shows_its_result(
    client, portfolio_office, portfolio, django_capture_on_commit_callbacks
):
    client.force_login(portfolio_office)
    data = {
        "name": "Stramt budsjett",
        "budgets": "2027: 2 600 000",
        "mandatory": [portfolio["running"].pk],
        f"limit_{portfolio['life_event'].pk}": "3",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("governance:scenario_create"), data)
    assert response.status_code == 302
    scenario = Scenario.objects.get(name="Stramt budsjett")
    response = client.get(response.url)
    assert scenario.budgets == {"2027": 2_600_000}
    assert scenario.life_event_limits == {str(portfolio["life_event"].pk): 3}
    assert "Bevist optimalt" in response.content.decode()


@pytest.mark.parametrize(
    ("budgets", "extra", "message"),
    [
        ("tjue millioner", {}, "Linje 1 er ikke forstått"),
        ("", {}, "Dette feltet er påkrevd"),
        ("2027: 100", {"source_budgets": "2027 Ukjent kilde: 5"}, "Ukjent kilde"),
        ("2027: 100", {"exclusions": "T1"}, "to forskjellige koder"),
    ],
)
def test_bad_input_is_a_422_with_the_reason_and_nothing_saved(client, portfolio_office, budgets, extra, message):
    client.force_login(portfolio_office)
    response = client.post(reverse("governance:scenario_create"), {"name": "Feil", "budgets": budgets, **extra})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Scenario.objects.exists()


def test_two_scenarios_side_by_side(client, portfolio_office, portfolio, django_capture_on_commit_callbacks):
    small = _create(portfolio_office, portfolio, django_capture_on_commit_callbacks, 1_800_000)
    large = _create(portfolio_office, portfolio, django_capture_on_commit_callbacks, 2_600_000)
    client.force_login(portfolio_office)
    response = client.get(reverse("governance:scenario_compare"), {"a": small.pk, "b": large.pk})
    page = response.content.decode()
    assert response.status_code == 200
    assert small.name in page and large.name in page
    assert "Varsel til foreldre" in page and "Felles saksmappe" in page and "Valgt i begge" in page


def test_a_ministry_cannot_compare_a_scenario_not_shared_with_it(client, ministry_official, portfolio_office):
    mine = ScenarioFactory(created_by=portfolio_office)
    mine.shared_with.add(ministry_official.organisation)
    hidden = ScenarioFactory(created_by=portfolio_office)
    client.force_login(ministry_official)
    response = client.get(reverse("governance:scenario_compare"), {"a": mine.pk, "b": hidden.pk})
    assert response.status_code == 422


def test_the_list_shows_a_ministry_only_what_is_shared(client, ministry_official, portfolio_office):
    shared = ScenarioFactory(name="Delt med ASD", created_by=portfolio_office)
    shared.shared_with.add(ministry_official.organisation)
    ScenarioFactory(name="Internt utkast", created_by=portfolio_office)
    client.force_login(ministry_official)
    page = client.get(reverse("governance:scenario_list")).content.decode()
    assert "Delt med ASD" in page and "Internt utkast" not in page
    assert "Nytt scenario" not in page


def test_the_scenario_page_reads_the_same_queries_whatever_the_candidates(
    client, portfolio_office, portfolio, django_capture_on_commit_callbacks
):
    small = _create(portfolio_office, portfolio, django_capture_on_commit_callbacks, 2_600_000)
    for i in range(20):
        MeasureFactory(title=f"Tiltak {i}", budget=100_000)
    large = _create(portfolio_office, portfolio, django_capture_on_commit_callbacks, 2_600_000)
    assert large.result["candidate_count"] == small.result["candidate_count"] + 20
    client.force_login(portfolio_office)
    client.get(small.get_absolute_url())  # the session and the user, once
    counts = []
    for scenario in (small, large):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(scenario.get_absolute_url()).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1] <= 10


def test_a_scenario_maximises_the_priority_value_and_records_the_weights_used(
    client, portfolio_office, portfolio, django_capture_on_commit_callbacks
):
    """With strategic drivers weighed, the value maximised is the value the priorities show (rubric and drivers,
    one definition); the scenario keeps the version of the weights it was solved with."""
    from governance.drivers import driver_create, driver_scores_set, weights_set_direct
    from governance.priority_queries import priority_list

    urgency = driver_create(data={"name": "Haster", "description": "", "sort_order": 0}, by=portfolio_office)
    weights_set_direct(weights={urgency.pk: 1}, rubric_share=0.2, by=portfolio_office)
    version = weights_set_direct(weights={urgency.pk: 1}, rubric_share=0.25, by=portfolio_office)
    # The cheap proposal is urgent, the dear one is not: with the drivers at 75 % the cheap one is worth more.
    driver_scores_set(target=portfolio["cheap"], scores={urgency.pk: 5}, by=portfolio_office)
    driver_scores_set(target=portfolio["dear"], scores={urgency.pk: 1}, by=portfolio_office)
    scenario = _create(portfolio_office, portfolio, django_capture_on_commit_callbacks, 2_600_000)
    result = scenario.result
    shown = {r.key: r.value for r in priority_list(portfolio_office)[0]}
    cheap, dear = f"F{portfolio['cheap'].pk}", f"F{portfolio['dear'].pk}"
    assert result["candidates"][cheap][2] == shown[cheap] == 0.25 * 3 + 0.75 * 5
    assert result["candidates"][dear][2] == shown[dear] == 0.25 * 5 + 0.75 * 1
    assert sorted(result["chosen"]) == sorted([f"T{portfolio['running'].pk}", cheap])
    assert scenario.driver_weighting == version and result["weights"]["version"] == version.version == 2
    solved = AuditEvent.objects.get(object_id=str(scenario.pk), action="governance.scenario.solved")
    assert solved.changes["weights_version"] == 2
    # A newer weighting does not change what the solved scenario says it used, until it is solved again.
    weights_set_direct(weights={urgency.pk: 1}, rubric_share=1, by=portfolio_office)
    scenario.refresh_from_db()
    assert scenario.driver_weighting == version
    client.force_login(portfolio_office)
    page = client.get(scenario.get_absolute_url()).content.decode()
    assert "med drivervektene i versjon 2" in page


def test_without_drivers_the_value_is_the_rubric_alone(
    client, portfolio_office, portfolio, django_capture_on_commit_callbacks
):
    scenario = _create(portfolio_office, portfolio, django_capture_on_commit_callbacks, 2_600_000)
    assert scenario.driver_weighting is None
    assert scenario.result["weights"] == {"version": None, "rubric_percent": 100, "drivers_percent": 0,
                                          "drivers": False}  # fmt: skip
    assert scenario.result["candidates"][f"F{portfolio['dear'].pk}"][2] == 5.0
