"""The demo's collaboration agreement for Alvorlig sykt barn and generation plan for Starte og drive en frivillig
organisasjon (issue 22): built from the sources, invented parts flagged illustrative, shown on the pages."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from core import access
from core.models import User
from demo.reference import agreements as data
from governance import agreements as services
from governance.agreement_models import AgreementStatus, AgreementVersion
from governance.models import Funding
from lifeevents.models import LifeEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_the_agreement_is_in_force_with_its_commitments_and_a_second_version_awaits_nav(demo, client):
    v1, v2 = AgreementVersion.objects.filter(agreement__life_event__slug=data.ASB).order_by("number")
    assert v1.status == AgreementStatus.IN_FORCE and v1.is_illustrative
    assert v2.status == AgreementStatus.SENT
    assert [p.organisation.short_name or p.organisation.name for p in v1.parties.all()][:2] == [
        "HDIR",
        "Direktoratet for e-helse",
    ]
    rows = Funding.objects.filter(agreement_line__version=v1)
    assert rows.count() == len(data.FUNDING) and all(r.is_illustrative for r in rows)
    assert sum(r.amount for r in rows) == sum(amount for *_k, amount in data.FUNDING)
    nav = User.objects.get(username="agency")  # the demo's NAV login answers for NAV
    assert access.can(nav, "respond", v2) and not access.can(nav, "respond", v1)
    services.version_respond(version=v2, kind="confirmed", reason="", by=nav)
    v1.refresh_from_db(), v2.refresh_from_db()
    assert (v1.status, v2.status) == (AgreementStatus.SUPERSEDED, AgreementStatus.IN_FORCE)
    nav_2024 = Funding.objects.get(agreement_line__version=v2, year=2024, source__name="Arbeids- og velferdsetaten")
    assert nav_2024.amount == Decimal(data.NAV_INCREASE)
    client.force_login(nav)
    page = client.get(reverse("lifeevents:lifeevent_detail", args=[data.ASB])).content.decode()
    assert data.AGREEMENT_TITLE in page and "Missionplattformen – Alvorlig sykt barn" in page


def test_a_second_load_changes_nothing(demo):
    before = (AgreementVersion.objects.count(), Funding.objects.count())
    call_command("load_demo")
    assert (AgreementVersion.objects.count(), Funding.objects.count()) == before


def test_the_voluntary_organisations_plan_in_generations(demo, client, agency_staff):
    event = LifeEvent.objects.get(slug=data.SDF)
    assert event.plans_in_generations
    generations = list(event.generations.order_by("number"))
    assert [g.name for g in generations] == [g["name"] for g in data.GENERATIONS]
    assert all(g.is_illustrative for g in generations)
    assert generations[0].measures.count() == 2 and generations[0].missions.exists()
    client.force_login(agency_staff)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "Starte på nytt sammen" in page and reverse("governance:generation_plan", args=[event.slug]) in page
    plan = client.get(reverse("governance:generation_plan", args=[event.slug])).content.decode()
    assert "Felles medlemsregister for små lag" in plan and "markedsplass" in plan  # the building blocks, the arena
    assert "Byggestein: felles medlemsregister for små lag" not in plan  # Brønnøysundregistrene's measure: not NAV's
    client.force_login(User.objects.get(username="office"))
    plan = client.get(reverse("governance:generation_plan", args=[event.slug])).content.decode()
    assert "Byggestein: felles medlemsregister for små lag" in plan
