"""The report shows each measure's benefit-plan versions with dates and reasons when its plan changed (issue 23)."""

import datetime

from django.utils import translation

from portfolio.services import benefit_plans
from reports import frames, queries
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import BenefitFactory, MeasureFactory
from tests.factories.reports import ReportingRoundFactory


def test_changed_plans_show_every_version_and_unchanged_ones_none(nav, portfolio_office):
    life_event = LifeEventFactory(name_nb="Alvorlig sykt barn")
    changed = MeasureFactory(
        owner=nav, title="Pleiepenger", life_events=[life_event], start_date=datetime.date(2025, 1, 1)
    )
    same = MeasureFactory(owner=nav, title="Uendret", life_events=[life_event])
    for measure in (changed, same):
        BenefitFactory(measure=measure, owner=nav)
        benefit_plans.plan_start(measure=measure, by=portfolio_office)
    benefit_plans.plan_new_version(
        measure=changed,
        benefits=benefit_plans.current_entries(changed),
        reason="Ny innsikt fra Skatteetaten",
        by=portfolio_office,
        date=datetime.date(2026, 3, 1),
    )
    round_ = ReportingRoundFactory(life_event=life_event)
    with translation.override("en"):
        built = frames.build(queries.round_data(round_, life_event.pk), life_event.pk)
        table = built["sections"][0][2]["plan_versions"]
    rows = table.to_dict("records")
    assert [(r["Measure"], r["Plan version"], r["In force from"]) for r in rows] == [
        ("Pleiepenger", 1, "2025-01-01"),
        ("Pleiepenger", 2, "2026-03-01"),
    ]
    assert rows[1]["Reason"] == "Ny innsikt fra Skatteetaten"
