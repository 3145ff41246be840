"""A proposal's page prints its audit trail and its step changes as they were recorded (read as plain querysets with
only the columns shown, issue 17); the SQL forms of `str(user)` and `Organisation.label` (portfolio/queries/rows.py)
that other pages read rows with are tested equal to the Python here."""

import datetime

import pytest
from django.http import Http404
from django.utils import timezone, translation

from core import audit
from core.models import Organisation, User
from portfolio.choices import ProposalStatus
from portfolio.models import Proposal
from portfolio.queries import public_access
from portfolio.queries.proposals import page_queryset, proposal_page_object
from portfolio.queries.rows import organisation_label, user_name
from portfolio.services import public_access as public_access_services
from portfolio.services import transitions
from tests.factories.core import OrganisationFactory, UserFactory
from tests.factories.lifeevents import LifeEventFactory
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


def test_the_internal_note_events_are_in_the_office_trail_only(client, nav, agency_staff, portfolio_office):
    proposal = ProposalFactory(organisation=nav, created_by=agency_staff, status="submitted")
    audit.record(actor=portfolio_office, action="portfolio.proposal.noted", obj=proposal, note="Ring dem i morgen")
    audit.record(actor=agency_staff, action="portfolio.proposal.updated", obj=proposal, changes={"title": ["A", "B"]})
    pages = {}
    for user in (portfolio_office, agency_staff):
        client.force_login(user)
        body = client.get(proposal.get_absolute_url()).content.decode()
        pages[user] = body[body.index('id="audit-heading"') :]
    assert "Ring dem i morgen" in pages[portfolio_office]
    assert "Ring dem i morgen" not in pages[agency_staff]
    assert all("A → B" in trail for trail in pages.values())


def test_the_exemptions_are_read_only_for_a_proposal_that_has_some(nav, agency_staff, django_assert_num_queries):
    proposal = ProposalFactory(organisation=nav, created_by=agency_staff, status="submitted")
    visible = Proposal.objects.visible_to(agency_staff)
    read = proposal_page_object(visible, proposal.pk)
    assert read.has_exemptions is False
    with django_assert_num_queries(0):
        assert public_access.exemption_panel(agency_staff, read)["exemptions"] == []
    basis = {"part": "need", "legal_basis": "14", "reason": "Internt arbeidsdokument.",
             "review_date": timezone.localdate() + datetime.timedelta(days=365)}  # fmt: skip
    exemption = public_access_services.exemption_add(record=proposal, data=basis, by=agency_staff)
    read = proposal_page_object(visible, proposal.pk)
    assert read.has_exemptions is True
    assert public_access.exemption_panel(agency_staff, read)["exemptions"] == [exemption]


def test_the_page_query_is_built_once_per_language_and_left_as_it_was(nav, agency_staff, portfolio_office):
    """`page_queryset` is built once per language (the life events' names in it) and a page only filters a copy of
    it: the next page, another user's, reads from the same query, unchanged, and only what that user may see."""
    event = LifeEventFactory(name_nb="Få barn", name_nn="Få born", name_en="Having a child")
    proposal = ProposalFactory(organisation=nav, created_by=agency_staff, status="submitted")
    proposal.life_events.set([event])
    merged = ProposalFactory(organisation=nav, status="merged", merged_into=proposal)
    built = {language: str(page_queryset(language).query) for language in ("nb", "nn", "en")}
    for user in (portfolio_office, agency_staff):
        visible = Proposal.objects.visible_to(user)
        for language, name in (("en", "Having a child"), ("nn", "Få born"), ("nb", "Få barn")):
            with translation.override(language):
                read = proposal_page_object(visible, proposal.pk)
            assert read.life_event_names == [name]
            assert [m.pk for m in read.merged_list] == [merged.pk]
    assert page_queryset("nb") is page_queryset("nb")
    assert {language: str(page_queryset(language).query) for language in built} == built
    outsider = UserFactory(role="agency_staff", organisation=OrganisationFactory())
    with pytest.raises(Http404):
        proposal_page_object(Proposal.objects.visible_to(outsider), proposal.pk)


def test_the_step_changes_are_read_with_the_proposal(nav, portfolio_office, django_assert_num_queries):
    """The timeline's step changes come with the proposal of its page (`transition_rows`): no query of their own,
    and the same items as the timeline of a proposal read without them (the decision page's)."""
    from portfolio.queries.timeline import proposal_timeline

    proposal = ProposalFactory(organisation=nav, status="submitted")
    transitions.proposal_transition(proposal=proposal, to="harmonising", by=portfolio_office, reason="Godt begrunnet")
    read = proposal_page_object(Proposal.objects.visible_to(portfolio_office), proposal.pk, internal=True)
    with django_assert_num_queries(0):
        items = proposal_timeline(read)
    assert items == proposal_timeline(Proposal.objects.get(pk=proposal.pk))
    assert [(i["kind"], i["to"], i["who"], i["reason"]) for i in items] == [
        ("transition", ProposalStatus.HARMONISING.label, str(portfolio_office), "Godt begrunnet")
    ]


def test_the_audit_trail_is_read_with_the_proposal_as_for_object_reads_it(nav, agency_staff, portfolio_office):
    """The audit rows read with the proposal are the events `AuditEvent.objects.for_object` reads (newest first; who
    is `str(user)`, None for the system), the internal-note events only for those who see internal notes."""
    from core.models import AuditEvent

    proposal = ProposalFactory(organisation=nav, created_by=agency_staff, status="submitted")
    audit.record(actor=portfolio_office, action="portfolio.proposal.noted", obj=proposal, note="Ring dem")
    audit.record(actor=None, action="portfolio.proposal.updated", obj=proposal, changes={"title": ["A", "B"]})
    audit.record(actor=agency_staff, action="portfolio.proposal.updated", obj=ProposalFactory(), note="Et annet")
    for internal in (True, False):
        events = AuditEvent.objects.for_object(proposal)
        if not internal:
            events = events.exclude(action="portfolio.proposal.noted")
        read = proposal_page_object(Proposal.objects.all(), proposal.pk, internal=internal)
        assert [(e.created_at, e.action, e.changes, e.note, e.actor) for e in read.audit_list] == [
            (e.created_at, e.action, e.changes, e.note, str(e.actor) if e.actor else None) for e in events
        ]
        assert [e.change_list for e in read.audit_list] == [audit.readable_changes(Proposal, e.changes) for e in events]
    assert len(read.audit_list) >= 1
