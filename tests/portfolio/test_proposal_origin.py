"""Seeking, not only receiving (issue 23): the office records where it found an opportunity it sought out or
received (interviews, a user panel, field work, another measure's or life event's learning, a benefit review); an
agency's own proposal has none; the origin is shown on the proposal and filters the list."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from portfolio.services import intake
from portfolio.services.learning import learning_start_proposal
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import LearningEntryFactory, MeasureFactory, ProposalFactory


@pytest.fixture
def life_event(asd):
    return LifeEventFactory(owner_ministry=asd)


def _data(life_event, **extra):
    return {"title": "Reisestøtte for foreldre", "need": "Foreldre betaler reisen til sykehuset selv.",
            "life_events": [life_event], **extra}  # fmt: skip


def test_the_office_records_where_it_found_the_opportunity(portfolio_office, agency_staff, nav, life_event):
    found = intake.proposal_create(data=_data(life_event, organisation=nav, origin="user_panel"), by=portfolio_office)
    assert (found.channel, found.origin) == ("sought_out", "user_panel")
    own = intake.proposal_create(data=_data(life_event, origin="interview"), by=agency_staff)
    assert (own.channel, own.origin) == ("submitted", "")  # an agency's own proposal: submitted, found nowhere
    with pytest.raises(ValidationError) as bad:
        intake.proposal_create(data=_data(life_event, organisation=nav, origin="rumour"), by=portfolio_office)
    assert "origin" in bad.value.message_dict


def test_a_learning_entry_started_by_the_office_is_found_in_the_learning(portfolio_office, nav, life_event):
    measure = MeasureFactory(owner=nav, life_events=[life_event])
    entry = LearningEntryFactory(measure=measure, author=portfolio_office, next_step="Spør foreldrene om reisen")
    proposal = learning_start_proposal(entry=entry, by=portfolio_office)
    assert (proposal.channel, proposal.origin) == ("sought_out", "learning")


def test_the_origin_is_shown_and_filters_the_list(client, portfolio_office, nav, life_event):
    panel = ProposalFactory(title="Funnet i brukerpanelet", status="submitted", channel="sought_out",
                            origin="user_panel", life_events=[life_event])  # fmt: skip
    ProposalFactory(title="Sendt inn av NAV", status="submitted", organisation=nav, life_events=[life_event])
    client.force_login(portfolio_office)
    listed = client.get(reverse("portfolio:proposal_list") + "?origin=user_panel").content.decode()
    assert "Funnet i brukerpanelet" in listed and "Sendt inn av NAV" not in listed
    form = client.get(reverse("portfolio:proposal_create")).content.decode()
    assert 'name="origin"' in form and 'value="field_work"' in form
    page = client.get(panel.get_absolute_url()).content.decode()
    assert "Hvor det ble funnet" in page and "Et brukerpanel" in page
