"""A rich life event's page reads the same number of queries as a bare one's (issue 17: at most 10 a page): a demo
life event with its actors, phases, measures, funding, allocation letters, missions (one with targets and their
latest measurements, one without) and governance bodies (with members, and one without). Pinned for each role:
the office, agency staff, a ministry official (the benchmark's reader of the page)."""

import datetime

import pytest
from django.core.management import call_command

from core.models import Organisation
from governance.models import BodyMembership
from lifeevents.models import LifeEvent
from portfolio.models import TargetMeasurement
from tests.factories.governance import GovernanceBodyFactory
from tests.factories.lifeevents import LifeEventFactory, ParticipationFactory
from tests.factories.portfolio import MeasureFactory, MissionFactory, MissionTargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    call_command("load_demo", "--reference-only")
    event = LifeEvent.objects.get(slug="alvorlig-sykt-barn")
    mission = MissionFactory(title="Aaa: færre skjema", life_events=[event])  # first by title
    for indicator, day in (("Andel digitale søknader", 2), ("Antall skjema", 1)):
        target = MissionTargetFactory(mission=mission, indicator=indicator, unit="%",
                                      target_date=datetime.date(2030, 1, day))  # fmt: skip
        for value, month in ((10, 1), (35, 6)):
            TargetMeasurement.objects.create(target=target, date=datetime.date(2025, month, 1), value=value)
    MissionFactory(title="Aab: uten mål", life_events=[event])
    body = GovernanceBodyFactory(name="Aaa programstyre")
    body.life_events.add(event)
    for organisation in Organisation.objects.order_by("pk")[:2]:
        BodyMembership.objects.create(body=body, organisation=organisation, role="member")
    GovernanceBodyFactory(name="Aab arbeidsgruppe").life_events.add(event)
    return event


@pytest.mark.parametrize("role", ["portfolio_office", "agency_staff", "ministry_official"])
def test_the_page_of_a_rich_life_event(request, client, event, role, django_assert_max_num_queries):
    # 8 (9 for the office: its second factor): the session, the user; the life event with its phases, activities,
    # actors and whether it has an agreement; its measures; its missions with their targets; its funding; its
    # allocation letters; its bodies with their members
    client.force_login(request.getfixturevalue(role))
    client.get(event.get_absolute_url())  # the session's and the language's set-up are not the page's own
    with django_assert_max_num_queries(10):
        body = client.get(event.get_absolute_url()).content.decode()
    missions = body[body.index('id="missions-heading"') :]
    # the targets in their date order, each with its latest measurement
    assert missions.index("Antall skjema") < missions.index("Andel digitale søknader")
    assert missions.count("35 % (01.06.2025)") == 2 and "10 % (" not in missions
    without = missions[missions.index("Aab: uten mål") :]
    assert "<table" not in without[: without.index("</article>")]  # a mission without targets has no table
    bodies = body[body.index('id="bodies-heading"') :]
    members = bodies[bodies.index("Aaa programstyre") : bodies.index("Aab arbeidsgruppe")]
    assert "Medlemmer: " in members and members.count(", ") >= 1
    assert "Medlemmer" not in bodies[bodies.index("Aab arbeidsgruppe") : bodies.index("</li>", bodies.index("Aab"))]


def test_a_bare_life_event_reads_no_query_for_the_parts_it_has_none_of(
    client, ministry_official, django_assert_max_num_queries
):
    # The benchmark's kind of life event: actors and measures, no missions, funding, allocation letters, bodies or
    # agreement. 4: the session, the user; the life event with its actors and its flags (whether it has any of those
    # parts); its measures. The parts it has none of show their empty text.
    event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    ParticipationFactory(life_event=event, organisation=ministry_official.organisation, role="owner_ministry")
    MeasureFactory(life_events=[event], title="Et tiltak")
    client.force_login(ministry_official)
    client.get(event.get_absolute_url())  # the session's and the language's set-up are not the page's own
    with django_assert_max_num_queries(4):
        body = client.get(event.get_absolute_url()).content.decode()
    assert "Et tiltak" in body
    for empty in ("Ingen samfunnsoppdrag", "Ingen omtaler i tildelingsbrev"):
        assert empty in body, empty
    assert 'id="bodies-heading"' not in body
