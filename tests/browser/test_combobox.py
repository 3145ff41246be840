"""The partners of a proposal: with JavaScript a searchable combobox (Designsystemet's Suggestion, ARIA 1.2: type,
arrows, Enter, chips removed by keyboard, choices read out); without JavaScript the native multiple select. Both
save the same partners."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from portfolio.models import Proposal
from tests.browser.test_keyboard import tab_to
from tests.factories.core import OrganisationFactory
from tests.factories.lifeevents import LifeEventFactory

pytestmark = pytest.mark.browser


def _fill_draft(page, title):
    page.locator("#id_title").fill(title)
    page.locator("#id_need").fill("Foreldre må fortelle det samme til mange etater.")
    page.get_by_label("Få barn").check()


@pytest.mark.parametrize("width", [1440, 390])
def test_partners_are_chosen_with_the_keyboard_in_the_combobox(page, browser_login, agency_staff, other_agency,
                                                                width):  # fmt: skip
    LifeEventFactory(slug="fa-barn", name_nb="Få barn")
    kartverket = OrganisationFactory(name="Kartverket", kind="agency")
    OrganisationFactory(name="Statens kartverk arkiv", kind="agency")
    page.set_viewport_size({"width": width, "height": 900})
    browser_login(agency_staff)
    page.goto(reverse("portfolio:proposal_create"))
    _fill_draft(page, "Samordnet varsling")
    tab_to(page, page.locator("#id_partners"))
    combobox = page.get_by_role("combobox", name=re.compile("Partnerorganisasjoner"))
    expect(combobox).to_be_focused()
    page.keyboard.type("Skatt")
    expect(page.get_by_role("option", name="Skatteetaten")).to_be_visible()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    chips = page.locator("ds-suggestion data")
    expect(chips).to_have_text(["Skatteetaten"])
    expect(combobox).to_have_value("")  # emptied for the next search
    expect(combobox).to_have_attribute("aria-description", re.compile("1"))  # "1 chosen" for screen readers
    page.keyboard.type("Kartv")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(chips).to_have_text(["Skatteetaten", "Kartverket"])
    page.get_by_role("button", name="Lagre utkast").click()
    page.wait_for_url(re.compile(r"/forslag/\d+/"))
    proposal = Proposal.objects.get(title="Samordnet varsling")
    assert set(proposal.partners.values_list("pk", flat=True)) == {other_agency.pk, kartverket.pk}

    # Editing: the chosen partners come back as chips; one is removed by keyboard and the other stays.
    page.goto(reverse("portfolio:proposal_edit", args=[proposal.pk]))
    expect(chips).to_have_count(2)
    chips.filter(has_text="Skatteetaten").focus()
    page.keyboard.press("Enter")
    expect(chips).to_have_text(["Kartverket"])
    page.get_by_role("button", name="Lagre utkast").click()
    page.wait_for_url(re.compile(rf"/forslag/{proposal.pk}/$"))
    assert list(proposal.partners.values_list("pk", flat=True)) == [kartverket.pk]


def test_without_javascript_the_native_select_chooses_partners(chromium, live_server, agency_staff, other_agency):
    LifeEventFactory(slug="fa-barn", name_nb="Få barn")
    kartverket = OrganisationFactory(name="Kartverket", kind="agency")
    context = chromium.new_context(java_script_enabled=False, base_url=live_server.url, locale="nb-NO")
    page = context.new_page()
    page.goto("/login/")
    page.get_by_label("Brukernavn").fill(agency_staff.username)
    page.get_by_label("Passord").fill("correct-horse-battery")
    page.get_by_role("button", name="Logg inn").click()
    page.goto(reverse("portfolio:proposal_create"))
    _fill_draft(page, "Uten skript")
    partners = page.get_by_role("listbox", name=re.compile("Partnerorganisasjoner"))
    expect(partners).to_be_visible()
    partners.select_option([str(other_agency.pk), str(kartverket.pk)])
    page.get_by_role("button", name="Lagre utkast").click()
    page.wait_for_url(re.compile(r"/forslag/\d+/"))
    proposal = Proposal.objects.get(title="Uten skript")
    assert set(proposal.partners.values_list("pk", flat=True)) == {other_agency.pk, kartverket.pk}
    context.close()
