"""The mission list shows each mission's latest quality check (issue 22): how many of the five criteria were met and
the scope, flagged when too broad or too narrow; a mission never reviewed says so; one query whatever the number of
missions and reviews. The demo data carries a review of both missions, the voluntary organisations' judged too broad."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from portfolio.models import Mission, MissionReview
from portfolio.services.mission_reviews import mission_review_create
from tests.factories.portfolio import MissionFactory

pytestmark = pytest.mark.django_db

ALL_MET = {"bold": "met", "direction": "met", "realistic": "met", "across": "met", "bottom_up": "met", "scope": "right"}


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield


def _summary(page: str, title: str) -> str:
    section = page.split(title, 1)[1]
    return section.split('data-testid="mission-review-summary">', 1)[1].split("</p>", 1)[0]


def test_the_list_shows_each_missions_latest_judgement_and_scope(client, portfolio_office, ministry_official):
    broad = MissionFactory(title="Oppdrag A")
    right = MissionFactory(title="Oppdrag B")
    MissionFactory(title="Oppdrag C")
    mission_review_create(mission=broad, data=ALL_MET, by=portfolio_office)
    later = {**ALL_MET, "direction": "not_met", "realistic": "partly", "scope": "too_broad"}
    mission_review_create(mission=broad, data=later, by=portfolio_office)
    mission_review_create(mission=right, data=ALL_MET, by=portfolio_office)

    client.force_login(ministry_official)  # everyone who sees the missions reads their reviews
    page = client.get(reverse("portfolio:mission_list")).content.decode()
    a = _summary(page, "Oppdrag A")
    assert "3 av de 5 kriteriene oppfylt" in a and 'data-color="warning">For bred<' in a  # the latest, not the first
    b = _summary(page, "Oppdrag B")
    assert "5 av de 5 kriteriene oppfylt" in b and 'data-color="success"' in b
    assert "Ikke kvalitetssjekket ennå." in _summary(page, "Oppdrag C")


def test_the_query_count_does_not_grow_with_missions_or_reviews(client, portfolio_office):
    client.force_login(portfolio_office)
    mission_review_create(mission=MissionFactory(), data=ALL_MET, by=portfolio_office)
    url = reverse("portfolio:mission_list")
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return sum(1 for q in queries.captured_queries if "django_session" not in q["sql"])

    few = count()
    for _ in range(3):
        mission = MissionFactory()
        mission_review_create(mission=mission, data=ALL_MET, by=portfolio_office)
        mission_review_create(mission=mission, data={**ALL_MET, "scope": "too_narrow"}, by=portfolio_office)
    assert count() == few


def test_the_demo_data_reviews_both_missions(settings, client):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")  # idempotent: no second review
    reviews = {r.mission.title: r for r in MissionReview.objects.select_related("mission")}
    assert len(reviews) == Mission.objects.count() == 2
    voluntary = reviews["Missionfortelling: Starte og drive en frivillig organisasjon"]
    assert voluntary.scope == "too_broad" and voluntary.direction == "not_met" and voluntary.off_scope
    assert reviews["Samfunnsoppdrag: Alvorlig sykt barn"].scope == "right"
    assert all("Illustrativ" in r.summary and r.reviewed_by.username == "office" for r in reviews.values())
