"""The steering dialogue both ways: a ministry named in a decision about another ministry's life event sees the
decision and its brief; the named ministries answer (accepted into the allocation letter of a year with funding,
declined with the reason, more information needed), and the office and the agency read the answers. Years print
as years (2027), never as numbers with a thousands separator."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from governance.decision_briefs import brief_generate
from governance.decision_services import current_responses, decision_record, steering_respond
from governance.models import Decision, SteeringResponse
from tests.factories.core import OrganisationFactory, UserFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import ProposalFactory


@pytest.fixture
def kd(db):
    return OrganisationFactory(name="Kunnskapsdepartementet", short_name="KD", kind="ministry")


@pytest.fixture
def kd_official(kd):
    return UserFactory(role="ministry_official", organisation=kd)


@pytest.fixture
def decision(portfolio_office, ministry_official, kd, nav, agency_staff):
    """About a life event ASD owns; names both ASD and KD (which takes no part in the life event)."""
    life_event = LifeEventFactory(owner_ministry=ministry_official.organisation)
    proposal = ProposalFactory(
        status="deciding", organisation=nav, created_by=agency_staff, life_events=[life_event], title="Felles søknad"
    )
    return decision_record(
        proposal=proposal,
        outcome="escalate",
        rationale="Krever tildelingsbrev.",
        ministries=[ministry_official.organisation, kd],
        acting_agency=nav,
        allocation_year=2027,
        by=portfolio_office,
    )


def test_a_named_ministry_sees_the_decision_and_its_brief(client, decision, kd_official):
    assert Decision.objects.visible_to(kd_official).filter(pk=decision.pk).exists()
    brief_generate(decision.briefs.get())  # what the worker does after the commit
    client.force_login(kd_official)
    assert client.get(reverse("decisions:decision_detail", args=[decision.pk])).status_code == 200
    assert client.get(reverse("decisions:decision_brief", args=[decision.pk])).status_code == 200
    home = client.get(reverse("home")).content.decode()
    assert "Felles søknad" in home and "2027" in home and "2 027" not in home and "2\xa0027" not in home


def test_an_unnamed_ministry_still_sees_nothing(client, decision):
    stranger = UserFactory(role="ministry_official", organisation=OrganisationFactory(kind="ministry"))
    client.force_login(stranger)
    assert client.get(reverse("decisions:decision_detail", args=[decision.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        steering_respond(decision=decision, kind="declined", comment="Nei.", by=stranger)


def test_the_ministries_answer_and_the_rules_of_each_answer(decision, ministry_official, kd_official, agency_staff):
    with pytest.raises(ValidationError) as exc:
        steering_respond(decision=decision, kind="accepted", by=ministry_official)
    assert {"allocation_year", "funding_amount"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        steering_respond(decision=decision, kind="declined", by=kd_official)
    assert "comment" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        steering_respond(decision=decision, kind="more_info", by=kd_official)
    assert "comment" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        steering_respond(decision=decision, kind="declined", comment="x", by=agency_staff)
    steering_respond(
        decision=decision, kind="accepted", allocation_year=2027, funding_amount=2_000_000, by=ministry_official
    )
    steering_respond(decision=decision, kind="more_info", comment="Hva koster drift?", by=kd_official)
    steering_respond(decision=decision, kind="declined", comment="Ikke i vår sektor.", by=kd_official)
    answers = {
        r.ministry.short_name: (r.kind, r.allocation_year, r.funding_amount) for r in current_responses(decision)
    }
    assert answers == {"ASD": ("accepted", 2027, 2_000_000), "KD": ("declined", None, None)}
    assert SteeringResponse.objects.count() == 3  # older answers stay as history
    assert AuditEvent.objects.filter(action="governance.decision.answered", object_id=str(decision.pk)).count() == 3


def test_the_office_and_the_agency_read_the_answers_in_bokmal(
    client, decision, ministry_official, portfolio_office, agency_staff
):
    steering_respond(
        decision=decision, kind="accepted", allocation_year=2027, funding_amount=1_500_000, by=ministry_official
    )
    for user in (portfolio_office, agency_staff):
        client.force_login(user)
        page = client.get(reverse("decisions:decision_detail", args=[decision.pk])).content.decode()
        answers = page[page.index('data-testid="steering-responses"') :]
        assert "Tatt inn i tildelingsbrevet" in answers and "tildelingsbrev 2027" in answers
        assert "2 027" not in page and "2\xa0027" not in page
        assert 'id="response-form"' not in page  # only the named ministries answer


def test_a_ministry_answers_through_the_page(
    client, decision, kd_official, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(kd_official)
    url = reverse("decisions:decision_respond", args=[decision.pk])
    assert client.post(url, {"kind": "declined"}).status_code == 422  # the reason is missing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"kind": "declined", "comment": "Ikke i vår sektor."})
    assert response.status_code == 302
    assert SteeringResponse.objects.get().ministry == kd_official.organisation
    assert any("Ikke i vår sektor." in m.body for m in mailoutbox)
