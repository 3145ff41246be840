"""The office keeps the funding per measure and year in the portal: adds a row (source, year, amount, or none when
the amount is unknown and a status says what is known) and edits one, through the audited services; the list says
"unknown" for a row without an amount; nobody else is offered or allowed the forms; bad input answers 422 and saves
nothing."""

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent
from governance.models import Funding
from tests.factories.governance import FundingFactory, FundingSourceFactory
from tests.factories.portfolio import MeasureFactory


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield


@pytest.fixture
def measure(agency_staff):
    return MeasureFactory(owner=agency_staff.organisation, title="Jobbsøkerassistent")


def test_the_office_adds_funding_with_an_unknown_amount(client, portfolio_office, measure):
    source = FundingSourceFactory()
    client.force_login(portfolio_office)
    assert reverse("governance:funding_create") in client.get(reverse("governance:funding_list")).content.decode()
    data = {"measure": measure.pk, "year": "2027", "source": source.pk, "amount": "", "status": "applied"}
    response = client.post(reverse("governance:funding_create"), data)
    assert response.status_code == 302 and response["Location"] == reverse("governance:funding_list")
    funding = Funding.objects.get()
    assert (funding.measure, funding.year, funding.amount, funding.status) == (measure, 2027, None, "applied")
    assert AuditEvent.objects.get(action="governance.funding.created").actor == portfolio_office
    row = client.get(reverse("governance:funding_list")).content.decode().split("Jobbsøkerassistent", 1)[1]
    assert "ukjent" in row.split("</tr>", 1)[0]


def test_neither_an_amount_nor_a_status_is_refused(client, portfolio_office, measure):
    client.force_login(portfolio_office)
    data = {"measure": measure.pk, "year": "2027", "source": FundingSourceFactory().pk, "amount": "", "status": ""}
    response = client.post(reverse("governance:funding_create"), data)
    assert response.status_code == 422 and "Oppgi et beløp, en status eller begge" in response.content.decode()
    assert not Funding.objects.exists()


def test_a_negative_amount_or_a_bad_year_is_refused(client, portfolio_office, measure):
    client.force_login(portfolio_office)
    source = FundingSourceFactory()
    for bad in ({"amount": "-5", "year": "2027"}, {"amount": "5", "year": "99999"}, {"amount": "x", "year": "2027"}):
        data = {"measure": measure.pk, "source": source.pk, "status": "", **bad}
        assert client.post(reverse("governance:funding_create"), data).status_code == 422
    assert not Funding.objects.exists()


def test_the_office_edits_a_row_and_only_the_change_is_audited(client, portfolio_office, measure):
    funding = FundingFactory(measure=measure, life_event=None, year=2026, amount=1_200_000)
    client.force_login(portfolio_office)
    edit = reverse("governance:funding_edit", args=[funding.pk])
    assert edit in client.get(reverse("governance:funding_list")).content.decode()
    data = {"measure": measure.pk, "year": "2026", "source": funding.source_id, "amount": "1500000", "status": ""}
    assert client.post(edit, data).status_code == 302
    funding.refresh_from_db()
    assert funding.amount == 1_500_000
    assert AuditEvent.objects.get(action="governance.funding.changed").changes == {"amount": ["1200000", "1500000"]}


@pytest.mark.parametrize("persona", ["agency_staff", "ministry_official", "other_agency_staff"])
def test_others_are_not_offered_the_forms_and_are_refused_them(request, client, persona, measure):
    funding = FundingFactory(measure=measure, life_event=None, year=2026, amount=1_200_000)
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("governance:funding_list")).content.decode()
    assert reverse("governance:funding_create") not in page
    assert reverse("governance:funding_edit", args=[funding.pk]) not in page
    data = {"measure": measure.pk, "year": "2026", "source": funding.source_id, "amount": "1"}
    assert client.post(reverse("governance:funding_create"), data).status_code == 403
    expected = 403 if persona == "agency_staff" else 404  # outside the scope: not found
    assert client.post(reverse("governance:funding_edit", args=[funding.pk]), data).status_code == expected
    funding.refresh_from_db()
    assert funding.amount == 1_200_000 and Funding.objects.count() == 1


def test_the_form_reads_the_same_number_of_queries_with_more_measures(client, portfolio_office, agency_staff):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(portfolio_office)
    url = reverse("governance:funding_create")
    counts = []
    for _round in range(2):
        for _ in range(5):
            FundingFactory(measure=MeasureFactory(owner=agency_staff.organisation), life_event=None)
        client.get(url)
        with CaptureQueriesContext(connection) as sql:
            assert client.get(url).status_code == 200
        counts.append(len(sql.captured_queries))
    assert counts[0] == counts[1] and counts[0] <= 10, counts
