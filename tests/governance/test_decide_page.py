"""A proposal's decision page (portefolje/forslag/<pk>/beslutning/) reads the same number of queries whatever the
length of what it lists (issue 17: at most 10 a page): its timeline's step changes, decisions, merged proposals and
learning entries, the consultations that inform it and the form's options (deciding bodies, measures to merge into,
ministries and agencies, funding sources)."""

import pytest
from django.urls import reverse

from governance.decision_forms import DecisionForm
from portfolio.models import Proposal, Transition
from portfolio.queries.timeline import proposal_timeline, read_timeline, with_timeline
from tests.factories.core import OrganisationFactory
from tests.factories.governance import DecisionFactory, FundingSourceFactory, GovernanceBodyFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.panels import ConsultationFactory
from tests.factories.portfolio import LearningEntryFactory, MeasureFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def _deciding(agency_staff, portfolio_office, ministry_official, size: int) -> Proposal:
    """A proposal in step 4 that extends a measure, with `size` of each thing the page lists."""
    event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    extended = MeasureFactory(title="Utvidet tiltak", life_events=[event])
    proposal = ProposalFactory(organisation=agency_staff.organisation, status="deciding", life_events=[event],
                               related_measure=extended, qualification="extends")  # fmt: skip
    for i in range(size):
        Transition.objects.create(proposal=proposal, from_status="assessing", to_status="deciding",
                                  by=portfolio_office, reason=f"Steg {i}")  # fmt: skip
        measure = MeasureFactory(title=f"Tiltak {i}")
        DecisionFactory(proposal=proposal, measure=measure, body=GovernanceBodyFactory(name=f"Organ {i}"),
                        outcome="escalate" if i == 0 else "defer", rationale=f"Begrunnelse {i}")  # fmt: skip
        ProposalFactory(title=f"Innslått {i}", merged_into=proposal, status="merged")
        LearningEntryFactory(spawned_proposal=proposal, measure=measure, hypothesis=f"Hypotese {i}")
        ConsultationFactory(proposals=[proposal], topic=f"Samtale {i}", panel__life_event=event)
        ConsultationFactory(measures=[extended], topic=f"Samtale om tiltaket {i}", panel__life_event=event)
        OrganisationFactory(name=f"Departement {i}", kind="ministry")
        OrganisationFactory(name=f"Etat {i}", kind="agency")
        FundingSourceFactory(name=f"Kilde {i}")
    return proposal


@pytest.mark.parametrize("size", [1, 8])
def test_the_page_reads_a_constant_number_of_queries(
    client, agency_staff, portfolio_office, ministry_official, size, django_assert_max_num_queries
):
    proposal = _deciding(agency_staff, portfolio_office, ministry_official, size)
    url = reverse("decisions:proposal_decide", args=[proposal.pk])
    client.force_login(portfolio_office)
    client.get(url)  # the session's set-up is not the page's own
    # 10: the session, the user and their second factor; the proposal with its organisation, its timeline's step
    # changes, merged proposals and learning entries as rows and whether it has decisions and consultations; its
    # decisions; the consultations; the options: deciding bodies, measures, the organisations (ministries and
    # agencies in one query), funding sources
    with django_assert_max_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    last = size - 1
    for text in (f"Steg {last}", f"Begrunnelse {last}", f"Organ {last}", f"Innslått {last}", f"Hypotese {last}",
                 f"Samtale {last}", f"Samtale om tiltaket {last}", f"Departement {last}", f"Etat {last}",
                 f"Kilde {last}", f"Tiltak {last}", "Utvidet tiltak"):  # fmt: skip
        assert text in body, text


def test_the_timeline_read_with_the_proposal_is_the_timeline(
    agency_staff, portfolio_office, ministry_official, django_assert_num_queries
):
    """The rows read with the proposal give the timeline that a proposal read alone gives (its items, in order)."""
    proposal = _deciding(agency_staff, portfolio_office, ministry_official, 3)
    read = read_timeline(with_timeline(Proposal.objects.visible_to(portfolio_office)).get(pk=proposal.pk))
    with django_assert_num_queries(1):  # its decisions
        items = proposal_timeline(read)
    alone = proposal_timeline(Proposal.objects.get(pk=proposal.pk))

    def printed(item):  # what templates/portfolio/_timeline.html prints of an item
        obj, at = item.get("obj"), (item["kind"], item["iso"], item["date"])
        if item["kind"] == "from_learning":
            url = obj.measure.get_absolute_url
            return (*at, obj.hypothesis, obj.measure.title, url() if callable(url) else url)
        if item["kind"] == "merged_from":
            return (*at, obj.title)
        return (*at, *((k, v) for k, v in item.items() if k != "obj"))

    assert [printed(i) for i in items] == [printed(i) for i in alone]
    learning = [printed(i)[-3:] for i in items if i["kind"] == "from_learning"]
    assert set(learning) == {
        (f"Hypotese {i}", f"Tiltak {i}", MeasureFactory._meta.model.objects.get(title=f"Tiltak {i}").get_absolute_url())
        for i in range(3)
    }
    assert {i["obj"].title for i in items if i["kind"] == "merged_from"} == {f"Innslått {i}" for i in range(3)}


def test_the_organisations_options_are_read_once_and_are_djangos(portfolio_office, asd, nav):
    OrganisationFactory(name="Nedlagt departement", kind="ministry", is_active=False)
    form = DecisionForm(user=portfolio_office)
    ministries, agencies = form["ministries"], form["acting_agency"]
    plain = DecisionForm(user=portfolio_office)  # the fields as Django writes them, a query each
    for name in ("ministries", "acting_agency"):
        field = plain.fields[name]
        field.iterator = type(field).iterator
        field.widget.choices = field.choices
    assert str(ministries) == str(plain["ministries"]) and str(agencies) == str(plain["acting_agency"])
    assert asd.name in str(ministries) and nav.name in str(agencies) and asd.name not in str(agencies)
    assert "Nedlagt departement" not in str(ministries)
