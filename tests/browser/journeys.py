"""Steps of the browser journeys that more than one journey takes, as the users do them."""

import re

from playwright.sync_api import expect

from portfolio.models import Attachment, Proposal

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def register_and_submit(page, *, title: str, life_event_name: str) -> Proposal:
    """Signed in as agency staff: save a draft on the intake form, attach a PDF, submit."""
    page.goto("/portefolje/forslag/ny/")
    page.locator("#id_title").fill(title)
    page.locator("#id_need").fill("Foreldre får brev fra mange etater og må fortelle det samme til alle.")
    page.locator("#id_solution").fill("Ett varsel fra alle etatene, med samtykke.")
    page.locator("#id_expected_benefits").fill("Mindre tid på skjema, mer tid med barnet.")
    page.locator("#id_beneficiaries").fill("Foreldrene; etatene sparer saksbehandling.")
    page.get_by_label(life_event_name).check()
    page.locator("button[name=action][value=save]").click()
    page.wait_for_url(re.compile(r"/forslag/\d+/"))
    proposal = Proposal.objects.get(title=title)
    assert proposal.status == "draft"
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
    return proposal


def triage(page, proposal: Proposal, *, facilitator) -> None:
    """Signed in as the portfolio office: take the proposal into step 2 (harmonise and qualify)."""
    page.goto(proposal.get_absolute_url())
    page.get_by_test_id("triage-form").locator("button[type=submit]").click()
    expect(page.locator("#qualify")).to_be_visible()
    proposal.refresh_from_db()
    assert proposal.status == "harmonising" and proposal.facilitator == facilitator


def qualify_as_new_candidate(page, proposal: Proposal) -> None:
    """On the proposal's page in step 2: qualify it as a new candidate, which takes it to step 3."""
    page.locator("#qualify input[value=new_candidate]").check()
    page.locator("#qualify button[type=submit]").click()
    page.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.status == "assessing" and proposal.qualification == "new_candidate"


def assign_reviewers(page, proposal: Proposal, reviewers) -> None:
    """Signed in as the portfolio office: invite reviewers on the scoring page (htmx, in place)."""
    page.goto(f"/portefolje/forslag/{proposal.pk}/vurdering/")
    for reviewer in reviewers:
        page.locator("#id_reviewer").select_option(str(reviewer.pk))
        page.locator("#reviewers form[hx-post] button[type=submit]").click()
        expect(page.locator("#reviewers tbody")).to_contain_text(str(reviewer))


def score_and_submit(page, proposal, criteria, values):
    page.goto(f"/portefolje/forslag/{proposal.pk}/vurdering/")
    expect(page.get_by_test_id("scores-hidden")).to_be_visible()
    for criterion, value in zip(criteria, values, strict=True):
        form = page.locator(f"#score-{criterion.pk}")
        form.locator(f"#id_c{criterion.pk}-value_{value - 1}").check()
        form.locator("button[type=submit]").click()
        # Saved in place: the form is swapped by htmx (no reload) and the live region says what was saved.
        expect(page.locator(f"#score-{criterion.pk} .ds-tag")).to_be_visible()
        expect(page.locator("#scoring-status")).to_contain_text(criterion.name)
    page.locator("form[action$='/vurdering/send/'] button[type=submit]").click()
    page.wait_for_load_state()
