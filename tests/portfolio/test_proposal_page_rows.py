"""A proposal's page reads its audit trail and its step changes with the proposal itself (issue 17): the names the rows
print are the SQL forms of `str(user)` and `Organisation.label` (portfolio/queries/rows.py), tested equal here."""

import pytest
from django.utils import translation

from core.models import Organisation, User
from portfolio.choices import ProposalStatus
from portfolio.queries.rows import organisation_label, user_name
from portfolio.services import transitions
from tests.factories.core import OrganisationFactory, UserFactory
from tests.factories.portfolio import ProposalFactory

pytestmark = pytest.mark.django_db


def test_the_sql_names_are_the_python_ones():
    users = [UserFactory(first_name="Kari", last_name="Nordmann"), UserFactory(first_name="Ola", last_name=""),
             UserFactory(first_name="", last_name="Hansen"), UserFactory(first_name="", last_name="")]  # fmt: skip
    names = dict(User.objects.filter(pk__in=[u.pk for u in users]).values_list("pk", user_name("")))
    assert {u.pk: str(u) for u in users} == names
    organisations = [OrganisationFactory(short_name="NAV"), OrganisationFactory(short_name="")]
    labels = dict(
        Organisation.objects.filter(pk__in=[o.pk for o in organisations]).values_list("pk", organisation_label(""))
    )
    assert {o.pk: o.label for o in organisations} == labels


def test_the_timeline_and_the_audit_trail_as_the_page_prints_them(client, nav, portfolio_office):
    portfolio_office.first_name, portfolio_office.last_name = "Kari", "Kontor"
    portfolio_office.save()
    proposal = ProposalFactory(organisation=nav, status="submitted")
    transitions.proposal_transition(proposal=proposal, to="harmonising", by=portfolio_office, reason="Godt begrunnet")
    client.force_login(portfolio_office)
    body = client.get(proposal.get_absolute_url()).content.decode()
    with translation.override("nb"):
        step = f"{ProposalStatus.SUBMITTED.label} → {ProposalStatus.HARMONISING.label}"
    timeline = body[body.index('id="proposal-timeline"') :]
    assert f"{step} av Kari Kontor" in timeline
    assert "Godt begrunnet" in timeline
    audit = body[body.index('id="audit-heading"') :]
    assert "<td>Kari Kontor</td>" in audit
    assert f"Status: {step}" in audit
