"""Steps 1–3 in Chromium, as the users do it: `agency` (NAV) registers a proposal, attaches a PDF and submits it;
`office` (Digdir) takes it into triage, sees the overlapping measure of another life event with the reason, becomes
its facilitator, qualifies it as a new candidate and invites two reviewers, who score it blind until both have
submitted."""

import re

import pytest
from playwright.sync_api import expect

from portfolio.models import Attachment, Proposal
from tests.browser.test_scoring_journey import score_and_submit
from tests.factories.core import UserFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import CriterionFactory, MeasureFactory

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_agency_registers_office_triages_and_two_reviewers_score_blind(
    page, browser_login, agency_staff, portfolio_office, other_agency, digdir
):
    LifeEventFactory(slug="alvorlig-sykt-barn", name_nb="Alvorlig sykt barn")
    other_event = LifeEventFactory(slug="dodsfall-og-arv", name_nb="Dødsfall og arv")
    measure = MeasureFactory(
        title="Felles varsling av pårørende",
        description="Ett varsel til pårørende i stedet for brev fra mange etater.",
        owner=other_agency,
        life_events=[other_event],
    )
    criteria = [
        CriterionFactory(name="Brukernytte", axis="potential", weight=3),
        CriterionFactory(name="Kompleksitet", axis="complexity", weight=1),
    ]

    # 1. Intake: the agency saves a draft, attaches a PDF and submits.
    browser_login(agency_staff)
    page.goto("/portefolje/forslag/ny/")
    page.locator("#id_title").fill("Felles varsling til foreldre med alvorlig sykt barn")
    page.locator("#id_need").fill("Foreldre får brev fra mange etater og må fortelle det samme til alle.")
    page.locator("#id_solution").fill("Ett varsel fra alle etatene, med samtykke.")
    page.locator("#id_expected_benefits").fill("Mindre tid på skjema, mer tid med barnet.")
    page.locator("#id_beneficiaries").fill("Foreldrene; etatene sparer saksbehandling.")
    page.get_by_label("Alvorlig sykt barn").check()
    page.locator("button[name=action][value=save]").click()
    page.wait_for_url(re.compile(r"/forslag/\d+/"))
    proposal = Proposal.objects.get(title__startswith="Felles varsling til foreldre")
    assert proposal.status == "draft" and proposal.organisation == agency_staff.organisation
    page.locator("#attachments input[type=file]").set_input_files(
        {"name": "brukerinnsikt.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    page.locator("#attachments form[enctype] button[type=submit]").click()
    expect(page.locator("#attachments")).to_contain_text("brukerinnsikt.pdf")
    assert Attachment.objects.get(proposal=proposal).content_type == "application/pdf"
    page.locator(f"form[action$='/forslag/{proposal.pk}/send-inn/'] button[type=submit]").click()
    expect(page.locator("#messages")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.status == "submitted"

    # 2. Harmonise and qualify: the office takes it into triage and sees the overlap across life events.
    page.context.clear_cookies()
    browser_login(portfolio_office)
    page.goto(proposal.get_absolute_url())
    page.get_by_test_id("triage-form").locator("button[type=submit]").click()
    overlap = page.get_by_test_id(f"overlap-measure-{measure.pk}")
    expect(overlap).to_contain_text("Felles varsling av pårørende")
    expect(overlap.locator("ul")).not_to_be_empty()  # the reason is shown (shared words)
    proposal.refresh_from_db()
    assert proposal.status == "harmonising" and proposal.facilitator == portfolio_office
    page.locator("#qualify input[value=new_candidate]").check()
    page.locator("#qualify button[type=submit]").click()
    page.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.status == "assessing" and proposal.qualification == "new_candidate"

    # 3. Assess: two reviewers are invited on the scoring page and score blind.
    first = UserFactory(username="reviewer1", first_name="Rita", last_name="Vurder", organisation=digdir,
                        role="portfolio_office")  # fmt: skip
    second = UserFactory(username="reviewer2", first_name="Rune", last_name="Vurder", organisation=other_agency,
                         role="agency_staff")  # fmt: skip
    page.goto(f"/portefolje/forslag/{proposal.pk}/vurdering/")
    for reviewer in (first, second):
        page.locator("#id_reviewer").select_option(str(reviewer.pk))
        page.locator("#reviewers form[hx-post] button[type=submit]").click()
        expect(page.locator("#reviewers tbody")).to_contain_text(str(reviewer))
    assert proposal.review_assignments.count() == 2

    page.context.clear_cookies()
    browser_login(first)
    score_and_submit(page, proposal, criteria, [5, 2])
    expect(page.get_by_test_id("scores-hidden")).to_be_visible()  # the second has not submitted
    expect(page.get_by_test_id("other-scores")).to_have_count(0)

    page.context.clear_cookies()
    browser_login(second)
    page.goto(f"/portefolje/forslag/{proposal.pk}/vurdering/")
    expect(page.get_by_test_id("other-scores")).to_have_count(0)  # the first's scores are hidden from the second
    score_and_submit(page, proposal, criteria, [4, 3])
    # An agency reviewer never sees the others' scores; the office reviewer sees both once both have submitted.
    expect(page.get_by_test_id("other-scores")).to_have_count(0)

    page.context.clear_cookies()
    browser_login(first)
    page.goto(f"/portefolje/forslag/{proposal.pk}/vurdering/")
    expect(page.get_by_test_id("other-scores")).to_contain_text(str(second))
    expect(page.get_by_test_id("result")).to_be_visible()
