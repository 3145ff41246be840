"""The benefit register: each persona sees the benefits of the measures they may see, with owner, baseline, target
and the latest realisation, filtered by life event, mission and owner; the office records realisations and edits a
benefit through the audited services; the pages' query counts do not grow with the rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import AuditEvent
from portfolio.models import BenefitRealisation, TargetMeasurement
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import BenefitFactory, MeasureFactory, MissionFactory


@pytest.fixture
def register(agency_staff, other_agency_staff, ministry_official):
    """A NAV benefit in a life event ASD owns (with two realisations) and a Skatteetaten benefit elsewhere."""
    ours = LifeEventFactory(owner_ministry=ministry_official.organisation, name_nb="Miste og finne jobb")
    theirs = LifeEventFactory(name_nb="Starte og drive en bedrift")
    mission = MissionFactory(title="Raskere tilbake i jobb")
    nav_measure = MeasureFactory(owner=agency_staff.organisation, title="Jobbsøkerassistent", life_events=[ours])
    nav_measure.missions.add(mission)
    nav = BenefitFactory(measure=nav_measure, indicator="Uker til ny jobb", unit="uker", baseline=14, expected_value=10)
    BenefitRealisation.objects.create(benefit=nav, date=datetime.date(2025, 6, 30), value=13)
    BenefitRealisation.objects.create(benefit=nav, date=datetime.date(2026, 6, 30), value=12)
    skatt_measure = MeasureFactory(owner=other_agency_staff.organisation, title="Skattekort", life_events=[theirs])
    skatt = BenefitFactory(measure=skatt_measure, indicator="Timer spart per bedrift")
    return {"nav": nav, "skatt": skatt, "ours": ours, "theirs": theirs, "mission": mission}


def _page(client, user, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("portfolio:benefit_list"), params)
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
def test_the_register_shows_the_benefits_in_scope(request, client, register, persona, sees_nav, sees_skatt):
    page = _page(client, request.getfixturevalue(persona))
    assert ("Uker til ny jobb" in page) == sees_nav
    assert ("Timer spart per bedrift" in page) == sees_skatt


def test_a_row_has_owner_baseline_target_and_the_latest_realisation(client, register, portfolio_office):
    page = _page(client, portfolio_office)
    row = page.split("Uker til ny jobb", 1)[1].split("</tr>", 1)[0]
    assert "Jobbsøkerassistent" in row and "NAV" in row
    assert "14 uker" in row and "10 uker" in row
    assert "12 uker" in row and "30.06.2026" in row and "13 uker" not in row


def test_the_register_filters_by_life_event_mission_and_owner(client, register, portfolio_office, other_agency):
    by_event = _page(client, portfolio_office, life_event=register["theirs"].pk)
    assert "Timer spart per bedrift" in by_event and "Uker til ny jobb" not in by_event
    by_mission = _page(client, portfolio_office, mission=register["mission"].pk)
    assert "Uker til ny jobb" in by_mission and "Timer spart per bedrift" not in by_mission
    by_owner = _page(client, portfolio_office, owner=other_agency.pk)
    assert "Timer spart per bedrift" in by_owner and "Uker til ny jobb" not in by_owner
    assert "Uker til ny jobb" in _page(client, portfolio_office, owner="x")  # nonsense in the filter: ignored


def test_the_benefit_page_shows_the_realisations_over_time(client, register, agency_staff):
    client.force_login(agency_staff)
    page = client.get(reverse("portfolio:benefit_detail", args=[register["nav"].pk])).content.decode()
    table = page.split('id="realisations"', 1)[1]
    assert table.index("30.06.2025") < table.index("30.06.2026")  # oldest first
    assert (
        'id="realisation-form"' not in page and reverse("portfolio:benefit_edit", args=[register["nav"].pk]) not in page
    )
    url = reverse("portfolio:realisation_add", args=[register["nav"].pk])
    assert client.post(url, {"date": "2027-01-31", "value": "11"}).status_code == 403
    assert BenefitRealisation.objects.filter(benefit=register["nav"]).count() == 2


def test_the_office_records_a_realisation_through_the_audited_service(client, register, portfolio_office):
    benefit = register["nav"]
    client.force_login(portfolio_office)
    url = reverse("portfolio:realisation_add", args=[benefit.pk])
    response = client.post(url, {"date": "2027-01-31", "value": "11", "note": "Etter pilot"})
    assert response.status_code == 302 and response["Location"].endswith("#realisations")
    realisation = BenefitRealisation.objects.get(benefit=benefit, date=datetime.date(2027, 1, 31))
    assert AuditEvent.objects.for_object(realisation).get().action == "portfolio.benefitrealisation.created"
    page = client.get(benefit.get_absolute_url()).content.decode()
    assert "Etter pilot" in page and "Realiseringen er registrert." in page


def test_a_realisation_without_a_date_is_refused_with_a_message(client, register, portfolio_office):
    client.force_login(portfolio_office)
    url = reverse("portfolio:realisation_add", args=[register["nav"].pk])
    response = client.post(url, {"date": "", "value": "tolv"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Dette feltet er påkrevd." in page and "<h1" in page
    assert BenefitRealisation.objects.filter(benefit=register["nav"]).count() == 2
    assert not AuditEvent.objects.exists()


def test_the_office_edits_a_benefit_through_the_audited_service(client, register, portfolio_office, nav):
    benefit = register["nav"]
    client.force_login(portfolio_office)
    url = reverse("portfolio:benefit_edit", args=[benefit.pk])
    assert client.get(url).status_code == 200
    data = {"indicator": "Uker til ny jobb", "description": benefit.description, "unit": "uker", "baseline": "14"}
    response = client.post(url, {**data, "expected_value": "9", "owner": nav.pk})
    assert response.status_code == 302
    event = AuditEvent.objects.for_object(benefit).get(action="portfolio.benefit.changed")
    assert list(event.changes) == ["expected_value"]


def _count(client, url) -> int:
    """The page's queries, not counting the session's own bookkeeping (written at most once a minute)."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return sum(1 for q in queries.captured_queries if "django_session" not in q["sql"])


def test_the_pages_query_counts_do_not_grow_with_the_rows(client, register, portfolio_office):
    client.force_login(portfolio_office)
    benefit = register["nav"]
    register_url, detail_url = reverse("portfolio:benefit_list"), benefit.get_absolute_url()
    client.get(register_url)  # the first request after signing in also records the session's start
    few = (_count(client, register_url), _count(client, detail_url))
    for n in range(12):
        other = BenefitFactory(measure=MeasureFactory(title=f"Tiltak {n}"))
        BenefitRealisation.objects.create(benefit=other, date=datetime.date(2026, 1, 1), value=n)
        BenefitRealisation.objects.create(
            benefit=benefit, date=datetime.date(2020, 1, 1) + datetime.timedelta(n), value=n
        )
    assert (_count(client, register_url), _count(client, detail_url)) == few
    assert few[0] <= 8 and few[1] <= 8


def test_the_register_goes_page_by_page_with_its_total_and_filters_kept(
    client, register, portfolio_office, monkeypatch
):
    """Every benefit in scope is counted and reachable: a page at a time (not the first rows with a count of them as
    if they were all), the filters kept from page to page."""
    from portfolio.queries import benefits as benefit_queries

    monkeypatch.setattr(benefit_queries, "REGISTER_ROWS", 2)
    for n in range(3):
        BenefitFactory(measure=MeasureFactory(title=f"Tiltak {n}", life_events=[register["theirs"]]),
                       indicator=f"Indikator {n}")  # fmt: skip
    first = _page(client, portfolio_office)
    assert "5 gevinster, side 1 av 3" in first and first.count('<th scope="row">') == 2
    assert 'href="?page=2">Neste side</a>' in first
    last = _page(client, portfolio_office, page=3)
    assert last.count('<th scope="row">') == 1 and 'href="?page=2">Forrige side</a>' in last
    filtered = _page(client, portfolio_office, life_event=register["theirs"].pk)
    assert "4 gevinster, side 1 av 2" in filtered
    assert f'href="?life_event={register["theirs"].pk}&amp;page=2">Neste side</a>' in filtered
    second = _page(client, portfolio_office, life_event=register["theirs"].pk, page=2)
    assert second.count('<th scope="row">') == 2 and "Uker til ny jobb" not in second


# ---- missions and their targets -------------------------------------------------------------------------------


@pytest.fixture
def mission_with_target(db):
    from tests.factories.portfolio import MissionTargetFactory

    target = MissionTargetFactory(indicator="Andel som får svar samme dag", unit="%", baseline=20, target_value=80)
    TargetMeasurement.objects.create(target=target, date=datetime.date(2025, 1, 31), value=30)
    TargetMeasurement.objects.create(target=target, date=datetime.date(2026, 1, 31), value=45)
    return target


def test_everyone_reads_the_missions_with_the_latest_measurement(client, mission_with_target, other_agency_staff):
    client.force_login(other_agency_staff)
    page = client.get(reverse("portfolio:mission_list")).content.decode()
    row = page.split("Andel som får svar samme dag", 1)[1].split("</tr>", 1)[0]
    assert "20 %" in row and "80 %" in row and "45 %" in row and "31.01.2026" in row
    detail = client.get(mission_with_target.mission.get_absolute_url()).content.decode()
    assert detail.index("31.01.2025") < detail.index("31.01.2026") and 'id="measurement-form"' not in detail
    url = reverse("portfolio:measurement_add", args=[mission_with_target.mission_id])
    assert client.post(url, {"target": mission_with_target.pk, "date": "2027-01-31", "value": "50"}).status_code == 403


def test_the_office_records_a_measurement_through_the_audited_service(client, mission_with_target, portfolio_office):
    client.force_login(portfolio_office)
    url = reverse("portfolio:measurement_add", args=[mission_with_target.mission_id])
    response = client.post(url, {"target": mission_with_target.pk, "date": "2027-01-31", "value": "50"})
    assert response.status_code == 302
    measurement = TargetMeasurement.objects.get(date=datetime.date(2027, 1, 31))
    assert AuditEvent.objects.for_object(measurement).get().action == "portfolio.targetmeasurement.created"
    again = client.post(url, {"target": mission_with_target.pk, "date": "2027-01-31", "value": "51"})
    assert again.status_code == 422  # one measurement per target and date: a message, nothing saved
    assert TargetMeasurement.objects.get(date=datetime.date(2027, 1, 31)).value == 50


def test_a_target_of_another_mission_is_not_offered(client, mission_with_target, portfolio_office):
    from tests.factories.portfolio import MissionTargetFactory

    elsewhere = MissionTargetFactory()
    client.force_login(portfolio_office)
    url = reverse("portfolio:measurement_add", args=[mission_with_target.mission_id])
    response = client.post(url, {"target": elsewhere.pk, "date": "2027-01-31", "value": "50"})
    assert response.status_code == 422 and not TargetMeasurement.objects.filter(target=elsewhere).exists()


def test_the_mission_pages_query_counts_do_not_grow(client, mission_with_target, portfolio_office):
    from tests.factories.portfolio import MissionFactory, MissionTargetFactory

    client.force_login(portfolio_office)
    list_url, detail_url = reverse("portfolio:mission_list"), mission_with_target.mission.get_absolute_url()
    client.get(list_url)
    few = (_count(client, list_url), _count(client, detail_url))
    for n in range(6):
        target = MissionTargetFactory(mission=MissionFactory())
        TargetMeasurement.objects.create(target=target, date=datetime.date(2026, 1, 1), value=n)
        extra = MissionTargetFactory(mission=mission_with_target.mission)
        TargetMeasurement.objects.create(target=extra, date=datetime.date(2026, 1, 1), value=n)
    assert (_count(client, list_url), _count(client, detail_url)) == few


def test_the_measurement_form_names_the_targets_by_their_indicator(client, mission_with_target, portfolio_office):
    client.force_login(portfolio_office)
    page = client.get(mission_with_target.mission.get_absolute_url()).content.decode()
    form = page.split('id="measurement-form"', 1)[1].split("</form>", 1)[0]
    assert ">Mål<" in form.replace("\n", "").replace(" ", "") or "Mål</label>" in form
    assert ">Andel som får svar samme dag</option>" in form
