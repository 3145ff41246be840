"""The office's quality check of a mission (issue 22): five criteria from Digdir's case, each judged met, partly met
or not met with a note, and the scope; audited, never changed (a later review is a new one); everyone who may see
the mission reads the latest review and the history on its page; a mission judged too broad or too narrow says so
at the top; bad input is refused with a Norwegian message and nothing is saved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import access
from core.models import AuditEvent
from portfolio.models import MissionReview
from portfolio.services.mission_reviews import mission_review_create
from tests.factories.portfolio import MissionFactory

ALL_MET = {
    "bold": "met",
    "direction": "met",
    "realistic": "met",
    "across": "met",
    "bottom_up": "met",
    "scope": "right",
}


@pytest.fixture
def mission(db):
    return MissionFactory(title="Alvorlig sykt barn: sammenhengende tjenester")


def _review_url(mission):
    return reverse("portfolio:mission_review_add", args=[mission.pk])


# ---- service --------------------------------------------------------------------------------------------------


def test_the_office_records_a_review_with_five_judgements_audited(mission, portfolio_office):
    data = {**ALL_MET, "direction": "partly", "direction_note": "Mangler tidfestet mål", "scope": "too_broad"}
    review = mission_review_create(mission=mission, data=data, by=portfolio_office)
    assert [c["judgement"] for c in review.judgements()] == ["met", "partly", "met", "met", "met"]
    assert review.judgements()[1]["note"] == "Mangler tidfestet mål" and review.off_scope
    event = AuditEvent.objects.for_object(review).get()
    assert event.action == "portfolio.missionreview.created" and event.actor == portfolio_office


def test_agency_staff_and_ministry_cannot_record_a_review(mission, agency_staff, ministry_official):
    for user in (agency_staff, ministry_official):
        with pytest.raises(PermissionDenied):
            mission_review_create(mission=mission, data=ALL_MET, by=user)
    assert not MissionReview.objects.exists()


def test_an_unknown_or_missing_judgement_is_refused_and_nothing_saved(mission, portfolio_office):
    with pytest.raises(ValidationError):
        mission_review_create(mission=mission, data={**ALL_MET, "bold": "brilliant"}, by=portfolio_office)
    with pytest.raises(ValidationError):
        mission_review_create(mission=mission, data={**ALL_MET, "scope": ""}, by=portfolio_office)
    assert (
        not MissionReview.objects.exists()
        and not AuditEvent.objects.filter(action__startswith="portfolio.missionreview").exists()
    )


# ---- rule -----------------------------------------------------------------------------------------------------


def test_only_the_office_may_review_and_everyone_who_sees_the_mission_reads(
    mission, portfolio_office, admin_user, agency_staff, other_agency_staff, ministry_official
):
    review = mission_review_create(mission=mission, data=ALL_MET, by=portfolio_office)
    assert access.can(portfolio_office, "create", MissionReview) and access.can(admin_user, "create", MissionReview)
    for user in (agency_staff, other_agency_staff, ministry_official):
        assert not access.can(user, "create", MissionReview)
        assert access.can(user, "view", review)
        assert list(MissionReview.objects.visible_to(user)) == [review]
    for action in ("change", "delete"):  # a review is never changed: a later review is a new one
        assert not access.can(portfolio_office, action, review)


# ---- views ----------------------------------------------------------------------------------------------------


def test_the_office_reviews_a_mission_and_its_page_shows_the_latest_and_the_history(client, mission, portfolio_office):
    client.force_login(portfolio_office)
    assert client.get(_review_url(mission)).status_code == 200
    first = {**ALL_MET, "across": "not_met", "across_note": "Bare én sektor med", "scope": "too_narrow"}
    response = client.post(_review_url(mission), first)
    assert response.status_code == 302 and response["Location"].endswith("#mission-review")
    second = {**ALL_MET, "bold_note": "Engasjerer på tvers", "summary": "Nå med kommunene"}
    assert client.post(_review_url(mission), second).status_code == 302
    page = client.get(mission.get_absolute_url()).content.decode()
    latest = page.split('id="mission-review"', 1)[1].split("<details", 1)[0]
    assert "Engasjerer på tvers" in latest and "Nå med kommunene" in latest and "Oppfylt" in latest
    assert "Bare én sektor med" not in latest  # the first review is history now
    history = page.split("<details", 1)[1]
    assert "1 tidligere vurdering" in history and "Bare én sektor med" in history and "Ikke oppfylt" in history
    assert "for smalt" not in page.split("<h1", 1)[1].split('id="mission-review"', 1)[0]  # the latest is about right


def test_a_mission_judged_too_broad_says_so_at_the_top(client, mission, portfolio_office, other_agency_staff):
    mission_review_create(mission=mission, data={**ALL_MET, "scope": "too_broad"}, by=portfolio_office)
    client.force_login(other_agency_staff)
    page = client.get(mission.get_absolute_url()).content.decode()
    top = page.split("<h1", 1)[1].split("Kvalitetssjekk", 1)[0]
    assert "Porteføljekontoret har vurdert dette samfunnsoppdraget som for bredt" in top
    assert _review_url(mission) not in page  # only the office is offered the review


def test_an_unreviewed_mission_says_so(client, mission, ministry_official):
    client.force_login(ministry_official)
    page = client.get(mission.get_absolute_url()).content.decode()
    assert "Samfunnsoppdraget er ikke vurdert ennå." in page and "<details" not in page


def test_an_incomplete_review_is_refused_with_norwegian_messages(client, mission, portfolio_office):
    client.force_login(portfolio_office)
    response = client.post(_review_url(mission), {"bold": "met", "direction": "excellent", "bold_note": "For vag"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "Velg en vurdering for dette kriteriet." in page
    assert "Velg om samfunnsoppdraget er for bredt, passe eller for smalt." in page
    assert "Velg et gyldig valg" in page  # "excellent" is no judgement
    assert not MissionReview.objects.exists()


def test_others_may_not_open_or_post_the_review_form(client, mission, agency_staff, ministry_official):
    for user in (agency_staff, ministry_official):
        client.force_login(user)
        assert client.get(_review_url(mission)).status_code == 403
        assert client.post(_review_url(mission), ALL_MET).status_code == 403
    client.logout()
    assert client.post(_review_url(mission), ALL_MET).status_code == 302  # to the login page
    assert not MissionReview.objects.exists()


def test_an_unknown_mission_is_404(client, portfolio_office):
    client.force_login(portfolio_office)
    assert client.get(reverse("portfolio:mission_review_add", args=[999999])).status_code == 404


def test_the_mission_pages_query_count_does_not_grow_with_reviews(client, mission, portfolio_office):
    client.force_login(portfolio_office)
    mission_review_create(mission=mission, data=ALL_MET, by=portfolio_office)
    url = mission.get_absolute_url()
    client.get(url)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return sum(1 for q in queries.captured_queries if "django_session" not in q["sql"])

    few = count()
    for _ in range(5):
        mission_review_create(mission=mission, data={**ALL_MET, "scope": "too_broad"}, by=portfolio_office)
    assert count() == few
