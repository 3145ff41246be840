"""Hostile form posts: a decision without its version field is refused (the conflict check cannot be skipped)."""

import pytest
from django.urls import reverse

from governance.models import Decision
from portfolio.models import Proposal
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import ProposalFactory


@pytest.fixture
def deciding(agency_staff, ministry_official):
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    return ProposalFactory(organisation=agency_staff.organisation, status="deciding", life_events=[life_event])


def test_a_decision_posted_without_its_version_is_refused_and_saves_nothing(client, portfolio_office, deciding):
    client.force_login(portfolio_office)
    url = reverse("decisions:proposal_decide", args=[deciding.pk])
    response = client.post(url, {"outcome": "start_experiment", "rationale": "Godt potensial."})
    assert response.status_code == 422
    assert "Skjemaet var ufullstendig" in response.content.decode()
    assert not Decision.objects.exists()
    deciding.refresh_from_db()
    assert deciding.status == "deciding"


@pytest.fixture
def intake_data(asd):
    life_event = LifeEventFactory(owner_ministry=asd)
    return {
        "title": "Én søknad",
        "need": "Samme opplysninger to ganger.",
        "solution": "Del dem.",
        "expected_benefits": "Mindre arbeid.",
        "beneficiaries": "Innbyggere.",
        "life_events": [life_event.pk],
        "action": "save",
    }


def _codes(response, field):
    return [e.code for e in response.context["form"].errors.as_data().get(field, [])]


def test_a_line_break_in_a_one_line_field_is_refused_clearly(client, agency_staff, intake_data):
    client.force_login(agency_staff)
    response = client.post(reverse("portfolio:proposal_create"), {**intake_data, "title": "Tittel\r\nBcc: x@y.example"})
    assert response.status_code == 422 and _codes(response, "title") == ["line_break"]
    assert "på én linje" in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_million_characters_are_refused_in_every_text_field(client, agency_staff, intake_data):
    client.force_login(agency_staff)
    for field in ("title", "need", "solution", "expected_benefits", "beneficiaries"):
        response = client.post(reverse("portfolio:proposal_create"), {**intake_data, field: "x" * 1_000_000})
        assert response.status_code == 422 and _codes(response, field) == ["max_length"], field
    assert not Proposal.objects.exists()


def test_the_status_report_s_text_fields_are_limited(client, agency_staff, nav, portfolio_office):
    from tests.factories import reports as r
    from tests.factories.portfolio import MeasureFactory

    measure = MeasureFactory(owner=nav)
    round_ = r.ReportingRoundFactory(opened_by=portfolio_office)
    client.force_login(agency_staff)
    url = reverse("reports:status_report_edit", args=[round_.pk, measure.pk])
    response = client.post(url, {"version": 0, "traffic": "green", "progress": 10, "risks": "x" * 1_000_000})
    assert response.status_code == 422 and _codes(response, "risks") == ["max_length"]


def test_every_text_input_of_the_intake_form_carries_its_limit(client, agency_staff):
    client.force_login(agency_staff)
    form = client.get(reverse("portfolio:proposal_create")).context["form"]
    for name, field in form.fields.items():
        if hasattr(field, "max_length") and not field.widget.is_hidden:
            assert field.max_length and field.widget.attrs.get("maxlength") == str(field.max_length), name
