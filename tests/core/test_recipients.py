"""Who is told (core/recipients.py, issue 18): one named audience per rule, each keeping active users only, each once,
who may see the page the notification links to by the one access policy. One test per audience (who is in, who is
not), and the services' notifications end on pages their readers may open."""

import datetime

import pytest
from django.core import mail

from api.models import ApiToken, WebhookSubscription
from core import recipients
from core.models import Notification
from governance import agreements
from governance.scenario_services import scenario_share
from portfolio.services import harmonise, intake, messages, scoring
from tests.factories.core import OrganisationFactory, UserFactory
from tests.factories.governance import ScenarioFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import MeasureFactory, ProposalFactory, ReviewAssignmentFactory
from tests.factories.reports import ReportingRoundFactory

pytestmark = pytest.mark.django_db


def _names(users) -> list[str]:
    return [u.username for u in users]


def test_office_staff_are_the_active_office_but_who_did_it(portfolio_office, agency_staff, admin_user):
    second = UserFactory(username="office2", role="portfolio_office")
    UserFactory(username="gone", role="portfolio_office", is_active=False)
    proposal = ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff)
    assert _names(recipients.office_staff(proposal)) == ["office", "office2"]  # not agency staff, not administrators
    assert _names(recipients.office_staff(proposal, exclude=second)) == ["office"]
    token = ApiToken.objects.create(user=admin_user, name="CI", created_by=admin_user)  # administrators' only
    assert recipients.office_staff(token) == []  # the policy refuses the office: not told of it


def test_the_submitter_while_they_may_see_their_proposal(agency_staff, other_agency, portfolio_office):
    proposal = ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff)
    assert recipients.submitter_of(proposal) == [agency_staff]
    assert recipients.submitter_of(proposal, exclude=agency_staff) == []  # who made the move themself
    agency_staff.is_active = False
    agency_staff.save()
    assert recipients.submitter_of(proposal) == []
    moved = UserFactory(username="moved", organisation=other_agency, role="agency_staff")
    theirs = ProposalFactory(organisation=portfolio_office.organisation, created_by=moved)
    assert recipients.submitter_of(theirs) == []  # now with another organisation: the policy hides the proposal


def test_answers_go_to_the_facilitator_or_else_the_whole_office(agency_staff, portfolio_office):
    second = UserFactory(username="office2", role="portfolio_office")
    proposal = ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status="harmonising")
    assert _names(recipients.facilitator_or_office(proposal)) == ["office", "office2"]  # none assigned yet
    proposal.facilitator = second
    assert recipients.facilitator_or_office(proposal) == [second]
    assert recipients.facilitator_or_office(proposal, exclude=second) == []  # they wrote it themself
    second.is_active = False
    second.save(update_fields=["is_active"])
    assert recipients.facilitator_or_office(proposal) == [portfolio_office]  # their facilitator left: the office


def test_officials_of_the_ministries_that_may_see_it(ministry_official, asd, portfolio_office, agency_staff):
    other_ministry = OrganisationFactory(name="Kunnskapsdepartementet", kind="ministry")
    UserFactory(username="kd", organisation=other_ministry, role="ministry_official")
    UserFactory(username="asd-gone", organisation=asd, role="ministry_official", is_active=False)
    UserFactory(username="asd-staff", organisation=asd, role="agency_staff")  # not an official
    scenario = ScenarioFactory(created_by=portfolio_office)
    assert recipients.officials_of([asd], about=scenario) == []  # not shared with ASD yet: the policy refuses
    scenario.shared_with.set([asd])
    assert recipients.officials_of([asd.pk], about=scenario) == [ministry_official]
    assert recipients.officials_of([asd, other_ministry], about=scenario) == [ministry_official]  # KD: not shared


def test_owners_are_the_owning_organisations_staff(agency_staff, other_agency_staff, nav, portfolio_office):
    colleague = UserFactory(username="nav2", organisation=nav, role="agency_staff")
    UserFactory(username="nav-gone", organisation=nav, role="agency_staff", is_active=False)
    UserFactory(username="nav-office", organisation=nav, role="portfolio_office")  # not the owner's staff
    measure = MeasureFactory(owner=nav)
    assert recipients.owners_of(measure) == [agency_staff, colleague]
    assert other_agency_staff not in recipients.owners_of(measure)
    scenario = ScenarioFactory(created_by=portfolio_office)
    assert recipients.owners_of(measure, about=scenario) == []  # a page agency staff never see


def test_staff_of_the_organisations_that_owe_reports(agency_staff, other_agency_staff, nav, ministry_official):
    UserFactory(username="nav-gone", organisation=nav, role="agency_staff", is_active=False)
    round = ReportingRoundFactory()
    assert recipients.staff_of([nav], about=round) == [agency_staff]  # not Skatteetaten's, not inactive ones
    draft = ProposalFactory(organisation=OrganisationFactory(name="Lånekassen"), status="draft")
    assert recipients.staff_of([nav], about=draft) == []  # another organisation's draft: the policy refuses


def test_representatives_are_whom_the_policy_lets_answer_for_a_party(
    asd, nav, agency_staff, other_agency_staff, ministry_official, portfolio_office
):
    UserFactory(username="nav-gone", organisation=nav, role="agency_staff", is_active=False)
    nav_office = UserFactory(username="nav-office", organisation=nav, role="portfolio_office")
    event = LifeEventFactory(owner_ministry=asd)
    version = agreements.agreement_create(life_event=event, by=portfolio_office)
    version = agreements.version_save(
        version=version, data={"governance_structure": "Styringsgruppe."},
        parties=[agreements.PartyRow(nav, "Leder."), agreements.PartyRow(asd, "Eier.")], funding=[],
        by=portfolio_office,
    )  # fmt: skip
    assert recipients.representatives_of(version) == []  # a draft: only the office sees it
    version.status = "sent"
    version.save(update_fields=["status"])
    told = recipients.representatives_of(version)
    assert told == [agency_staff, ministry_official]  # not Skatteetaten's, not an office member working at NAV
    assert nav_office not in told and other_agency_staff not in told


def test_the_reviewer_while_the_assignment_stands(other_agency_staff, nav, portfolio_office):
    assignment = ReviewAssignmentFactory(
        proposal=ProposalFactory(organisation=nav, status="assessing"), reviewer=other_agency_staff
    )
    assert recipients.reviewer_of(assignment) == [other_agency_staff]
    assignment.withdrawn_at = datetime.datetime.now(datetime.UTC)
    assignment.save(update_fields=["withdrawn_at"])
    assert recipients.reviewer_of(assignment) == []  # withdrawn: the scoring page is no longer theirs


def test_the_webhooks_owner_while_they_may_see_it(agency_staff, other_agency):
    subscription = WebhookSubscription.objects.create(
        organisation=agency_staff.organisation, owner=agency_staff, url="https://example.org/hook", secret="s"
    )
    assert recipients.owner_of(subscription) == [agency_staff]
    agency_staff.organisation = other_agency
    agency_staff.save(update_fields=["organisation"])
    assert recipients.owner_of(subscription) == []  # moved on: the policy hides their old organisation's hooks


def test_every_notification_the_services_send_opens_for_its_reader(
    client, agency_staff, other_agency_staff, portfolio_office, ministry_official, asd,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """A new proposal, its step, a question and its answer, a review request and a shared scenario: each reader
    opens the page their notification links to."""
    moved = UserFactory(username="moved", organisation=asd, role="ministry_official")  # registered it, then left NAV
    gone = ProposalFactory(organisation=agency_staff.organisation, created_by=moved, status="submitted")
    with django_capture_on_commit_callbacks(execute=True):
        proposal = ProposalFactory(
            organisation=agency_staff.organisation, created_by=agency_staff, status="draft",
            expected_benefits="Færre skjema.", beneficiaries="Foreldre.",
        )  # fmt: skip
        intake.proposal_submit(proposal=proposal, by=agency_staff)
    with django_capture_on_commit_callbacks(execute=True):
        harmonise.proposal_triage(proposal=proposal, by=portfolio_office)
        harmonise.proposal_triage(proposal=gone, by=portfolio_office)
    with django_capture_on_commit_callbacks(execute=True):
        messages.message_post(proposal=proposal, kind="question", body="Hvor mange?", by=portfolio_office)
    with django_capture_on_commit_callbacks(execute=True):
        messages.message_post(proposal=proposal, kind="answer", body="Omtrent 3000.", by=agency_staff)
    with django_capture_on_commit_callbacks(execute=True):
        assessed = ProposalFactory(organisation=agency_staff.organisation, status="assessing")
        scoring.reviewer_assign(proposal=assessed, reviewer=other_agency_staff, by=portfolio_office)
    with django_capture_on_commit_callbacks(execute=True):
        scenario_share(scenario=ScenarioFactory(created_by=portfolio_office), ministries=[asd], by=portfolio_office)
    rows = list(Notification.objects.select_related("user").order_by("pk"))
    readers = {r.user.username for r in rows}
    assert readers >= {"office", "agency", "other", "ministry"}
    assert not Notification.objects.filter(user=moved, url=gone.get_absolute_url()).exists()  # the policy hides it
    assert not [m for m in mail.outbox if moved.email in m.to and gone.title in m.subject]
    for row in rows:
        client.force_login(row.user)
        assert client.get(row.url).status_code == 200, (row.user.username, row.title, row.url)
