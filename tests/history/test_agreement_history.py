"""Collaboration agreements and generations are tracked by the history triggers like the other case records (issue
22): every insert, update and delete leaves a row, also a change made outside the services, and the rows hold no
personal data (an agreement holds no contact details; the answering person's typed name is not snapshotted)."""

import pytest
from django.db import connection

from governance import agreements as services
from governance import generations
from governance.agreement_models import AgreementFunding, AgreementResponse, AgreementVersion
from governance.models import Generation, GovernanceBody
from history.models import (
    AgreementFundingEvent,
    AgreementPartyEvent,
    AgreementResponseEvent,
    AgreementVersionEvent,
    CollaborationAgreementEvent,
    GenerationEvent,
)
from tests.factories import core as cf
from tests.factories.lifeevents import LifeEventFactory
from tests.governance.test_agreements import _draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def hdir(db):
    return cf.OrganisationFactory(name="Helsedirektoratet", short_name="HDIR", kind="agency")


@pytest.fixture
def hdir_staff(hdir):
    return cf.UserFactory(username="hdir", organisation=hdir, role="agency_staff")


@pytest.fixture
def event(asd):
    return LifeEventFactory(owner_ministry=asd, name_nb="Alvorlig sykt barn", slug="alvorlig-sykt-barn")


@pytest.fixture
def body(event):
    return GovernanceBody.objects.create(name="Styringsgruppe ASB", kind="steering_group")


def test_an_agreement_from_draft_to_in_force_leaves_history_rows(
    event, body, portfolio_office, nav, hdir, agency_staff, hdir_staff
):
    version = _draft(event, portfolio_office, nav, hdir, body)
    services.version_send(version=version, by=portfolio_office)
    for user in (agency_staff, hdir_staff):
        services.version_respond(version=version, kind="confirmed", reason="", by=user)

    assert CollaborationAgreementEvent.objects.filter(pgh_obj=version.agreement, pgh_label="insert").exists()
    statuses = list(
        AgreementVersionEvent.objects.filter(pgh_obj=version).order_by("pgh_id").values_list("status", flat=True)
    )
    steps = [s for i, s in enumerate(statuses) if i == 0 or statuses[i - 1] != s]  # the draft's saves are rows too
    assert steps == ["draft", "sent", "in_force"]
    assert AgreementPartyEvent.objects.filter(version=version).count() == 2
    # the funding rows written from the commitments are linked in the history too
    linked = AgreementFundingEvent.objects.filter(version=version, pgh_label="update", funding__isnull=False)
    assert linked.count() == AgreementFunding.objects.filter(version=version).count() == 3
    answers = AgreementResponseEvent.objects.filter(party__version=version).values_list("kind", "by")
    assert sorted(answers) == sorted([("confirmed", agency_staff.pk), ("confirmed", hdir_staff.pk)])


def test_a_raw_change_of_an_agreement_version_is_tracked(event, body, portfolio_office, nav, hdir):
    version = _draft(event, portfolio_office, nav, hdir, body)
    with connection.cursor() as cursor:  # no service, no audit row: the trigger still sees it
        cursor.execute("UPDATE governance_agreementversion SET status = 'in_force' WHERE id = %s", [version.pk])
    AgreementVersion.objects.filter(pk=version.pk).update(next_phase_months=24)
    rows = AgreementVersionEvent.objects.filter(pgh_obj_id=version.pk).order_by("pgh_id")
    assert list(rows.values_list("pgh_label", "status", "next_phase_months"))[-2:] == [
        ("update", "in_force", 18),
        ("update", "in_force", 24),
    ]


def test_the_history_of_answers_keeps_no_typed_name():
    columns = {f.name for f in AgreementResponseEvent._meta.get_fields()}
    assert "by_name" in {f.name for f in AgreementResponse._meta.get_fields()}
    assert "by_name" not in columns and "reason" not in columns and "kind" in columns


def test_a_generation_is_tracked_from_insert_to_delete(portfolio_office):
    life_event = LifeEventFactory()
    generation = generations.generation_create(
        life_event=life_event, data={"number": 1, "name": "Første generasjon", "state": "planned"}, by=portfolio_office
    )
    generations.generation_update(generation=generation, data={"state": "in_progress"}, by=portfolio_office)
    Generation.objects.filter(pk=generation.pk).delete()
    rows = GenerationEvent.objects.filter(pgh_obj_id=generation.pk).order_by("pgh_id")
    assert list(rows.values_list("pgh_label", "state")) == [
        ("insert", "planned"),
        ("update", "in_progress"),
        ("delete", "in_progress"),
    ]
