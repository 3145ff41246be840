"""A measure's benefit plan in versions (issue 23): version 1 from the measure's benefits, new versions only
through the service (audited, never edited in place), two versions compared, realised values judged against the
version in force on their date, and the measure's page and compare page showing the history."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent
from lifeevents import figures
from portfolio.models import BenefitPlanVersion, BenefitRealisation
from portfolio.services import benefit_plans
from tests.factories.portfolio import BenefitFactory, MeasureFactory

D = datetime.date


@pytest.fixture
def measure(nav, other_agency):
    measure = MeasureFactory(owner=nav, title="Felles søknad", start_date=D(2025, 1, 1))
    BenefitFactory(measure=measure, indicator="Timer spart", baseline=0, expected_value=10, owner=nav)
    BenefitFactory(measure=measure, indicator="Færre feil", baseline=100, expected_value=50, owner=other_agency)
    return measure


def _entries(measure):
    return [dict(e) for e in benefit_plans.current_entries(measure)]


def test_version_one_is_the_measures_benefits(measure, portfolio_office):
    v1 = benefit_plans.plan_start(measure=measure, by=portfolio_office)
    assert v1.number == 1 and v1.date == D(2025, 1, 1)
    assert [e["indicator"] for e in v1.benefits] == ["Timer spart", "Færre feil"]
    assert v1.benefits[0]["target"] == "10.00" and v1.benefits[1]["owner"] == "Skatteetaten"
    assert benefit_plans.plan_start(measure=measure, by=portfolio_office) == v1  # started once


def test_new_version_keeps_the_old_and_is_audited(measure, portfolio_office):
    entries = _entries(measure)
    entries[0]["target"] = "15"
    v2 = benefit_plans.plan_new_version(
        measure=measure,
        benefits=entries,
        reason="Ny innsikt fra brukerpanel",
        by=portfolio_office,
        date=D(2026, 1, 1),
    )
    assert [v.number for v in measure.plan_versions.all()] == [1, 2]
    assert measure.plan_versions.get(number=1).benefits[0]["target"] == "10.00"  # never edited in place
    assert v2.benefits[0]["target"] == "15" and v2.reason == "Ny innsikt fra brukerpanel"
    event = AuditEvent.objects.get(action="portfolio.benefitplanversion.created", object_id=str(v2.pk))
    assert event.changes["changed"] == ["Timer spart"] and event.note == "Ny innsikt fra brukerpanel"


def test_bad_input_saves_nothing(measure, portfolio_office):
    with pytest.raises(ValidationError):
        benefit_plans.plan_new_version(measure=measure, benefits=_entries(measure), reason=" ", by=portfolio_office)
    bad = [*_entries(measure), {"indicator": "", "owner_id": measure.owner_id}]
    with translation.override("en"), pytest.raises(ValidationError, match="Benefit 3 needs an indicator"):
        benefit_plans.plan_new_version(measure=measure, benefits=bad, reason="Ny", by=portfolio_office)
    assert not BenefitPlanVersion.objects.filter(measure=measure).exists()


def test_compare_lists_added_removed_and_changed(measure, portfolio_office, nav):
    v1 = benefit_plans.plan_start(measure=measure, by=portfolio_office)
    entries = _entries(measure)
    entries[0]["target_date"] = "2027-12-31"
    entries = [entries[0], {"indicator": "Raskere vedtak", "owner_id": nav.pk, "target": "5"}]
    v2 = benefit_plans.plan_new_version(measure=measure, benefits=entries, reason="Endret", by=portfolio_office)
    diff = benefit_plans.plan_compare(v1, v2)
    assert [e["indicator"] for e in diff["added"]] == ["Raskere vedtak"]
    assert [e["indicator"] for e in diff["removed"]] == ["Færre feil"]
    assert [(c["new"]["indicator"], c["fields"]) for c in diff["changed"]] == [("Timer spart", ["target_date"])]


def test_dropping_a_benefit_another_agency_gains_is_named(measure):
    keep_own = [e for e in _entries(measure) if e["indicator"] == "Timer spart"]
    assert [e["owner"] for e in benefit_plans.dropped_for_others(measure, keep_own)] == ["Skatteetaten"]
    assert benefit_plans.dropped_for_others(measure, _entries(measure)) == []


def test_plan_in_force_figure():
    versions = [{"number": 1, "date": D(2025, 1, 1)}, {"number": 2, "date": D(2026, 1, 1)}]
    assert figures.plan_in_force(versions, D(2024, 12, 31)) is None
    assert figures.plan_in_force(versions, D(2025, 12, 31))["number"] == 1
    assert figures.plan_in_force(versions, D(2026, 1, 1))["number"] == 2
    same_day = [*versions, {"number": 3, "date": D(2026, 1, 1)}]
    assert figures.plan_in_force(same_day, D(2026, 6, 1))["number"] == 3


def test_realisations_are_judged_against_the_version_in_force(measure, portfolio_office):
    benefit = measure.benefits.get(indicator="Timer spart")
    BenefitRealisation.objects.create(benefit=benefit, date=D(2025, 6, 1), value=5)
    BenefitRealisation.objects.create(benefit=benefit, date=D(2026, 6, 1), value=5)
    benefit_plans.plan_start(measure=measure, by=portfolio_office)
    entries = _entries(measure)
    entries[0]["target"] = "20"  # the target doubled from 2026
    benefit_plans.plan_new_version(
        measure=measure, benefits=entries, reason="Større mål", by=portfolio_office, date=D(2026, 1, 1)
    )
    judged = benefit_plans.realisations_judged(measure)
    assert [(j["version"]["number"], j["entry"]["target"], j["share"]) for j in judged] == [
        (1, "10.00", 0.5),
        (2, "20", 0.25),
    ]


def test_a_realisation_of_a_dropped_benefit_is_not_judged(measure, portfolio_office):
    dropped = measure.benefits.get(indicator="Færre feil")
    BenefitRealisation.objects.create(benefit=dropped, date=D(2026, 6, 1), value=Decimal(80))
    benefit_plans.plan_start(measure=measure, by=portfolio_office)
    keep = [e for e in _entries(measure) if e["key"] != str(dropped.pk)]
    benefit_plans.plan_new_version(measure=measure, benefits=keep, reason="Smalere", by=portfolio_office)
    (judged,) = benefit_plans.realisations_judged(measure)
    assert judged["version"]["number"] == 1 and judged["share"] == pytest.approx(0.4)


def test_measure_page_shows_history_and_compare(client, measure, portfolio_office, agency_staff):
    benefit_plans.plan_start(measure=measure, by=portfolio_office)
    benefit_plans.plan_new_version(
        measure=measure,
        benefits=_entries(measure)[:1],
        reason="Skatteetaten tar over feilmålingen",
        by=portfolio_office,
    )
    client.force_login(agency_staff)
    page = client.get(measure.get_absolute_url()).content.decode()
    assert "Skatteetaten tar over feilmålingen" in page, page[page.find("<main") :][:3000]
    assert "Versjon 2" in page
    compare = client.get(reverse("portfolio:benefit_plan_compare", args=[measure.pk]) + "?a=1&b=2")
    assert compare.status_code == 200
    text = compare.content.decode()
    assert "Færre feil (Skatteetaten)" in text  # removed
    assert client.get(reverse("portfolio:benefit_plan_compare", args=[measure.pk]) + "?a=x&b=9").status_code == 200


def test_compare_of_a_measure_without_a_plan_is_404(client, measure, agency_staff):
    client.force_login(agency_staff)
    assert client.get(reverse("portfolio:benefit_plan_compare", args=[measure.pk])).status_code == 404


def test_measure_page_query_count_constant(
    client, measure, portfolio_office, agency_staff, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(agency_staff)
    benefit_plans.plan_start(measure=measure, by=portfolio_office)
    client.get(measure.get_absolute_url())  # the session's first request does its own one-off queries
    with CaptureQueriesContext(connection) as one:
        client.get(measure.get_absolute_url())
    for n in range(3):
        benefit_plans.plan_new_version(
            measure=measure, benefits=_entries(measure), reason=f"Runde {n}", by=portfolio_office
        )
    with CaptureQueriesContext(connection) as four:
        client.get(measure.get_absolute_url())
    assert len(four) == len(one), "\n".join(q["sql"][:150] for q in four.captured_queries)
