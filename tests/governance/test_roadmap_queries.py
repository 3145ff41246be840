"""The roadmap (styring/veikart/) reads the same number of queries whatever the number of rows it shows (issue 17:
at most 10 a page), for each persona that sees it: measures with their dependencies and moves on the maturity
ladder, proposals, life events and missions as groups, allocation-letter years, reporting rounds, and the filter's
options (life events, ministries, agencies, missions)."""

from datetime import date

import pytest
from django.urls import reverse

from governance.models import AllocationLetter
from portfolio.models import MeasureMove
from tests.factories.core import OrganisationFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import DependencyFactory, MeasureFactory, MissionFactory, ProposalFactory
from tests.factories.reports import ReportingRoundFactory

pytestmark = pytest.mark.django_db


def _rows(nav, asd, portfolio_office, size: int) -> None:
    """`size` of each: NAV's measures in a life event of ASD (each in a mission, depending on the one before, moved
    twice on the ladder), NAV's proposals in step 4, other life events, ministries and agencies, allocation-letter
    years and reporting rounds."""
    job = LifeEventFactory(name_nb="Miste og finne jobb", owner_ministry=asd)
    before = MeasureFactory(title="Grunnmur", owner=nav, life_events=[job], start_date=date(2022, 1, 1))
    for i in range(size):
        event = LifeEventFactory(name_nb=f"Livshendelse {i}", owner_ministry=asd)
        measure = MeasureFactory(title=f"Tiltak {i}", owner=nav, life_events=[job, event], kind="experiment",
                                 start_date=date(2023, 1, 1 + i), end_date=date(2026, 6, 30))  # fmt: skip
        measure.missions.add(MissionFactory(title=f"Oppdrag {i}", life_events=[job]))
        DependencyFactory(from_measure=measure, to_measure=before, kind="depends_on")
        for frm, to in (("experiment", "demonstrator"), ("demonstrator", "national")):
            MeasureMove.objects.create(measure=measure, field="kind", from_value=frm, to_value=to, evidence="Virket.",
                                       by=portfolio_office)  # fmt: skip
        ProposalFactory(title=f"Forslag {i}", organisation=nav, status="deciding", life_events=[job])
        OrganisationFactory(name=f"Departement {i}", kind="ministry")
        MeasureFactory(title=f"Etatens tiltak {i}", owner=OrganisationFactory(name=f"Etat {i}"))
        AllocationLetter.objects.create(ministry=asd, agency=nav, year=2023 + i)
        ReportingRoundFactory(title=f"Runde {i}", life_event=job, deadline=date(2026, 3, 1 + i))
        before = measure


@pytest.mark.parametrize("size", [1, 8])
@pytest.mark.parametrize(
    "persona, by",
    [("portfolio_office", ""), ("portfolio_office", "mission"), ("agency_staff", ""), ("ministry_official", "")],
)
def test_the_roadmap_reads_a_constant_number_of_queries(
    client, nav, asd, portfolio_office, persona, by, size, request, django_assert_max_num_queries
):
    _rows(nav, asd, portfolio_office, size)
    client.force_login(request.getfixturevalue(persona))
    url = reverse("governance:roadmap") + (f"?by={by}" if by else "")
    client.get(url)  # the session's set-up is not the page's own
    # 10 for the office (9 for the others, who have no second factor): the session, the user (and the office's second
    # factor); the measures with what they depend on and their moves, the proposals (not when grouped by mission),
    # the groups' missions (by mission), the allocation-letter years, the reporting rounds; the filter's life events
    # (by life event also the groups), ministries and agencies (one query), missions
    with django_assert_max_num_queries(10 if persona == "portfolio_office" else 9):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    last = size - 1
    for text in (f"Tiltak {last}", "Grunnmur", "ble Nasjonal implementering", f"Runde {last}",
                 f"Departement {last}", f"Etat {last}", f"Oppdrag {last}", f"Livshendelse {last}"):  # fmt: skip
        assert text in body, text
    assert (f"Forslag {last}" in body) is (by != "mission")  # proposals belong to no mission
