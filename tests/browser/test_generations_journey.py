"""Issue 22 in Chromium: the office switches a life event to planning in generations and adds its first generation
(an empty save focuses the error summary, nothing saved); the life event page and the generation plan show it as
cards in order; the form, the plan and the life event page are axe-clean at 1440/390/320 px."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from governance.generation_models import Generation
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.factories.lifeevents import LifeEventFactory

pytestmark = pytest.mark.browser


def _label(text: str) -> re.Pattern:
    return re.compile("^" + re.escape(text) + r"( \(valgfritt\))?$")


def _axe_at_widths(page, name: str) -> None:
    for width in (1440, 390, 320):
        page.set_viewport_size({"width": width, "height": 900})
        page.reload()
        violations = axe_violations(page)
        assert not violations, f"{name} at {width} px: " + describe(violations)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), f"{name} {width}"
    page.set_viewport_size({"width": 1440, "height": 900})


def test_the_office_plans_a_life_event_in_generations(page, browser_login, portfolio_office):
    event = LifeEventFactory(name_nb="Starte og drive en frivillig organisasjon", slug="frivillig")
    page.context.add_init_script(path=str(AXE))
    browser_login(portfolio_office)
    page.goto(event.get_absolute_url())
    page.get_by_role(
        "link", name="Planlegg denne livshendelsen i generasjoner i stedet for et klassisk veikart"
    ).click()
    expect(page.get_by_role("heading", level=1, name=re.compile("^Generasjoner: "))).to_be_visible()
    page.get_by_label("Generasjoner", exact=True).check()
    page.get_by_role("button", name="Lagre hvordan livshendelsen planlegger").click()
    expect(page.locator("#messages").get_by_text("Hvordan livshendelsen planlegger, er lagret.")).to_be_visible()

    page.get_by_role("link", name="Legg til en generasjon").click()
    expect(page.get_by_role("heading", level=1, name="Ny generasjon")).to_be_visible()
    page.get_by_role("button", name="Lagre generasjonen").click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    assert not Generation.objects.exists()
    page.get_by_label(_label("Nummer")).fill("1")
    page.get_by_label(_label("Navn")).fill("Starte på nytt sammen")
    page.get_by_label(_label("Fra (år)")).fill("2022")
    page.get_by_label(_label("Til (år)")).fill("2023")
    page.get_by_label(_label("Tilstand")).select_option(label="Pågår")
    page.get_by_label(_label("Byggesteiner")).fill("Felles medlemsregister\nStyrevervregister")
    page.get_by_label(_label("Hva den overlater til neste generasjon")).fill("En kjernegruppe med orkestrator.")
    page.get_by_role("button", name="Lagre generasjonen").click()
    expect(page.get_by_role("heading", level=2, name="Generasjon 1: Starte på nytt sammen")).to_be_visible()
    expect(page.get_by_role("listitem").filter(has_text="Styrevervregister").first).to_be_visible()
    _axe_at_widths(page, "the generation plan")

    page.goto(event.get_absolute_url())
    expect(page.get_by_role("heading", level=3, name="Generasjon 1: Starte på nytt sammen")).to_be_visible()
    _axe_at_widths(page, "the life event with its generations")
    page.goto(reverse("governance:generation_edit", args=[Generation.objects.get().pk]))
    expect(page.get_by_role("heading", level=1, name="Rediger generasjonen")).to_be_visible()
    _axe_at_widths(page, "the generation form")
