"""The read pages: life events, one life event, one actor, the allocation-letter overview."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from lifeevents.models import LifeEvent
from tests.factories.lifeevents import LifeEventFactory, ParticipationFactory
from tests.factories.portfolio import MeasureFactory, ProposalFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    call_command("load_demo", "--reference-only")


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("lifeevents:lifeevent_list"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_list_shows_the_seven_life_events_and_the_ministrys_own(client, loaded, ministry_official):
    client.force_login(ministry_official)
    response = client.get(reverse("lifeevents:lifeevent_list"))
    assert response.status_code == 200
    body = response.content.decode()
    for name in ("Få barn", "Alvorlig sykt barn", "Starte og drive en frivillig organisasjon"):
        assert name in body
    assert body.count('data-color="info"') == 2  # ASD owns Få barn and Miste og finne jobb


def test_detail_shows_actors_map_missions_funding_and_table_3(client, loaded, portfolio_office):
    client.force_login(portfolio_office)
    event = LifeEvent.objects.get(slug="alvorlig-sykt-barn")
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "Helse- og omsorgsdepartementet" in body and "Flekkefjord kommune" in body
    assert "<svg" in body and 'role="img"' in body  # the actor map, with the table as its text alternative
    assert "Missionplattform" in body and "2022" in body and "2032" in body
    assert "Delvis (StimuLab og ekstrabevilgning fra stortinget)" in body
    assert "Statped" in body and "<tfoot>" in body


def test_detail_lists_only_the_measures_the_user_may_see(client, agency_staff, other_agency):
    event = LifeEventFactory()
    MeasureFactory(title="Eget tiltak", owner=agency_staff.organisation, life_events=[event])
    MeasureFactory(title="Annen etats tiltak", owner=other_agency, life_events=[event])
    client.force_login(agency_staff)
    body = client.get(event.get_absolute_url()).content.decode()
    assert "Eget tiltak" in body and "Annen etats tiltak" not in body


def test_unknown_life_event_is_404(client, agency_staff):
    client.force_login(agency_staff)
    assert client.get(reverse("lifeevents:lifeevent_detail", args=["finnes-ikke"])).status_code == 404


def test_organisation_page_shows_visible_proposals_only(client, agency_staff, other_agency, other_agency_staff):
    event = LifeEventFactory()
    ParticipationFactory(organisation=other_agency, life_event=event, role="executing_agency")
    ProposalFactory(title="Skatteetatens forslag", organisation=other_agency, life_events=[event])
    url = reverse("lifeevents:organisation_detail", args=[other_agency.pk])
    client.force_login(agency_staff)
    body = client.get(url).content.decode()
    assert event.name_nb in body and "Skatteetatens forslag" not in body
    client.force_login(other_agency_staff)
    assert "Skatteetatens forslag" in client.get(url).content.decode()


def test_organisation_page_shows_the_first_rows_and_says_so(client, monkeypatch, other_agency, other_agency_staff):
    monkeypatch.setattr("portfolio.queries.lifeevents.ORGANISATION_ROWS", 2)
    for n in range(3):
        ProposalFactory(title=f"Forslag {n}", organisation=other_agency)
        MeasureFactory(title=f"Tiltak {n}", owner=other_agency)
    client.force_login(other_agency_staff)
    page = client.get(reverse("lifeevents:organisation_detail", args=[other_agency.pk])).context["page"]
    assert len(page.measures) == 2 and page.more_measures and len(page.proposals) == 2 and page.more_proposals
    body = client.get(reverse("lifeevents:organisation_detail", args=[other_agency.pk])).content.decode()
    assert f"?organisation={other_agency.pk}" in body  # the link to all its proposals


def test_allocation_overview_reproduces_the_sum_row(client, loaded, ministry_official):
    client.force_login(ministry_official)
    response = client.get(reverse("lifeevents:allocation_overview", args=[2020]))
    assert response.status_code == 200
    assert response.context["table"].mentioned == 11
    assert "(Nei)*" in response.content.decode()


def test_home_page_has_the_life_events_panel(client, loaded, ministry_official):
    client.force_login(ministry_official)
    body = client.get(reverse("home")).content.decode()
    assert 'id="life-events-panel-heading"' in body and "Miste og finne jobb" in body


@pytest.mark.parametrize("extra", [0, 10])
def test_detail_query_count_is_constant(client, loaded, portfolio_office, django_assert_max_num_queries, extra):
    event = LifeEvent.objects.get(slug="dodsfall-og-arv")
    for _ in range(extra):
        MeasureFactory(life_events=[event])
    client.force_login(portfolio_office)
    client.get(event.get_absolute_url())  # the session's and the language's set-up are not the page's own
    with django_assert_max_num_queries(10):
        assert client.get(event.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("url_name", ["lifeevents:lifeevent_list", "lifeevents:organisation_detail"])
def test_list_and_actor_query_counts_are_bounded(client, loaded, agency_staff, django_assert_max_num_queries, url_name):
    client.force_login(agency_staff)
    args = [agency_staff.organisation_id] if url_name.endswith("organisation_detail") else []
    with django_assert_max_num_queries(10):
        assert client.get(reverse(url_name, args=args)).status_code == 200


def test_actor_map_points_carry_the_table_numbers(client, loaded, portfolio_office):
    client.force_login(portfolio_office)
    response = client.get(LifeEvent.objects.get(slug="fa-barn").get_absolute_url())
    page = response.context["page"]
    # Få barn: ASD (owner), NAV (executing), BFD, NAV again, KS (collaborators): NAV is drawn once, as number 2.
    assert [p["label"] for p in page.participations] == ["ASD", "NAV", "BFD", "NAV", "KS"]
    points = {p["number"]: p for p in page.map_points}
    assert sorted(points) == [1, 2, 3, 5]
    assert all(isinstance(p["x"], int) and isinstance(p["y"], int) for p in points.values())
    assert points[1]["interest"] == 4 and points[1]["influence"] == 5
    assert 'cx="' in response.content.decode() and "," not in response.content.decode().split('cx="')[1][:6]


def test_a_funding_row_without_an_amount_reads_unknown(client, portfolio_office):
    """An amount no row states is unknown, never 0 or blank (lifeevents.figures), on the life event's page too."""
    from tests.factories.governance import FundingFactory

    event = LifeEventFactory(name_nb="Alvorlig sykt barn")
    FundingFactory(life_event=event, amount=None)
    client.force_login(portfolio_office)
    page = client.get(reverse("lifeevents:lifeevent_detail", kwargs={"slug": event.slug})).content.decode()
    assert "<td>ukjent</td>" in page


def test_the_actor_map_is_drawn_afresh_when_what_it_draws_changes(client, portfolio_office):
    """The map's SVG is kept in the cache under what it draws (its points, in the language): a moved point, a
    renamed actor and another language each draw it afresh, with nothing to invalidate."""
    from django.conf import settings

    event = LifeEventFactory()
    taking_part = ParticipationFactory(life_event=event, role="owner_ministry", interest=2, influence=3)
    client.force_login(portfolio_office)
    url = event.get_absolute_url()
    assert '<circle cx="160" cy="200"' in client.get(url).content.decode()
    taking_part.interest = 4
    taking_part.save()
    body = client.get(url).content.decode()
    assert '<circle cx="320" cy="200"' in body and '<circle cx="160"' not in body
    organisation = taking_part.organisation
    organisation.short_name = "Nytt navn"
    organisation.save()
    assert "<title>Nytt navn: interesse 4, innflytelse 3</title>" in client.get(url).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "<title>Nytt navn: interest 4, influence 3</title>" in client.get(url).content.decode()
