"""The neutral facilitator holds whenever the facts change: a qualification against a measure of the facilitator's
organisation is refused with the reason, a merge that brings the facilitator's organisation in takes them off (the
reason in the trail), a new overlap between the proposal's related measure and a measure of the facilitator's
organisation takes them off too (the only service besides qualification that gives a proposal a new related
measure: `dependencies.py`, also behind the admin), and a refused assignment says why instead of "select a valid
choice"."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from core import access
from core.models import AuditEvent
from portfolio.choices import ProposalStatus
from portfolio.models import Dependency
from portfolio.services import dependencies
from portfolio.services import harmonise as svc
from tests.factories.core import UserFactory
from tests.factories.portfolio import MeasureFactory, ProposalFactory


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def harmonising(agency_staff, portfolio_office):
    return ProposalFactory(
        organisation=agency_staff.organisation,
        created_by=agency_staff,
        status="harmonising",
        facilitator=portfolio_office,
    )


def test_qualifying_against_the_facilitators_own_measure_is_refused_with_the_reason(
    harmonising, portfolio_office, digdir
):
    own = MeasureFactory(title="Digdirs tiltak", owner=digdir, status="ongoing")
    with pytest.raises(ValidationError) as exc:
        svc.proposal_qualify(
            proposal=harmonising, outcome="complements", related_measure=own, version=1, by=portfolio_office
        )
    message = exc.value.message_dict["related_measure"][0]
    assert "owns the overlapping measure “Digdirs tiltak”" in message and "Assign another facilitator" in message
    harmonising.refresh_from_db()
    assert harmonising.status == "harmonising" and harmonising.related_measure is None
    neutral = UserFactory(role="portfolio_office")
    svc.facilitator_assign(proposal=harmonising, facilitator=neutral, by=portfolio_office)
    harmonising.refresh_from_db()
    svc.proposal_qualify(proposal=harmonising, outcome="complements", related_measure=own, version=1, by=neutral)
    harmonising.refresh_from_db()
    assert harmonising.status == "assessing" and harmonising.related_measure == own


def test_a_merge_bringing_in_the_facilitators_organisation_takes_them_off(agency_staff, portfolio_office, digdir):
    target = ProposalFactory(organisation=agency_staff.organisation, status="harmonising", facilitator=portfolio_office)
    from_digdir = ProposalFactory(
        organisation=digdir, status="harmonising", facilitator=UserFactory(role="portfolio_office")
    )
    svc.proposal_qualify(
        proposal=from_digdir, outcome="duplicate", duplicate_of=target, version=1, by=from_digdir.facilitator
    )
    target.refresh_from_db()
    assert target.facilitator is None
    event = AuditEvent.objects.get(action="portfolio.proposal.facilitator_removed", object_id=str(target.pk))
    assert "was merged into this one" in event.note
    assert "was merged into this one" in svc.facilitator_problem(target, portfolio_office)


def test_a_refused_assignment_says_why(client, harmonising, portfolio_office, agency_staff):
    insider = UserFactory(role="portfolio_office", organisation=agency_staff.organisation)
    client.force_login(portfolio_office)
    url = reverse("portfolio:facilitator_assign", args=[harmonising.pk])
    response = client.post(url, {"facilitator": insider.pk}, headers={"Accept-Language": "en"})
    page = response.content.decode()
    assert response.status_code == 422
    assert "the organisation that made the proposal" in page or "organisasjonen som kom med forslaget" in page
    assert "Select a valid choice" not in page and "Velg et gyldig valg" not in page
    harmonising.refresh_from_db()
    assert harmonising.facilitator == portfolio_office


@pytest.mark.parametrize("status", ProposalStatus.values)
def test_the_facilitator_can_be_assigned_in_steps_1_to_4_and_the_policy_and_the_service_agree(
    client, status, agency_staff, portfolio_office
):
    """The facilitator is neutral and follows the proposal through the process: assigned or replaced in any of
    steps 1–4 (received, harmonise, assess, decide), never on a draft or a closed or shelved proposal. The page
    offers it, the view accepts it and the service saves it in exactly the same statuses (one rule)."""
    proposal = ProposalFactory(organisation=agency_staff.organisation, created_by=agency_staff, status=status)
    neutral = UserFactory(role="portfolio_office", organisation=None)
    steps_1_to_4 = {"submitted", "harmonising", "assessing", "deciding"}
    assert access.can(portfolio_office, "assign_facilitator", proposal) == (status in steps_1_to_4)
    client.force_login(portfolio_office)
    page = client.get(reverse("portfolio:proposal_detail", args=[proposal.pk])).content.decode()
    url = reverse("portfolio:facilitator_assign", args=[proposal.pk])
    assert (url in page) == (status in steps_1_to_4)
    response = client.post(url, {"facilitator": neutral.pk})
    proposal.refresh_from_db()
    if status in steps_1_to_4:
        assert response.status_code == 302 and proposal.facilitator == neutral
    else:
        assert response.status_code == 409 and proposal.facilitator is None
        with translation.override("en"), pytest.raises(ValidationError, match="being processed"):
            svc.facilitator_assign(proposal=proposal, facilitator=neutral, by=portfolio_office)


@pytest.fixture
def complementing(agency_staff, portfolio_office, other_agency):
    """A proposal in step 3 that complements another agency's measure, facilitated by Digdir's office member."""
    related = MeasureFactory(title="Skatteetatens tiltak", owner=other_agency, status="ongoing")
    proposal = ProposalFactory(
        organisation=agency_staff.organisation,
        status="assessing",
        facilitator=portfolio_office,
        qualification="complements",
        related_measure=related,
    )
    assert svc.facilitator_problem(proposal, portfolio_office) is None
    return proposal


def test_a_new_overlap_with_a_measure_of_the_facilitators_organisation_takes_them_off(
    complementing, portfolio_office, digdir
):
    own = MeasureFactory(title="Digdirs plattform", owner=digdir, status="ongoing")
    unrelated = ProposalFactory(status="assessing", facilitator=portfolio_office)
    dependencies.dependency_create(
        data={"from_measure": own, "to_measure": complementing.related_measure, "kind": "overlaps"},
        by=portfolio_office,
    )
    complementing.refresh_from_db()
    assert complementing.facilitator is None
    event = AuditEvent.objects.get(action="portfolio.proposal.facilitator_removed", object_id=str(complementing.pk))
    assert "owns the overlapping measure “Digdirs plattform”" in event.note
    assert AuditEvent.objects.filter(action="portfolio.dependency.created").count() == 1
    unrelated.refresh_from_db()
    assert unrelated.facilitator == portfolio_office  # only proposals related to either end are checked


def test_a_link_that_is_not_an_overlap_gives_no_stake(complementing, portfolio_office, digdir):
    own = MeasureFactory(owner=digdir, status="ongoing")
    link = dependencies.dependency_create(
        data={"from_measure": complementing.related_measure, "to_measure": own, "kind": "depends_on"},
        by=portfolio_office,
    )
    complementing.refresh_from_db()
    assert complementing.facilitator == portfolio_office
    # Changed into an overlap later: the same rule.
    dependencies.dependency_update(dependency=link, data={"kind": "overlaps"}, by=portfolio_office)
    complementing.refresh_from_db()
    assert complementing.facilitator is None


def test_an_overlap_added_in_the_admin_goes_through_the_service(client, admin_user, complementing, digdir):
    own = MeasureFactory(owner=digdir, status="ongoing")
    client.force_login(admin_user)
    data = {"from_measure": own.pk, "to_measure": complementing.related_measure.pk, "kind": "overlaps", "note": ""}
    response = client.post(reverse("admin:portfolio_dependency_add"), data)
    assert response.status_code == 302
    link = Dependency.objects.get(from_measure=own)
    assert AuditEvent.objects.for_object(link).get().action == "portfolio.dependency.created"
    complementing.refresh_from_db()
    assert complementing.facilitator is None


def test_only_the_office_links_measures(complementing, agency_staff, digdir):
    own = MeasureFactory(owner=digdir, status="ongoing")
    with pytest.raises(PermissionDenied):
        dependencies.dependency_create(
            data={"from_measure": own, "to_measure": complementing.related_measure, "kind": "overlaps"},
            by=agency_staff,
        )
    assert not Dependency.objects.exists()


def test_the_form_offers_office_members_not_from_the_proposing_organisation(
    harmonising, portfolio_office, other_agency, django_assert_num_queries
):
    """The facilitator form's options (read as values, written in one pass): `str(user)` with the organisation's
    label in brackets, or the name alone without one; in the candidates' order; none from the proposing
    organisation. One query."""
    from portfolio.forms.harmonise import FacilitatorForm

    berit = UserFactory(username="office-b", first_name="Berit", last_name="Aas", organisation=other_agency,
                        role="portfolio_office")  # fmt: skip
    nameless = UserFactory(username="office-c", first_name="", last_name="", role="portfolio_office")
    UserFactory(username="office-nav", first_name="Nils", last_name="Nav", organisation=harmonising.organisation,
                role="portfolio_office")  # fmt: skip
    with django_assert_num_queries(1):
        form = FacilitatorForm(
            user=portfolio_office, proposal=harmonising, initial={"facilitator": portfolio_office.pk}
        )
    options = form.fields["facilitator"].widget.choices
    order = list(
        svc.facilitator_candidates().exclude(organisation=harmonising.organisation).values_list("pk", flat=True)
    )
    assert options[0] == ("", "---------") and [pk for pk, _label in options[1:]] == order
    assert dict(options[1:]) == {portfolio_office.pk: f"{portfolio_office} (Digdir)",
                                 berit.pk: "Berit Aas (Skatteetaten)", nameless.pk: "office-c"}  # fmt: skip
    html = str(form["facilitator"])
    assert f'<option value="{portfolio_office.pk}" selected>{portfolio_office} (Digdir)</option>' in html
    assert ">Berit Aas (Skatteetaten)</option>" in html and ">office-c</option>" in html and "Nils Nav" not in html
