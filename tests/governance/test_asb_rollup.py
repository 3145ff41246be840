"""The benefits map on the demo data: Alvorlig sykt barn's mission targets roll up from the realisations of the
benefits that serve them, against the baseline and target the demo gives, on the ten-year portfolio (2022–2032)
that Digdir's mission case describes (the quotation in demo/reference/digdir.py)."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from demo.reference.digdir import MISSION_APPROACHES
from governance.benefit_map import benefit_map
from lifeevents import figures
from portfolio.models import Mission

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")
    return Mission.objects.get(title="Samfunnsoppdrag: Alvorlig sykt barn")


def _rollups(user, mission):
    (mission_map,) = benefit_map(user, mission_id=mission.pk)
    return {r["target"]["indicator"]: r for r in mission_map.rollups}


def test_the_targets_span_the_ten_year_portfolio_of_the_case(demo, portfolio_office):
    assert "tiårig (2022-2032)" in MISSION_APPROACHES["alvorlig-sykt-barn"]["innovation_portfolio"]
    assert (demo.portfolio_start, demo.portfolio_end) == (2022, 2032)
    for r in _rollups(portfolio_office, demo).values():
        assert r["target"]["baseline_date"] == date(2022, 1, 1) and r["target"]["target_date"] == date(2032, 12, 31)


def test_coherent_services_target_rolls_up_from_the_coordinator_app_and_the_shared_care_plan(demo, portfolio_office):
    r = _rollups(portfolio_office, demo)["Andel familier som opplever tjenestene som sammenhengende"]
    assert (r["target"]["baseline"], r["target"]["target_value"]) == (Decimal(25), Decimal(80))
    assert r["current"] == Decimal(30) and r["current_date"] == date(2024, 6, 30)
    assert r["share"] == pytest.approx(5 / 55)  # 25 → 80, measured 30
    served = {b["measure__title"]: b for b in r["benefits"]}
    assert set(served) == {
        "Koordinator-app for familier med alvorlig syke barn",
        "Deling av pleieplan mellom sykehus og kommune",
    }
    app = served["Koordinator-app for familier med alvorlig syke barn"]
    assert (app["baseline"], app["expected_value"], app["realised"]) == (Decimal(20), Decimal(70), Decimal(45))
    assert app["owner__name"] and app["cost_bearer__name"]  # who owns it, who pays for it
    # Each benefit half its way (20 → 70 realised 45; 6 → 1 realised 3.5): the roll-up is their mean, as of the date.
    assert r["benefit_share"] == pytest.approx(0.5) and r["as_of"] == date(2024, 6, 30)
    assert r == figures.target_rollup(r["target"], {"value": r["current"], "date": r["current_date"]}, r["benefits"])


def test_coordination_hours_target_counts_the_dis_benefit_on_the_map_but_not_in_the_roll_up(demo, portfolio_office):
    r = _rollups(portfolio_office, demo)["Timer foreldre bruker på koordinering per måned"]
    assert r["share"] == pytest.approx(0.2)  # 20 → 5 hours, measured 17
    dis = [b for b in r["benefits"] if b["is_disbenefit"]]
    assert len(dis) == 1 and dis[0]["realised"] is None and dis[0]["owner__name"]
    assert r["benefit_share"] == pytest.approx(0.5)  # 30 → 8 hours on applications, realised 19


def test_the_page_shows_the_roll_ups_to_a_ministry(client, demo, settings):
    from core.models import User

    ministry = User.objects.get(username="ministry")
    client.force_login(ministry)
    page = client.get(reverse("governance:benefit_map"), {"mission": demo.pk}).content.decode()
    assert "Andel familier som opplever tjenestene som sammenhengende" in page
    assert page.count('data-testid="rollup"') == 2
