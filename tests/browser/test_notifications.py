"""Notifications in Chromium, as a user meets them: the bell in the header says how many are unread, the
notifications page and the settings page are axe-clean and reflow at 1440, 390 and 320 px, and by keyboard alone the
user opens the bell, marks all read and saves their settings; each action ends on a whole page with focus on its
heading and the outcome read out."""

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from core.models import NotificationPreference
from core.notifications import NotificationKind, notify
from tests.browser.test_a11y import AXE, axe_violations, describe
from tests.browser.test_keyboard import assert_visible_focus, tab_to
from tests.browser.test_whole_pages import assert_whole_page_with_focus_on

pytestmark = pytest.mark.browser

WIDTHS = [1440, 390, 320]


def _notifications_for(user):
    for title in ("«Ett varsel for alle» er nå: Harmonisering", "Et spørsmål om forslaget ditt «Ett varsel for alle»"):
        notify(
            users=[user],
            kind=NotificationKind.STEP if "nå:" in title else NotificationKind.QUESTION,
            subject=title,
            body=f"{title}\n\nSe forslaget: http://localhost/portefolje/forslag/1/",
            url=reverse("home"),
        )


def _open_menu_on_phones(page):
    if page.viewport_size["width"] < 768:
        page.get_by_role("button", name="Meny").click()


@pytest.mark.parametrize(("language", "width"), [("nb", w) for w in WIDTHS] + [("nn", 1440), ("en", 1440)])
def test_notification_pages_are_axe_clean_and_reflow(page, live_server, browser_login, agency_staff, language, width):
    _notifications_for(agency_staff)
    page.set_viewport_size({"width": width, "height": 900})
    page.context.add_init_script(path=str(AXE))
    browser_login(agency_staff)
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    for name in ("notification_list", "notification_settings"):
        page.goto(reverse(name))
        violations = axe_violations(page)
        assert violations == [], f"axe on {name} ({language}, {width} px):\n{describe(violations)}"
        scroll, client = page.evaluate(
            "() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert scroll <= client, f"{name} scrolls sideways at {width} px ({scroll} > {client})"
    if language == "en":  # Norwegian text in the English UI is marked as such
        page.goto(reverse("notification_list"))
        expect(page.locator("main [lang=nb]").first).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_by_keyboard_the_bell_leads_to_the_notifications_and_all_are_marked_read(
    page, browser_login, agency_staff, width
):
    _notifications_for(agency_staff)
    page.set_viewport_size({"width": width, "height": 844})
    browser_login(agency_staff)
    bell = page.get_by_role("link", name="Varsler, 2 uleste")
    _open_menu_on_phones(page)
    page.locator("body").focus()
    tab_to(page, bell)
    assert_visible_focus(bell)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Varsler")).to_be_visible()
    expect(page.get_by_text("2 uleste")).to_be_visible()
    mark_all = page.get_by_role("button", name="Merk alle som lest")
    tab_to(page, mark_all)
    page.keyboard.press("Enter")
    assert_whole_page_with_focus_on(page, "Varsler", "Alle varsler er merket som lest.")
    expect(page.locator("a.portal-bell")).to_have_attribute("aria-label", "Varsler")  # no count left
    expect(page.get_by_role("button", name="Merk alle som lest")).to_have_count(0)


@pytest.mark.parametrize("width", WIDTHS)
def test_by_keyboard_one_notification_is_marked_read(page, browser_login, agency_staff, width):
    _notifications_for(agency_staff)
    page.set_viewport_size({"width": width, "height": 844})
    browser_login(agency_staff)
    page.goto(reverse("notification_list"))
    button = page.get_by_role("button", name="Merk som lest: Et spørsmål om forslaget ditt «Ett varsel for alle»")
    tab_to(page, button)
    page.keyboard.press("Enter")
    assert_whole_page_with_focus_on(page, "Varsler", "Merket som lest")
    expect(page.locator("a.portal-bell")).to_have_attribute("aria-label", "Varsler, 1 ulest")
    expect(page.get_by_role("button", name="Åpne: «Ett varsel for alle» er nå: Harmonisering")).to_be_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_by_keyboard_the_settings_are_saved(page, browser_login, agency_staff, width):
    page.set_viewport_size({"width": width, "height": 844})
    browser_login(agency_staff)
    page.goto(reverse("notification_list"))
    link = page.get_by_role("link", name="Velg hvordan du blir varslet")
    tab_to(page, link)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1, name="Slik blir du varslet")).to_be_visible()
    group = page.get_by_role("group", name="Forslagene mine skifter steg")
    digest = group.get_by_label("Én e-post om dagen (sammendrag)")
    tab_to(page, group.get_by_label("E-post med en gang"))
    page.keyboard.press("ArrowDown")  # radios move with the arrow keys
    expect(digest).to_be_checked()
    page.keyboard.press("Enter")  # Enter in a radio group submits the form
    assert_whole_page_with_focus_on(page, "Varsler", "Varslingsinnstillingene dine er lagret.")
    assert NotificationPreference.objects.get(user=agency_staff, kind="step").delivery == "digest"
