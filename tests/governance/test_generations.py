"""Generations (issue 22): a life event plans by roadmap or in generations; the office keeps the generations through
audited services and forms; everyone reads them on the life event page and the plan page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from governance import generations as services
from governance.generation_models import Generation
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import MeasureFactory

pytestmark = pytest.mark.django_db


def test_the_office_plans_in_generations_audited(portfolio_office, agency_staff):
    event = LifeEventFactory()
    with pytest.raises(PermissionDenied):
        services.planning_mode_set(life_event=event, mode="generations", by=agency_staff)
    services.planning_mode_set(life_event=event, mode="generations", by=portfolio_office)
    event.refresh_from_db()
    assert event.plans_in_generations
    assert AuditEvent.objects.filter(action="lifeevents.lifeevent.planning_changed").count() == 1
    services.planning_mode_set(life_event=event, mode="generations", by=portfolio_office)  # unchanged: no row
    assert AuditEvent.objects.filter(action="lifeevents.lifeevent.planning_changed").count() == 1


def test_a_generation_is_saved_whole_and_its_number_is_unique(portfolio_office, agency_staff):
    event = LifeEventFactory(planning_mode="generations")
    measure = MeasureFactory(owner=agency_staff.organisation, life_events=[event])
    data = {"number": 1, "name": "Starte på nytt sammen", "start_year": 2022, "end_year": 2023,
            "state": "in_progress", "measures": [measure], "legacy": "En kjernegruppe."}  # fmt: skip
    generation = services.generation_create(life_event=event, data=data, by=portfolio_office)
    assert list(generation.measures.all()) == [measure]
    with pytest.raises(ValidationError):
        services.generation_create(life_event=event, data={**data, "measures": []}, by=portfolio_office)
    with pytest.raises(ValidationError):  # the years in order
        services.generation_update(generation=generation, data={"start_year": 2025, "end_year": 2024},
                                   by=portfolio_office)  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.generation_create(life_event=event, data={**data, "number": 2}, by=agency_staff)
    assert Generation.objects.count() == 1
    assert AuditEvent.objects.filter(action="governance.generation.created").count() == 1


def test_the_pages(client, portfolio_office, agency_staff):
    event = LifeEventFactory()
    plan_url = reverse("governance:generation_plan", args=[event.slug])
    client.force_login(agency_staff)
    assert plan_url not in client.get(event.get_absolute_url()).content.decode()  # a roadmap: nothing to show
    client.force_login(portfolio_office)
    assert plan_url in client.get(event.get_absolute_url()).content.decode()  # the office may plan in generations
    response = client.post(reverse("governance:planning_mode", args=[event.slug]), {"planning_mode": "generations"})
    assert response.status_code == 302
    url = reverse("governance:generation_create", args=[event.slug])
    assert client.post(url, {"number": "1", "name": ""}).status_code == 422
    response = client.post(url, {"number": "1", "name": "Første", "state": "planned", "start_year": "2024",
                                 "end_year": "2023"})  # fmt: skip
    assert response.status_code == 422 and "error-summary" in response.content.decode()
    data = {"number": "1", "name": "Første", "state": "planned", "building_blocks": "Medlemsregister\nTilskudd"}
    assert client.post(url, data).status_code == 302
    client.force_login(agency_staff)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Første" in page and 'id="generations-heading"' in page
    plan = client.get(reverse("governance:generation_plan", args=[event.slug])).content.decode()
    assert "Medlemsregister" in plan and reverse("governance:generation_create", args=[event.slug]) not in plan
