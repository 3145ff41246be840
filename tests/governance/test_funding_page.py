"""Funding per measure and year: every persona sees the funding of the measures in their scope, by measure, year
and source, filtered by year; the page's query count does not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Funding
from tests.factories.governance import FundingFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import MeasureFactory


@pytest.fixture
def funding(agency_staff, other_agency_staff, ministry_official):
    ours = LifeEventFactory(owner_ministry=ministry_official.organisation)
    nav = MeasureFactory(owner=agency_staff.organisation, title="Jobbsøkerassistent", life_events=[ours])
    skatt = MeasureFactory(owner=other_agency_staff.organisation, title="Skattekort for bedrifter")
    FundingFactory(measure=nav, life_event=None, year=2026, amount=1_200_000)
    FundingFactory(measure=nav, life_event=None, year=2027, amount=None, status="applied")
    FundingFactory(measure=skatt, life_event=None, year=2026, amount=800_000)
    return {"nav": nav, "skatt": skatt}


def _page(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("governance:funding_list"), params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("persona", "sees_nav", "sees_skatt"),
    [
        ("agency_staff", True, False),
        ("other_agency_staff", False, True),
        ("ministry_official", True, False),
        ("portfolio_office", True, True),
    ],
)
def test_funding_is_shown_within_the_scope(request, client, funding, persona, sees_nav, sees_skatt):
    user = request.getfixturevalue(persona)
    page = _page(client, user)
    assert ("Jobbsøkerassistent" in page) == sees_nav
    assert ("Skattekort for bedrifter" in page) == sees_skatt
    visible = set(Funding.objects.visible_to(user).filter(measure__isnull=False).values_list("measure_id", flat=True))
    assert (funding["nav"].pk in visible) == sees_nav


def test_rows_show_year_source_status_and_amount_and_filter_by_year(client, funding, portfolio_office):
    page = _page(client, portfolio_office)
    assert "1&nbsp;200&nbsp;000" in page or "1 200 000" in page or "1\xa0200\xa0000" in page
    assert "Søkt om" in page
    only_2027 = _page(client, portfolio_office, year="2027")
    assert "Jobbsøkerassistent" in only_2027 and "Skattekort for bedrifter" not in only_2027
    assert "Skattekort for bedrifter" in _page(client, portfolio_office, year="tjuetjueseks")  # ignored


def test_the_query_count_does_not_grow_with_the_rows(client, funding, portfolio_office):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("governance:funding_list")).status_code == 200
        return sum(1 for q in queries.captured_queries if "django_session" not in q["sql"])

    client.force_login(portfolio_office)
    client.get(reverse("governance:funding_list"))
    few = count()
    for year in range(2020, 2026):
        FundingFactory(measure=MeasureFactory(), life_event=None, year=year)
    assert count() == few
