"""A unit deleted from Enhetsregisteret (inactive) is no longer offered for new links: not as a proposal's partner
or proposing organisation, not as a ministry or agency that must act on a decision. A proposal keeps a partner it
already has."""

from governance.decision_forms import DecisionForm
from portfolio.forms.intake import ProposalForm
from tests.factories.core import OrganisationFactory
from tests.factories.portfolio import ProposalFactory


def test_intake_offers_only_active_partners_but_keeps_a_linked_one(agency_staff, portfolio_office):
    gone = OrganisationFactory(name="Nedlagt direktorat", is_active=False)
    still = OrganisationFactory(name="Levende direktorat")
    new = ProposalForm(user=agency_staff, creating=True)
    assert still in new.fields["partners"].queryset and gone not in new.fields["partners"].queryset
    proposal = ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status="draft")
    proposal.partners.add(gone)
    edit = ProposalForm(instance=proposal, user=agency_staff)
    assert gone in edit.fields["partners"].queryset
    on_behalf = ProposalForm(user=portfolio_office, creating=True)
    assert gone not in on_behalf.fields["organisation"].queryset


def test_a_decision_names_only_active_ministries_and_agencies(db):
    old_ministry = OrganisationFactory(name="Nedlagt departement", kind="ministry", is_active=False)
    old_agency = OrganisationFactory(name="Nedlagt etat", is_active=False)
    form = DecisionForm.base_fields
    assert old_ministry not in form["ministries"].queryset
    assert old_agency not in form["acting_agency"].queryset
