"""A funding row that a collaboration agreement's commitments wrote says what the parties confirmed (issue 22): the
funding page shows it read-only with a link to the agreement's version, the service refuses to change or delete it
(the one place), a forged POST answers 409 with the message, and the admin obeys the same rule. A new version of the
agreement is the way to change it."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from core import access
from core.models import AuditEvent
from governance import agreements
from governance import services as funding_services
from governance.models import Funding, GovernanceBody
from tests.factories import core as cf
from tests.factories.governance import FundingFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import MeasureFactory
from tests.governance.test_agreements import _draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _norwegian():
    with translation.override("nb"):
        yield


@pytest.fixture
def in_force(asd, portfolio_office, nav, agency_staff):
    hdir = cf.OrganisationFactory(name="Helsedirektoratet", short_name="HDIR", kind="agency")
    hdir_staff = cf.UserFactory(username="hdir", organisation=hdir, role="agency_staff")
    event = LifeEventFactory(owner_ministry=asd, name_nb="Alvorlig sykt barn", slug="alvorlig-sykt-barn")
    body = GovernanceBody.objects.create(name="Styringsgruppe ASB", kind="steering_group")
    version = _draft(event, portfolio_office, nav, hdir, body)
    agreements.version_send(version=version, by=portfolio_office)
    for user in (agency_staff, hdir_staff):
        agreements.version_respond(version=version, kind="confirmed", reason="", by=user)
    version.refresh_from_db()
    return version


def _row(version) -> Funding:
    return Funding.objects.get(agreement_line__version=version, year=2028)


def test_the_funding_page_shows_the_agreements_rows_read_only_with_a_link(client, portfolio_office, in_force):
    measure_row = FundingFactory(measure=MeasureFactory(title="Jobbsøkerassistent"), life_event=None, year=2027)
    row = _row(in_force)
    client.force_login(portfolio_office)
    page = client.get(reverse("governance:funding_list")).content.decode()
    assert reverse("governance:funding_edit", args=[measure_row.pk]) in page  # the measure's row is the office's
    assert reverse("governance:funding_edit", args=[row.pk]) not in page
    assert in_force.get_absolute_url() in page
    assert "endre den gjennom en ny versjon av avtalen" in page
    assert not access.can(portfolio_office, "change", row) and not access.can(portfolio_office, "delete", row)
    assert access.can(portfolio_office, "change", measure_row)


def test_a_forged_post_answers_409_with_the_message_and_changes_nothing(client, portfolio_office, in_force):
    row = _row(in_force)
    client.force_login(portfolio_office)
    data = {"year": "2028", "source": row.source_id, "amount": "1", "status": "", "measure": ""}
    before = AuditEvent.objects.count()
    response = client.post(reverse("governance:funding_edit", args=[row.pk]), data)
    assert response.status_code == 409
    text = response.content.decode()
    assert "ny versjon av avtalen" in text and "versjon 1" in text
    row.refresh_from_db()
    assert row.amount == Decimal("2500000") and AuditEvent.objects.count() == before


def test_the_service_refuses_to_change_or_delete_an_agreements_row(portfolio_office, in_force):
    row = _row(in_force)
    with pytest.raises(ValidationError, match="ny versjon av avtalen"):
        funding_services.funding_update(funding=row, data={"amount": Decimal(1)}, by=portfolio_office)
    with pytest.raises(ValidationError, match="ny versjon av avtalen"):
        funding_services.funding_delete(funding=row, by=portfolio_office)
    row.refresh_from_db()
    assert row.amount == Decimal("2500000")
    # a row of a measure is still the office's to change
    other = FundingFactory(measure=MeasureFactory(), life_event=None, amount=5)
    funding_services.funding_update(funding=other, data={"amount": Decimal(6)}, by=portfolio_office)


def test_the_admin_obeys_the_rule(client, admin_user, in_force):
    row = _row(in_force)
    client.force_login(admin_user)
    change = reverse("admin:governance_funding_change", args=[row.pk])
    page = client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()  # shown read-only
    data = {"source": row.source_id, "life_event": row.life_event_id, "year": "2028", "amount": "1", "status": ""}
    assert client.post(change, data).status_code == 403
    assert client.post(reverse("admin:governance_funding_delete", args=[row.pk]), {"post": "yes"}).status_code == 403
    bulk = {"action": "delete_selected", "_selected_action": [row.pk], "post": "yes"}
    client.post(reverse("admin:governance_funding_changelist"), bulk)
    row.refresh_from_db()
    assert row.amount == Decimal("2500000")


def test_a_new_version_in_force_replaces_the_rows(portfolio_office, nav, agency_staff, in_force):
    hdir_staff = in_force.parties.get(organisation__short_name="HDIR").organisation.users.get()
    v2 = agreements.version_revise(version=in_force, by=portfolio_office)
    parties = [agreements.PartyRow(p.organisation, p.roles) for p in v2.parties.all()]
    hdir = parties[0].organisation
    v2 = agreements.version_save(
        version=v2,
        data={"change_note": "HDIR øker 2028"},
        parties=parties,
        funding=[agreements.FundingRow(hdir, 2028, Decimal("3000000"))],
        by=portfolio_office,
    )
    agreements.version_send(version=v2, by=portfolio_office)
    for user in (agency_staff, hdir_staff):
        agreements.version_respond(version=v2, kind="confirmed", reason="", by=user)
    assert not Funding.objects.filter(agreement_line__version=in_force).exists()
    assert _row(v2).amount == Decimal("3000000")
