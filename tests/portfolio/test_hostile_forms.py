"""Hostile form posts: a decision without its version field is refused (the conflict check cannot be skipped)."""

import pytest
from django.urls import reverse

from governance.models import Decision
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import ProposalFactory


@pytest.fixture
def deciding(agency_staff, ministry_official):
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    return ProposalFactory(organisation=agency_staff.organisation, status="deciding", life_events=[life_event])


def test_a_decision_posted_without_its_version_is_refused_and_saves_nothing(client, portfolio_office, deciding):
    client.force_login(portfolio_office)
    url = reverse("portfolio:proposal_decide", args=[deciding.pk])
    response = client.post(url, {"outcome": "start_experiment", "rationale": "Godt potensial."})
    assert response.status_code == 422
    assert "Skjemaet var ufullstendig" in response.content.decode()
    assert not Decision.objects.exists()
    deciding.refresh_from_db()
    assert deciding.status == "deciding"
