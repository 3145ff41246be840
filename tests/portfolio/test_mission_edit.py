"""The office keeps the missions in the portal: creates and edits a mission and its targets (baseline, target value
and date, indicator) and links a benefit to the targets it serves, each through the audited services; the mission's
page shows the benefits serving each target; others are not offered the forms and are refused them; bad input
answers 422 with the form's messages and saves nothing."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent
from portfolio.models import Mission, MissionTarget
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import BenefitFactory, MeasureFactory, MissionFactory, MissionTargetFactory


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield


@pytest.fixture
def mission(db):
    mission = MissionFactory(title="Raskere tilbake i jobb")
    MissionTargetFactory(mission=mission, indicator="Uker til ny jobb", target_value=10, unit="uker")
    return mission


def test_the_office_creates_a_mission(client, portfolio_office):
    life_event = LifeEventFactory(name_nb="Miste og finne jobb")
    client.force_login(portfolio_office)
    assert reverse("portfolio:mission_create") in client.get(reverse("portfolio:mission_list")).content.decode()
    data = {"title": "Alle barn i barnehage", "statement": "Innen 2030 får alle barn plass.", "narrative": "",
            "life_events": [life_event.pk], "deadline": "2030-12-31", "portfolio_start": "2026",
            "portfolio_end": "2030"}  # fmt: skip
    response = client.post(reverse("portfolio:mission_create"), data)
    mission = Mission.objects.get(title="Alle barn i barnehage")
    assert response.status_code == 302 and response["Location"] == mission.get_absolute_url()
    assert list(mission.life_events.all()) == [life_event] and mission.deadline == datetime.date(2030, 12, 31)
    created = AuditEvent.objects.get(action="portfolio.mission.created")
    assert created.actor == portfolio_office and created.object_id == str(mission.pk)


def test_a_bad_mission_is_refused_with_the_form_and_nothing_saved(client, portfolio_office):
    client.force_login(portfolio_office)
    data = {"title": "", "statement": "Noe", "portfolio_start": "2030", "portfolio_end": "2026"}
    response = client.post(reverse("portfolio:mission_create"), data)
    page = response.content.decode()
    assert response.status_code == 422 and 'id="record-form"' in page
    assert "Dette feltet er påkrevd." in page or "påkrevd" in page
    assert not Mission.objects.exists() and not AuditEvent.objects.filter(action__startswith="portfolio.mission")


def test_the_office_edits_a_mission_and_only_the_change_is_audited(client, portfolio_office, mission):
    client.force_login(portfolio_office)
    page = client.get(mission.get_absolute_url()).content.decode()
    assert reverse("portfolio:mission_edit", args=[mission.pk]) in page
    form = client.get(reverse("portfolio:mission_edit", args=[mission.pk])).content.decode()
    assert "Raskere tilbake i jobb" in form
    data = {"title": "Raskere tilbake i arbeid", "statement": mission.statement, "narrative": mission.narrative,
            "life_events": [le.pk for le in mission.life_events.all()]}  # fmt: skip
    assert client.post(reverse("portfolio:mission_edit", args=[mission.pk]), data).status_code == 302
    mission.refresh_from_db()
    assert mission.title == "Raskere tilbake i arbeid"
    changed = AuditEvent.objects.get(action="portfolio.mission.changed")
    assert set(changed.changes) == {"title"}


def test_the_office_adds_and_edits_a_target_with_its_baseline(client, portfolio_office, mission):
    client.force_login(portfolio_office)
    add = reverse("portfolio:target_create", args=[mission.pk])
    assert add in client.get(mission.get_absolute_url()).content.decode()
    data = {"indicator": "Andel i jobb etter ett år", "unit": "%", "baseline": "55", "baseline_date": "2025-01-01",
            "target_value": "70", "target_date": "2030-01-01"}  # fmt: skip
    response = client.post(add, data)
    assert response.status_code == 302 and response["Location"].endswith("#targets")
    target = MissionTarget.objects.get(indicator="Andel i jobb etter ett år")
    assert (target.mission, target.baseline, target.target_value) == (mission, Decimal("55"), Decimal("70"))
    edit = reverse("portfolio:target_edit", args=[mission.pk, target.pk])
    assert edit in client.get(mission.get_absolute_url()).content.decode()
    assert client.post(edit, {**data, "target_value": "75"}).status_code == 302
    target.refresh_from_db()
    assert target.target_value == Decimal("75")
    actions = list(AuditEvent.objects.filter(object_id=str(target.pk)).values_list("action", flat=True))
    assert sorted(actions) == ["portfolio.missiontarget.changed", "portfolio.missiontarget.created"]


def test_a_target_before_its_baseline_is_refused(client, portfolio_office, mission):
    client.force_login(portfolio_office)
    data = {"indicator": "Andel", "baseline": "55", "baseline_date": "2030-01-01", "target_value": "70",
            "target_date": "2025-01-01"}  # fmt: skip
    response = client.post(reverse("portfolio:target_create", args=[mission.pk]), data)
    assert response.status_code == 422
    assert "etter" in response.content.decode()  # the target date must be after the baseline date
    assert mission.targets.count() == 1


def test_a_target_of_another_mission_is_not_found_through_this_one(client, portfolio_office, mission):
    other = MissionTargetFactory()
    client.force_login(portfolio_office)
    assert client.get(reverse("portfolio:target_edit", args=[mission.pk, other.pk])).status_code == 404


def test_the_office_links_a_benefit_to_the_targets_it_serves(client, portfolio_office, agency_staff, mission):
    target = mission.targets.get()
    benefit = BenefitFactory(measure=MeasureFactory(owner=agency_staff.organisation), indicator="Uker spart")
    client.force_login(portfolio_office)
    page = client.get(benefit.get_absolute_url()).content.decode()
    assert reverse("portfolio:benefit_targets", args=[benefit.pk]) in page
    response = client.post(reverse("portfolio:benefit_targets", args=[benefit.pk]), {"targets": [target.pk]})
    assert response.status_code == 302
    assert list(benefit.targets.all()) == [target]
    assert AuditEvent.objects.get(action="portfolio.benefit.changed").changes["targets"] == [[], [target.pk]]
    assert "Raskere tilbake i jobb" in client.get(benefit.get_absolute_url()).content.decode()
    mission_page = client.get(mission.get_absolute_url()).content.decode()
    assert "Uker spart" in mission_page.split("Uker til ny jobb", 1)[1]  # under the target it serves


@pytest.mark.parametrize("persona", ["agency_staff", "ministry_official"])
def test_others_are_not_offered_the_forms_and_are_refused_them(request, client, persona, mission):
    user = request.getfixturevalue(persona)
    target = mission.targets.get()
    benefit = BenefitFactory(measure=MeasureFactory(owner=user.organisation))
    client.force_login(user)
    page = client.get(mission.get_absolute_url()).content.decode()
    for name, args in [("mission_edit", [mission.pk]), ("target_create", [mission.pk]),
                       ("target_edit", [mission.pk, target.pk])]:  # fmt: skip
        url = reverse(f"portfolio:{name}", args=args)
        assert url not in page
        assert client.get(url).status_code == 403 and client.post(url, {}).status_code == 403
    assert reverse("portfolio:mission_create") not in client.get(reverse("portfolio:mission_list")).content.decode()
    assert client.post(reverse("portfolio:mission_create"), {"title": "X", "statement": "Y"}).status_code == 403
    linked = client.post(reverse("portfolio:benefit_targets", args=[benefit.pk]), {"targets": [target.pk]})
    assert linked.status_code == (403 if persona == "agency_staff" else 404)  # a ministry does not see this measure
    assert not benefit.targets.exists() and not Mission.objects.exclude(pk=mission.pk).exists()


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm up: session and language
    with CaptureQueriesContext(connection) as sql:
        assert client.get(url).status_code == 200
    return len(sql.captured_queries)


def test_the_pages_read_the_same_number_of_queries_with_more_rows(client, portfolio_office, agency_staff, mission):
    """The mission's page (targets, their measurements and the benefits serving each), the benefit's page (the
    targets it serves) and the forms (the choices of targets): constant in the number of targets and benefits."""
    measure = MeasureFactory(owner=agency_staff.organisation)
    benefit = BenefitFactory(measure=measure)
    benefit.targets.add(mission.targets.get())
    client.force_login(portfolio_office)
    urls = [mission.get_absolute_url(), benefit.get_absolute_url(),
            reverse("portfolio:benefit_targets", args=[benefit.pk]), reverse("portfolio:mission_create"),
            reverse("portfolio:target_edit", args=[mission.pk, mission.targets.get().pk])]  # fmt: skip
    few = [_queries(client, url) for url in urls]
    for n in range(4):
        target = MissionTargetFactory(mission=mission, indicator=f"Mål {n}")
        MissionTargetFactory(indicator=f"Annet mål {n}")
        for _ in range(2):
            more = BenefitFactory(measure=measure)
            more.targets.add(target)
        benefit.targets.add(target)
    many = [_queries(client, url) for url in urls]
    assert many == few
    assert max(few) <= 12, few
