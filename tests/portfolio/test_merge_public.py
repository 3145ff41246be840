"""Merging across agencies: the author of a merged proposal follows "merged into" to the public part of the
proposal that now carries their text, and the target's submitter is told by e-mail."""

import pytest
from django.urls import reverse

from portfolio.services import harmonise
from tests.factories.portfolio import ProposalFactory


@pytest.fixture
def merged(agency_staff, other_agency_staff, portfolio_office):
    target = ProposalFactory(
        organisation=agency_staff.organisation, created_by=agency_staff, status="harmonising", title="NAVs forslag"
    )
    theirs = ProposalFactory(
        organisation=other_agency_staff.organisation,
        created_by=other_agency_staff,
        status="harmonising",
        title="Skatteetatens forslag",
        need="Næringsdrivende melder det samme to ganger.",
        solution="Hemmelig løsning.",
        facilitator=portfolio_office,
    )
    return target, theirs


def test_the_merged_author_sees_the_proposal_carrying_their_text(client, merged, other_agency_staff, portfolio_office):
    target, theirs = merged
    harmonise.proposal_qualify(
        proposal=theirs, outcome="duplicate", duplicate_of=target, version=1, by=portfolio_office
    )
    client.force_login(other_agency_staff)
    own_page = client.get(theirs.get_absolute_url()).content.decode()
    link = reverse("portfolio:proposal_public", args=[target.pk])
    assert link in own_page
    assert client.get(target.get_absolute_url()).status_code == 404  # the target itself stays theirs
    response = client.get(link)
    page = response.content.decode()
    assert response.status_code == 200 and "NAVs forslag" in page
    merged_in = page[page.index('data-testid="merged-in"') :]
    assert "Skatteetatens forslag" in merged_in and "Næringsdrivende melder det samme to ganger." in merged_in
    assert target.solution not in page and "Hemmelig løsning." not in page  # only the public part


def test_a_draft_has_no_public_part(client, other_agency_staff, agency_staff):
    draft = ProposalFactory(organisation=agency_staff.organisation, status="draft")
    client.force_login(other_agency_staff)
    assert client.get(reverse("portfolio:proposal_public", args=[draft.pk])).status_code == 404


def test_the_targets_submitter_is_told_by_email(
    merged, portfolio_office, agency_staff, mailoutbox, django_capture_on_commit_callbacks
):
    target, theirs = merged
    agency_staff.email = "saksbehandler@nav.no"
    agency_staff.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        harmonise.proposal_qualify(
            proposal=theirs, outcome="duplicate", duplicate_of=target, version=1, by=portfolio_office
        )
    to_target = [m for m in mailoutbox if m.to == ["saksbehandler@nav.no"]]
    assert len(to_target) == 1
    assert "Skatteetatens forslag" in to_target[0].subject and "NAVs forslag" in to_target[0].subject
    assert reverse("portfolio:proposal_detail", args=[target.pk]) in to_target[0].body


def test_proposal_numbers_are_never_grouped_like_amounts(client, other_agency_staff, agency_staff):
    proposal = ProposalFactory(pk=12345, organisation=agency_staff.organisation, status="submitted")
    client.force_login(other_agency_staff)
    page = client.get(reverse("portfolio:proposal_public", args=[proposal.pk])).content.decode()
    assert "Forslag nr. 12345" in page and "12\xa0345" not in page
