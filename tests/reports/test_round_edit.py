"""Editing a reporting round (issue 16): the office changes an open round's title, scope, deadline and reminder
through `round_update`, with an audit row and a version; a save over someone else's is refused with their values
shown and the user's kept; a closed round is frozen; a new deadline is not in the past; the scope cannot leave out
status reports the round already holds."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from core.models import AuditEvent
from portfolio.services.scoring import Conflict
from reports import services
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import MeasureFactory
from tests.factories.reports import ReportingRoundFactory, StatusReportFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def job(db):
    return LifeEventFactory(slug="miste-og-finne-jobb", name_nb="Miste og finne jobb", name_en="Losing a job")


@pytest.fixture
def round(portfolio_office):
    return ReportingRoundFactory(title="Runde 1", opened_by=portfolio_office)


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_office_moves_the_deadline_and_narrows_the_scope_with_an_audit_row(round, job, portfolio_office):
    round.office_notified_at = timezone.now()
    round.save(update_fields=["office_notified_at"])
    saved = services.round_update(
        round=round,
        data={"title": "Runde 1 (forlenget)", "deadline": in_days(30), "life_event": job},
        version=1,
        by=portfolio_office,
    )
    saved.refresh_from_db()
    assert (saved.title, saved.deadline, saved.life_event) == ("Runde 1 (forlenget)", in_days(30), job)
    assert saved.version == 2
    assert saved.office_notified_at is None  # the office is reminded again, against the new deadline
    event = AuditEvent.objects.get(action="reports.round.changed", object_id=str(round.pk))
    assert event.actor == portfolio_office
    assert set(event.changes) == {"title", "deadline", "life_event"}
    assert event.changes["deadline"] == [in_days(14).isoformat(), in_days(30).isoformat()]


def test_saving_nothing_new_writes_no_version_and_no_audit_row(round, portfolio_office):
    services.round_update(round=round, data={"title": "Runde 1"}, version=1, by=portfolio_office)
    round.refresh_from_db()
    assert round.version == 1
    assert not AuditEvent.objects.filter(action="reports.round.changed").exists()


def test_a_stale_save_is_refused_with_the_round_as_saved_now(round, portfolio_office):
    services.round_update(round=round, data={"deadline": in_days(20)}, version=1, by=portfolio_office)
    with pytest.raises(Conflict) as exc:
        services.round_update(round=round, data={"deadline": in_days(40)}, version=1, by=portfolio_office)
    assert exc.value.current.deadline == in_days(20) and exc.value.current.version == 2
    round.refresh_from_db()
    assert round.deadline == in_days(20)


def test_a_closed_round_is_frozen(round, portfolio_office):
    round.status, round.closed_at = "closed", timezone.now()
    round.save(update_fields=["status", "closed_at"])
    with pytest.raises(ValidationError):
        services.round_update(round=round, data={"deadline": in_days(30)}, version=1, by=portfolio_office)
    round.refresh_from_db()
    assert round.deadline == in_days(14) and round.version == 1


def test_a_new_deadline_in_the_past_is_refused(round, portfolio_office):
    with pytest.raises(ValidationError) as exc:
        services.round_update(round=round, data={"deadline": in_days(-1)}, version=1, by=portfolio_office)
    assert exc.value.message_dict["deadline"] == ["The deadline cannot be in the past."]


def test_the_scope_cannot_leave_out_status_reports_the_round_holds(round, job, portfolio_office, nav):
    other = LifeEventFactory(slug="dodsfall-og-arv", name_nb="Dødsfall og arv", name_en="Death and inheritance")
    StatusReportFactory(round=round, measure=MeasureFactory(owner=nav, life_events=[other]))
    with pytest.raises(ValidationError) as exc:
        services.round_update(round=round, data={"life_event": job}, version=1, by=portfolio_office)
    assert "status reports for measures outside “Losing a job” (1)" in exc.value.message_dict["life_event"][0]
    round.refresh_from_db()
    assert round.life_event is None
    services.round_update(round=round, data={"life_event": other}, version=1, by=portfolio_office)  # it holds them


def test_only_the_office_edits_a_round(round, agency_staff, ministry_official):
    for user in (agency_staff, ministry_official):
        with pytest.raises(PermissionDenied):
            services.round_update(round=round, data={"deadline": in_days(30)}, version=1, by=user)


# ---- the page ----------------------------------------------------------------------------------------------


def post(client, round, **values):
    data = {
        "title": round.title,
        "life_event": "",
        "deadline": round.deadline.isoformat(),
        "remind_days_before": round.remind_days_before,
        "version": round.version,
        **values,
    }
    return client.post(reverse("reports:round_edit", args=[round.pk]), data)


def test_the_round_page_offers_the_edit_to_the_office_while_open(client, round, portfolio_office, agency_staff):
    url = reverse("reports:round_edit", args=[round.pk])
    client.force_login(portfolio_office)
    assert url in client.get(round.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 200
    response = post(client, round, deadline=in_days(21).isoformat())
    assert response.status_code == 302 and response.url == round.get_absolute_url()
    round.refresh_from_db()
    assert round.deadline == in_days(21) and round.version == 2
    client.force_login(agency_staff)
    assert url not in client.get(round.get_absolute_url()).content.decode()
    assert client.get(url).status_code == 403


def test_a_stale_save_shows_the_saved_round_and_keeps_the_users_values(client, round, portfolio_office):
    stale = ReportingRoundFactory.build(pk=round.pk, title=round.title, deadline=round.deadline, version=1)
    services.round_update(round=round, data={"deadline": in_days(20)}, version=1, by=portfolio_office)
    client.force_login(portfolio_office)
    response = post(client, stale, title="Runde 1 – mitt navn", deadline=in_days(40).isoformat())
    page = response.content.decode()
    assert response.status_code == 422
    box = page[page.index('data-testid="round-conflict"') :]
    assert "Someone else saved this round" in box or "Noen andre lagret denne runden" in box
    assert 'value="Runde 1 – mitt navn"' in page and f'value="{in_days(40).isoformat()}"' in page
    assert 'name="version" value="2"' in page  # saving again applies the user's values over the saved ones
    round.refresh_from_db()
    assert round.deadline == in_days(20) and round.title == "Runde 1"


def test_a_closed_round_has_no_edit(client, round, portfolio_office):
    round.status, round.closed_at = "closed", timezone.now()
    round.save(update_fields=["status", "closed_at"])
    client.force_login(portfolio_office)
    assert reverse("reports:round_edit", args=[round.pk]) not in client.get(round.get_absolute_url()).content.decode()
    assert post(client, round, deadline=in_days(30).isoformat()).status_code == 409
