"""The admin of every app: pages load with search and filters, and bad input gives a clear message and saves
nothing (MOD11 organisation number, target date before its start, negative budget, self-dependency)."""

from datetime import date

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from core.models import Organisation
from lifeevents.models import LifeEvent, MissionApproach
from portfolio.models import Dependency, Measure, MissionTarget
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import MeasureFactory, MissionFactory

pytestmark = pytest.mark.django_db

INLINES = {
    "benefits": 0,
    "dependencies": 0,
    "learning_entries": 0,
}


def management(prefixes):
    data = {}
    for prefix in prefixes:
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    return data


@pytest.fixture
def staff_client(client, admin_user, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # assert on the English messages, whatever the catalogue
    client.force_login(admin_user)
    return client


def test_every_admin_changelist_and_add_page_loads(staff_client, settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    call_command("load_demo", "--reference-only")
    for model, model_admin in admin.site._registry.items():
        meta = model._meta
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        query = "?q=a" if model_admin.search_fields else ""
        assert staff_client.get(changelist + query).status_code == 200, meta.label
        response = staff_client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
        assert response.status_code in (200, 403), meta.label  # 403: read-only trails
        obj = model.objects.first()
        if obj is not None:
            change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
            assert staff_client.get(change).status_code == 200, meta.label


def test_life_event_admin_filters_and_autocomplete(staff_client):
    event = LifeEventFactory(name_nb="Få barn", name_en="Having a child")
    url = reverse("admin:lifeevents_lifeevent_changelist")
    assert "Få barn" in staff_client.get(url + "?q=barn").content.decode()
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"term": "barn", "app_label": "lifeevents", "model_name": "participation", "field_name": "life_event"},
    )
    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(event.pk), "text": "Having a child"}]


def test_organisation_number_failing_mod11_is_refused(staff_client):
    response = staff_client.post(
        reverse("admin:core_organisation_add"), {"name": "Feil nummer AS", "kind": "private", "orgnr": "974760674"}
    )
    assert response.status_code == 200
    assert "is not a valid organisation number" in response.content.decode()
    assert not Organisation.objects.filter(name="Feil nummer AS").exists()


def test_valid_organisation_number_is_saved(staff_client):
    staff_client.post(
        reverse("admin:core_organisation_add"),
        {"name": "Brønnøysundregistrene", "kind": "agency", "orgnr": "974760673"},
    )
    assert Organisation.objects.get(name="Brønnøysundregistrene").orgnr_display == "974 760 673"


def test_target_date_before_its_baseline_is_refused(staff_client):
    mission = MissionFactory()
    response = staff_client.post(
        reverse("admin:portfolio_missiontarget_add"),
        {
            "mission": mission.pk,
            "indicator": "Andel familier",
            "target_value": "80",
            "baseline_date": "2030-01-01",
            "target_date": "2025-01-01",
            **management(["measurements"]),
        },
    )
    assert response.status_code == 200
    assert "The target date must be after the baseline date." in response.content.decode()
    assert not MissionTarget.objects.exists()


def test_measures_are_not_added_in_the_admin(staff_client):
    """A measure is a case record: it comes from a decision (step 4) and moves through the services, never the admin."""
    owner = Organisation.objects.create(name="Eier", kind="agency")
    base = {"title": "Ugyldig tiltak", "kind": "experiment", "status": "planned", "stage": "collection"}
    response = staff_client.post(reverse("admin:portfolio_measure_add"), {**base, "owner": owner.pk, "budget": "-1"})
    assert response.status_code == 403
    assert not Measure.objects.filter(title="Ugyldig tiltak").exists()


def test_measure_depending_on_itself_is_refused(staff_client):
    measure = MeasureFactory()
    response = staff_client.post(
        reverse("admin:portfolio_dependency_add"),
        {"from_measure": measure.pk, "to_measure": measure.pk, "kind": "depends_on"},
    )
    assert response.status_code == 200
    assert "A measure cannot depend on itself." in response.content.decode()
    assert not Dependency.objects.exists()


def test_measure_ending_before_it_starts_or_with_negative_budget_is_invalid():
    measure = MeasureFactory.build(owner=Organisation.objects.create(name="Eier", kind="agency"), budget=-1)
    with pytest.raises(ValidationError) as error:
        measure.full_clean(exclude=["origin_proposal"])
    assert "budget" in error.value.message_dict
    measure.budget, measure.start_date, measure.end_date = 1000, date(2025, 5, 1), date(2025, 1, 1)
    with pytest.raises(ValidationError) as error:  # on the end date, in whichever language is active
        measure.full_clean(exclude=["origin_proposal"])
    assert list(error.value.message_dict) == ["end_date"]


def test_the_measure_page_saves_nothing_not_even_its_inlines(staff_client):
    measure = MeasureFactory()
    data = {
        "title": "Nytt navn",
        **management(["benefits", "learning_entries"]),
        "dependencies-TOTAL_FORMS": "1",
        "dependencies-INITIAL_FORMS": "0",
        "dependencies-0-to_measure": measure.pk,
        "dependencies-0-kind": "depends_on",
    }
    response = staff_client.post(reverse("admin:portfolio_measure_change", args=[measure.pk]), data)
    assert response.status_code == 403
    assert not Dependency.objects.exists()
    measure.refresh_from_db()
    assert measure.title != "Nytt navn"


def test_case_records_cannot_be_deleted_in_the_admin(staff_client):
    measure = MeasureFactory()
    response = staff_client.post(reverse("admin:portfolio_measure_delete", args=[measure.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Measure.objects.filter(pk=measure.pk).exists()


def test_phase_ending_before_it_starts_is_refused_in_the_life_event_inline(staff_client):
    ministry = Organisation.objects.create(name="Departementet", kind="ministry")
    data = {
        "slug": "ny-livshendelse",
        "name_nb": "Ny livshendelse",
        "name_en": "New life event",
        "owner_ministry": ministry.pk,
        "sort_order": "1",
        **management(["phases", "participations", "supporting_activities", "mission_approach"]),
        "phases-TOTAL_FORMS": "1",
        "phases-0-phase": "start",
        "phases-0-start_date": "2024-06-01",
        "phases-0-end_date": "2024-01-01",
    }
    response = staff_client.post(reverse("admin:lifeevents_lifeevent_add"), data)
    assert response.status_code == 200
    assert "The end date cannot be before the start date." in response.content.decode()
    assert not LifeEvent.objects.filter(slug="ny-livshendelse").exists()


def test_funding_range_upside_down_is_refused(staff_client):
    event = LifeEventFactory()
    response = staff_client.post(
        reverse("admin:lifeevents_missionapproach_add"),
        {"life_event": event.pk, "name": "Rigg", "funding_min_per_year": "20000000", "funding_max_per_year": "10"},
    )
    assert response.status_code == 200
    assert "The upper amount cannot be below the lower amount." in response.content.decode()
    assert not MissionApproach.objects.exists()
