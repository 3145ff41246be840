"""Two people saving the same thing: a stale proposal edit applies only the fields this user changed (a three-way
merge against the version they loaded), a real clash shows both values side by side and saves nothing, and the
rubric's conflict box shows the values saved now, not the user's own."""

import re

import pytest
from django.urls import reverse

from portfolio.services import intake
from portfolio.services import scoring as scoring_services
from tests.factories.core import UserFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import CriterionFactory, ProposalFactory


@pytest.fixture
def colleague(agency_staff):
    return UserFactory(organisation=agency_staff.organisation, role="agency_staff")


@pytest.fixture
def draft(agency_staff):
    return ProposalFactory(
        organisation=agency_staff.organisation,
        created_by=agency_staff,
        status="draft",
        title="Felles søknad",
        need="Foreldre søker tre steder.",
        expected_benefits="Spart tid.",
        beneficiaries="Foreldre.",
    )


def _values(proposal, **changes):
    values = intake.proposal_values(proposal)
    values.update(changes)
    return values


def test_a_stale_save_applies_only_the_fields_this_user_changed(draft, agency_staff, colleague):
    base = intake.comparable(intake.proposal_values(draft))
    mine = _values(draft, title="Én søknad for foreldre")  # loaded at version 1, changes the title only
    intake.proposal_update(
        proposal=draft, data=_values(draft, need="Foreldre søker fire steder."), version=1, by=colleague
    )
    saved = intake.proposal_update(proposal=draft, data=mine, version=1, base=base, by=agency_staff)
    saved.refresh_from_db()
    assert saved.title == "Én søknad for foreldre"
    assert saved.need == "Foreldre søker fire steder."  # the colleague's change is not reverted
    assert saved.version == 3


def test_a_clash_on_the_same_field_saves_nothing_and_shows_both(draft, agency_staff, colleague):
    base = intake.comparable(intake.proposal_values(draft))
    other_event = LifeEventFactory()
    intake.proposal_update(proposal=draft, data=_values(draft, title="Kollegaens tittel"), version=1, by=colleague)
    mine = _values(draft, title="Min tittel", life_events=[*draft.life_events.all(), other_event])
    with pytest.raises(intake.Conflict) as exc:
        intake.proposal_update(proposal=draft, data=mine, version=1, base=base, by=agency_staff)
    assert exc.value.clashes["title"][1:] == ("Kollegaens tittel", "Min tittel")
    assert set(exc.value.mine) == {"title", "life_events"} and exc.value.by == [colleague]
    draft.refresh_from_db()
    assert draft.title == "Kollegaens tittel" and other_event not in draft.life_events.all()


def _form_data(page: str) -> dict:
    """The edit form's own fields as the browser would post them (text, textarea, hidden, checked boxes)."""
    data: dict = {}
    for name, value in re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page):
        data[name] = value
    for name, value in re.findall(r'<input type="text" name="(\w+)"[^>]*value="([^"]*)"', page):
        data[name] = value
    for name, value in re.findall(r'<textarea name="(\w+)"[^>]*>\n?([^<]*)</textarea>', page):
        data[name] = value
    for name, value in re.findall(r'<input type="checkbox" name="(\w+)" value="(\d+)"[^>]*checked', page):
        data.setdefault(name, []).append(value)
    return data


def test_save_again_after_a_clash_keeps_the_colleagues_other_changes(client, draft, agency_staff, colleague):
    client.force_login(agency_staff)
    url = reverse("portfolio:proposal_edit", args=[draft.pk])
    form = _form_data(client.get(url).content.decode())
    intake.proposal_update(
        proposal=draft,
        data=_values(draft, title="Kollegaens tittel", need="Kollegaens behov."),
        version=1,
        by=colleague,
    )
    form.update(title="Min tittel", action="save")
    response = client.post(url, form)
    page = response.content.decode()
    assert response.status_code == 422 and 'data-testid="conflict-clashes"' in page
    clash = page[page.index('data-testid="conflict-clashes"') :]
    assert "Kollegaens tittel" in clash and "Min tittel" in clash
    again = _form_data(page)
    assert again["need"].strip() == "Kollegaens behov."  # the untouched field now holds the colleague's text
    assert again["title"] == "Min tittel"
    assert client.post(url, {**again, "action": "save"}).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.need) == ("Min tittel", "Kollegaens behov.")


def test_the_rubric_conflict_box_shows_the_saved_values(client, portfolio_office):
    criterion = CriterionFactory(name="Brukernytte", weight=2)
    office2 = UserFactory(role="portfolio_office", organisation=portfolio_office.organisation)
    stale = {f: getattr(criterion, f) for f in scoring_services.CRITERION_FIELDS}
    stale = {k: v for k, v in stale.items() if v is not False and v is not None}
    stale.update(version=criterion.version, name="Mitt navn", weight=7)
    scoring_services.criterion_update(
        criterion=criterion, data={"name": "Lagret navn", "weight": 4}, version=1, by=office2
    )
    client.force_login(portfolio_office)
    page = client.post(reverse("portfolio:criterion_edit", args=[criterion.pk]), stale).content.decode()
    box = page[page.index("Kriteriet slik det er lagret nå") :]
    box = box[: box.index("</dl>")]
    assert "Lagret navn" in box and "4" in box
    assert "Mitt navn" not in box and "7" not in box
