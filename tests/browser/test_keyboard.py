"""Keyboard only (Tab, Shift+Tab, Enter, Space, arrows; never a mouse click): the skip link, visible focus, the
language switch, a failed htmx submit that puts focus on the error summary, the intake form and one step of a
proposal. Pages that are not built yet are skipped by URL name."""

import datetime

import pytest
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from core import second_factor
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import ProposalFactory
from tests.second_factor import code_for, device_for

pytestmark = pytest.mark.browser

INTAKE_NAMES = ["portfolio:proposal_create", "portfolio:intake", "portfolio:proposal_new"]


def url_or_skip(names, **kwargs) -> str:
    for name in names:
        try:
            return reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
    pytest.skip(f"page not built yet: no URL named {' / '.join(names)}")


def is_focused(locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page, locator, limit=80, key="Tab"):
    """Press Tab until the locator has focus (fails if it is not reachable within `limit` presses)."""
    for _ in range(limit):
        page.keyboard.press(key)
        if is_focused(locator):
            return locator
    raise AssertionError(f"could not reach {locator} with {key}")


def focus_ring(locator) -> str:
    return locator.evaluate(
        "el => { const s = getComputedStyle(el); return [s.outlineStyle, s.outlineWidth, s.boxShadow].join(' '); }"
    )


def assert_visible_focus(locator):
    ring = focus_ring(locator)
    assert not (ring.startswith("none") and ring.endswith("none")), f"no visible focus indicator: {ring}"


def login_with_keyboard(page, user, password="correct-horse-battery"):
    device = device_for(user) if second_factor.applies_to(user) else None
    page.goto(reverse("login"))
    tab_to(page, page.get_by_label("Brukernavn"))
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Passord")).to_be_focused()
    page.keyboard.type(password)
    page.keyboard.press("Enter")
    if second_factor.applies_to(user):  # the code step, by keyboard too
        page.wait_for_url("**/login/kode/**")
        tab_to(page, page.get_by_label("Kode fra appen"))
        page.keyboard.type(code_for(device))
        page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)


def test_skip_link_is_first_and_moves_focus_to_the_main_content(page, agency_staff):
    login_with_keyboard(page, agency_staff)
    page.keyboard.press("Tab")
    skip = page.locator("a.ds-skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    expect(skip).to_have_text("Hopp til hovedinnholdet")
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.keyboard.press("Tab")
    # the next stop comes after the start of the main content (inside it, or the footer), not back in the header
    after_main = "() => !!(document.getElementById('main').compareDocumentPosition(document.activeElement) & 4)"
    assert page.evaluate(after_main), page.evaluate("() => document.activeElement.outerHTML.slice(0, 200)")


def test_focus_is_visible_on_links_buttons_and_fields(page, agency_staff):
    login_with_keyboard(page, agency_staff)
    for locator in (
        page.locator("a.portal-brand"),
        page.locator("#language-select"),
        page.locator(".portal-language button"),
        page.locator("footer a").first,
    ):
        assert_visible_focus(tab_to(page, locator))


def test_language_switch_with_the_keyboard_is_remembered(page, agency_staff):
    login_with_keyboard(page, agency_staff)
    select = tab_to(page, page.locator("#language-select"))
    page.keyboard.press("ArrowDown")  # nb → nn (the options are in LANGUAGES order)
    expect(select).to_have_value("nn")
    page.keyboard.press("Tab")
    expect(page.locator(".portal-language button")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    expect(page.locator("a.ds-skip-link")).to_have_text("Hopp til hovudinnhaldet")
    page.goto(reverse("accessibility"))  # a new page: the choice is remembered (cookie)
    expect(page.locator("html")).to_have_attribute("lang", "nn")
    cookie = {c["name"]: c["value"] for c in page.context.cookies()}[settings.LANGUAGE_COOKIE_NAME]
    assert cookie == "nn"


def test_failed_htmx_submit_moves_focus_to_the_error_summary_and_its_links_to_the_field(page, portfolio_office):
    login_with_keyboard(page, portfolio_office)
    page.goto(reverse("reports:round_create"))
    title = tab_to(page, page.locator("#id_title"))
    page.keyboard.press("Enter")  # submit the empty form (implicit submission), htmx posts it: 422 with errors
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_have_attribute("role", "alert")
    assert page.url.endswith(reverse("reports:round_create"))  # swapped in place, no reload
    tab_to(page, summary.locator("a[href='#id_title']"))
    page.keyboard.press("Enter")
    expect(title).to_be_focused()
    expect(title).to_have_attribute("aria-invalid", "true")
    described = title.get_attribute("aria-describedby")
    assert "id_title_error" in described.split()
    expect(page.locator("#id_title_error")).to_be_visible()
    # Correct it with the keyboard and submit: the round opens.
    page.keyboard.type("Tertialrapport 1")
    tab_to(page, page.locator("#id_deadline"))
    deadline = datetime.date.today() + datetime.timedelta(days=30)
    page.keyboard.type(deadline.strftime("%m%d%Y"))  # Chromium's date field takes the digits in its locale order
    if page.locator("#id_deadline").input_value() != deadline.isoformat():
        page.locator("#id_deadline").fill(deadline.isoformat())  # locale-dependent field order: not a click
    button = tab_to(page, page.locator("#round-form button[type=submit]"))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url.rstrip("/").split("/")[-1].isdigit())
    expect(button).to_have_count(0)


def test_intake_form_filled_and_submitted_with_the_keyboard(page, agency_staff):
    url = url_or_skip(INTAKE_NAMES)
    LifeEventFactory(slug="ny-i-norge", name_nb="Ny i Norge")
    login_with_keyboard(page, agency_staff)
    page.goto(url)
    form = page.locator("main form[method=post]").first
    # A failed submit first: the summary takes focus.
    tab_to(page, form.locator("[type=submit]").last)
    page.keyboard.press("Enter")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    # Then every required field, reached with Tab and filled by typing, Space for choices.
    # Ids first: checking one box of a required group changes which boxes match, so nth() locators would shift.
    fields = page.locator("main form[method=post] :is(input, textarea, select)[required], "
                          "main form[method=post] [aria-invalid=true]")  # fmt: skip
    ids = fields.evaluate_all("els => els.map(e => e.id)")
    for field_id in dict.fromkeys(i for i in ids if i):
        field = page.locator(f"#{field_id}")
        if not field.is_visible():
            continue
        tab_to(page, field, key="Tab")
        kind = field.evaluate("el => el.tagName.toLowerCase() + ':' + (el.type || '')")
        if kind in ("input:checkbox", "input:radio"):
            page.keyboard.press("Space")
        elif kind.startswith("select"):
            page.keyboard.press("ArrowDown")
        elif kind == "input:number":
            page.keyboard.type("100000")
        elif kind == "input:date":
            page.keyboard.type((datetime.date.today() + datetime.timedelta(days=10)).strftime("%m%d%Y"))
        else:
            page.keyboard.type("Foreldre må fortelle det samme til mange etater")
    tab_to(page, page.locator("main form[method=post] [type=submit]").last)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    expect(page.locator("[data-error-summary]")).to_have_count(0)
    expect(page.locator("[role=status], [role=alert]").first).to_be_attached()


def test_a_proposal_moves_one_step_with_the_keyboard(page, nav, agency_staff, portfolio_office):
    proposal = ProposalFactory(organisation=nav, created_by=agency_staff, status="submitted", title="Én inngang")
    url = url_or_skip(["portfolio:proposal_detail"], pk=proposal.pk)
    login_with_keyboard(page, portfolio_office)
    page.goto(url)
    buttons = page.locator("main form[method=post] button[type=submit]")
    if buttons.count() == 0:
        pytest.skip("the proposal page has no step action yet")
    tab_to(page, buttons.first)
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    # a confirmation step (reason field, dialog) is completed with the keyboard too
    reason = page.locator("main textarea:visible, dialog[open] textarea")
    if reason.count():
        tab_to(page, reason.first)
        page.keyboard.type("Vurdert av porteføljekontoret")
        tab_to(page, page.locator("main form[method=post] button[type=submit]:visible, dialog[open] button").first)
        page.keyboard.press("Enter")
        page.wait_for_load_state()
    proposal.refresh_from_db()
    assert proposal.status != "submitted"


def test_htmx_save_keeps_focus_on_the_button_and_is_announced(page, nav, digdir, portfolio_office):
    from portfolio.services import scoring
    from tests.factories.portfolio import CriterionFactory

    first = CriterionFactory(name="Brukernytte", axis="potential", weight=2)
    CriterionFactory(name="Gjennomførbarhet", axis="complexity", weight=1)
    proposal = ProposalFactory(organisation=nav, status="assessing", title="Felles søknad")
    scoring.reviewer_assign(proposal=proposal, reviewer=portfolio_office, by=portfolio_office)
    login_with_keyboard(page, portfolio_office)
    page.goto(reverse("portfolio:proposal_scoring", kwargs={"pk": proposal.pk}))
    form = page.locator(f"#score-{first.pk}")
    tab_to(page, form.locator("input[type=radio]").first)
    page.keyboard.press("Space")  # 1
    page.keyboard.press("ArrowRight")  # 2
    page.keyboard.press("ArrowRight")  # 3
    expect(form.locator("input[type=radio]:checked")).to_have_value("3")
    save = tab_to(page, form.locator("button[type=submit]"))
    assert_visible_focus(save)
    page.keyboard.press("Enter")
    expect(page.locator(f"#score-{first.pk} .ds-tag")).to_be_visible()  # swapped by htmx, not reloaded
    expect(page.locator(f"#score-{first.pk} button[type=submit]")).to_be_focused()
    expect(page.locator("#scoring-status")).to_contain_text("Brukernytte")
    page.keyboard.press("Tab")  # and the next Tab goes on to the next criterion, not back to the top of the page
    assert page.evaluate("() => document.activeElement.closest('form')?.id") != f"score-{first.pk}"
    assert page.evaluate("() => !!document.activeElement.closest('main')")


def test_office_decides_a_proposal_with_the_keyboard_and_it_moves_one_step(page, nav, agency_staff, portfolio_office):
    """Step 3 → decided: the decision form, first sent empty (focus on the error summary), then filled and sent."""
    proposal = ProposalFactory(organisation=nav, created_by=agency_staff, status="assessing", title="Én inngang")
    url = url_or_skip(["decisions:proposal_decide"], pk=proposal.pk)
    login_with_keyboard(page, portfolio_office)
    page.goto(url)
    form = page.locator("#decide-form")
    tab_to(page, form.locator("button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator("[data-error-summary]")).to_be_focused()
    tab_to(page, page.locator("#decide-form input[type=radio]").first)
    page.keyboard.press("Space")
    for _ in range(10):  # arrows move the choice within the group
        if page.locator("#decide-form input[type=radio]:checked").get_attribute("value") == "start_experiment":
            break
        page.keyboard.press("ArrowDown")
    expect(page.locator("#decide-form input[type=radio]:checked")).to_have_value("start_experiment")
    assert_visible_focus(page.locator("#decide-form input[type=radio]:checked"))
    tab_to(page, page.locator("#decide-form textarea[name=rationale]"))
    page.keyboard.type("Stort behov, lav risiko: prøv det ut i liten skala.")
    tab_to(page, page.locator("#decide-form button[type=submit]"))
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/beslutning/" not in url)
    expect(page.locator("#messages")).to_contain_text("Beslutningen ble registrert.")
    proposal.refresh_from_db()
    assert proposal.status != "assessing"
