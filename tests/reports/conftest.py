"""A small portfolio with one of everything the report shows."""

import datetime

import pytest

from tests.factories import governance as g
from tests.factories import lifeevents as le
from tests.factories import portfolio as p
from tests.factories import reports as r
from tests.factories.core import OrganisationFactory


@pytest.fixture
def portfolio_data(nav, other_agency, asd, portfolio_office):
    """Two life events: «Miste og finne jobb» (ASD, NAV) and «Dødsfall og arv» (another ministry)."""
    jd = OrganisationFactory(name="Justis- og beredskapsdepartementet", short_name="JD", kind="ministry")
    ks = OrganisationFactory(name="KS", kind="ks")
    job = le.LifeEventFactory(
        slug="miste-og-finne-jobb",
        name_nb="Miste og finne jobb",
        name_en="Miste og finne jobb",
        owner_ministry=asd,
        sort_order=1,
    )
    death = le.LifeEventFactory(
        slug="dodsfall-og-arv", name_nb="Dødsfall og arv", name_en="Dødsfall og arv", owner_ministry=jd, sort_order=2
    )
    le.LifeEventPhaseFactory(life_event=job, phase="shape", start_date=datetime.date(2024, 1, 1))
    le.ParticipationFactory(life_event=job, organisation=nav, role="executing_agency", involvement="co_owner")
    le.ParticipationFactory(life_event=job, organisation=ks, role="collaborator", involvement="consulted")
    m1 = p.MeasureFactory(title="Jobbsøkerassistent", owner=nav, kind="experiment", budget=2_000_000, life_events=[job])
    m2 = p.MeasureFactory(
        title="Digitalt dødsbo", owner=other_agency, kind="project", budget=3_000_000, life_events=[death]
    )
    p.DependencyFactory(from_measure=m1, to_measure=m2, kind="constrains")
    b1 = p.BenefitFactory(
        measure=m1,
        indicator="Dager til ny jobb",
        baseline=100,
        expected_value=80,
        owner=nav,
        cost_bearer=other_agency,
        annual_value_nok=900_000,
        annual_cost_nok=300_000,
    )
    p.BenefitFactory(measure=m1, indicator="Flere henvendelser", owner=ks, is_disbenefit=True, annual_value_nok=100_000)
    mission = p.MissionFactory(title="Raskere tilbake i jobb", life_events=[job])
    p.MissionTargetFactory(
        mission=mission,
        indicator="Andel i jobb etter 6 mnd",
        baseline=40,
        target_value=60,
        target_date=datetime.date(2030, 1, 1),
    )
    source = g.FundingSourceFactory(name="StimuLab", kind="stimulab")
    g.FundingFactory(source=source, measure=m1, life_event=None, year=2025, amount=1_500_000)
    g.FundingFactory(source=source, life_event=job, year=2026, amount=500_000)
    letter = g.AllocationLetterFactory(ministry=asd, agency=nav, year=2020)
    g.AllocationMentionFactory(
        letter=letter, life_event=job, value="assignment", raw_text="Ja", assignment=True, actor_role="executing_agency"
    )
    decision = g.DecisionFactory(subject="Skalere jobbsøkerassistenten", measure=m1, status="awaiting")
    decision.ministries.add(asd)
    round_ = r.ReportingRoundFactory(title="Runde 3/2026", opened_by=portfolio_office)
    r.StatusReportFactory(
        round=round_,
        measure=m1,
        traffic="yellow",
        progress=40,
        spent=800_000,
        needs_from_ministries="Hjemmel for deling av data",
        indicator_values={str(b1.pk): 90},
        risks='=HYPERLINK("http://x")',
    )
    return {"job": job, "death": death, "m1": m1, "m2": m2, "round": round_, "jd": jd}
