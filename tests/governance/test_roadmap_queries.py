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


def test_of_every_life_event_each_group_shows_its_first_rows_and_links_to_all_of_it(
    client, portfolio_office, nav, asd, monkeypatch
):
    """A large portfolio is not one chart of thousands of rows: with no life event or mission chosen, each group
    shows its first rows (`roadmap.ROWS_PER_GROUP`) in the roadmap's order, says how many there are and links to the
    roadmap of that group, which shows them all; the CSV keeps every row. A group within the limit shows no link."""
    from governance import roadmap

    monkeypatch.setattr(roadmap, "ROWS_PER_GROUP", 3)
    job = LifeEventFactory(name_nb="Miste og finne jobb", owner_ministry=asd)
    small = LifeEventFactory(name_nb="Dødsfall og arv", owner_ministry=asd)
    for i in range(5):
        MeasureFactory(title=f"Tiltak {i}", owner=nav, life_events=[job], start_date=date(2024, 1, 1 + i))
    ProposalFactory(title="Forslag sist", organisation=nav, status="deciding", life_events=[job])
    MeasureFactory(title="Eneste tiltak", owner=nav, life_events=[small], start_date=date(2024, 1, 1))
    client.force_login(portfolio_office)
    url = reverse("governance:roadmap")

    response = client.get(url)
    groups = {g.name: g for g in response.context["data"]["groups"]}
    assert [i.title for i in groups["Miste og finne jobb"].items] == ["Tiltak 0", "Tiltak 1", "Tiltak 2"]
    assert groups["Miste og finne jobb"].total == 6 and groups["Miste og finne jobb"].all_url == f"?life_event={job.pk}"
    assert groups["Dødsfall og arv"].total == 1 and groups["Dødsfall og arv"].all_url is None
    html = response.content.decode()
    assert "Tiltak 3" not in html and "Forslag sist" not in html
    assert "3 av 6 tiltak og forslag vises." in html and "Vis alle 6 i Miste og finne jobb" in html

    everything = client.get(url + f"?life_event={job.pk}")  # the link: that life event, every row
    shown = [i.title for g in everything.context["data"]["groups"] for i in g.items]
    assert shown == ["Tiltak 0", "Tiltak 1", "Tiltak 2", "Tiltak 3", "Tiltak 4", "Forslag sist"]
    assert "Vis alle" not in everything.content.decode()
    export = client.get(url + "?format=csv").content.decode()
    assert all(f"Tiltak {i}" in export for i in range(5)) and "Forslag sist" in export


@pytest.mark.parametrize("persona", ["portfolio_office", "agency_staff", "ministry_official"])
@pytest.mark.parametrize("by", ["life_event", "mission"])
def test_the_page_reads_only_the_rows_it_shows_and_the_same_rows_as_from_all_of_them(
    nav, asd, persona, by, request, monkeypatch
):
    """With no life event or mission chosen, the page reads each group's first rows and counts the rest in the
    database (`roadmap(limit=...)`): the groups, their rows in order, their totals and links are those cut from every
    row. Measures come first in a group and proposals fill what is left; a measure in two groups is in both; the
    items in no group are a group of their own; the time axis spans the rows shown."""
    from governance import roadmap

    monkeypatch.setattr(roadmap, "ROWS_PER_GROUP", 3)
    user = request.getfixturevalue(persona)
    job = LifeEventFactory(name_nb="Miste og finne jobb", owner_ministry=asd)
    child = LifeEventFactory(name_nb="Alvorlig sykt barn", owner_ministry=asd)
    mission = MissionFactory(title="Raskere i jobb", life_events=[job])
    for i in range(4):  # two of them in both life events, all of them in the mission
        measure = MeasureFactory(title=f"Tiltak {i}", owner=nav, life_events=[job, child] if i % 2 else [job],
                                 start_date=date(2024, 1 + i, 1) if i != 2 else None)  # fmt: skip
        measure.missions.add(mission)
    MeasureFactory(title="Uten livshendelse", owner=nav, life_events=[], start_date=date(2023, 5, 1))
    for i in range(3):  # the second life event: two measures, then its proposals fill what is left
        ProposalFactory(title=f"Forslag {i}", organisation=nav, status="deciding", life_events=[child])
    filters = roadmap.Filters(by=by)

    def page(limit):
        data = roadmap.on_page(roadmap.roadmap(user, filters, limit=limit), filters, lambda pk: f"?g={pk}")
        groups = [(g.pk, g.name, [i.key for i in g.items], g.total, g.all_url) for g in data["groups"]]
        return groups, sorted(i.key for i in data["items"]), roadmap.layout(data, date(2026, 1, 1))["years"]

    shown, everything = page(roadmap.page_limit(filters)), page(None)
    assert shown == everything
    groups = {name: (titles, total) for _pk, name, titles, total, _url in shown[0]}
    if by == "life_event":
        assert groups["Alvorlig sykt barn"][1] == 5 and len(groups["Alvorlig sykt barn"][0]) == 3
        assert groups["Alvorlig sykt barn"][0][2].startswith("F")  # a proposal after the group's two measures
    loose = [titles for pk, _name, titles, _total, _url in shown[0] if pk is None]
    assert bool(loose) is (persona != "ministry_official")  # a ministry sees the measures of its life events alone
