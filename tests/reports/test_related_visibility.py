"""Related lookups go through the same visibility as the object in the URL: a status report of a round, the report
page of one life event, a proposal of a withdrawn review."""

import pytest
from django.urls import reverse
from django.utils import timezone

from reports.models import StatusReport
from tests.factories import reports as r
from tests.factories.portfolio import ProposalFactory, ReviewAssignmentFactory


def test_a_partner_agency_does_not_see_the_owner_s_draft_status_report(
    client, other_agency, other_agency_staff, portfolio_data
):
    round_, m1 = portfolio_data["round"], portfolio_data["m1"]
    m1.participants.add(other_agency)  # a partner: it sees the measure …
    StatusReport.objects.filter(round=round_, measure=m1).update(state="draft")
    client.force_login(other_agency_staff)
    assert client.get(m1.get_absolute_url()).status_code == 200
    url = reverse("reports:status_report_edit", args=[round_.pk, m1.pk])
    response = client.get(url)
    assert response.status_code == 404  # … but not the owner's status report, draft or submitted
    assert "Hjemmel for deling av data" not in response.content.decode()


def test_the_owner_and_the_office_still_see_it(client, agency_staff, portfolio_office, portfolio_data):
    url = reverse("reports:status_report_edit", args=[portfolio_data["round"].pk, portfolio_data["m1"].pk])
    for user in (agency_staff, portfolio_office):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and "Hjemmel for deling av data" in response.content.decode()


def test_a_ministry_cannot_open_the_report_page_of_another_ministry_s_life_event(
    client, ministry_official, portfolio_office, portfolio_data
):
    theirs = r.ReportingRoundFactory(
        title="Dødsfall-runden", life_event=portfolio_data["death"], opened_by=portfolio_office
    )
    ours = r.ReportingRoundFactory(title="Jobb-runden", life_event=portfolio_data["job"], opened_by=portfolio_office)
    client.force_login(ministry_official)
    assert client.get(reverse("reports:report_detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("reports:report_detail", args=[ours.pk])).status_code == 200
    response = client.post(reverse("reports:report_order", args=[theirs.pk]), {"kind": "pdf"})
    assert response.status_code in (403, 404)
    client.force_login(portfolio_office)
    assert client.get(reverse("reports:report_detail", args=[theirs.pk])).status_code == 200


@pytest.mark.parametrize("withdrawn", [False, True])
def test_a_reviewer_whose_assignment_was_withdrawn_can_no_longer_read_the_proposal(
    client, nav, other_agency_staff, portfolio_office, withdrawn
):
    proposal = ProposalFactory(organisation=nav, status="assessing", title="Forslaget under vurdering")
    ReviewAssignmentFactory(
        proposal=proposal,
        reviewer=other_agency_staff,
        assigned_by=portfolio_office,
        withdrawn_at=timezone.now() if withdrawn else None,
    )
    client.force_login(other_agency_staff)
    assert client.get(proposal.get_absolute_url()).status_code == (404 if withdrawn else 200)
