"""The frame every page shares (core/frame.py, templates/base.html): the main menu marks the current page and shows
only what the policy allows, its links follow the script prefix and the language, the language choice selects the
active language, and the header names the user, their organisation and role."""

import re

import pytest
from django.templatetags.static import static
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from core import frame


def _menu(body: str) -> str:
    return body.split('class="portal-nav"', 1)[1].split("</nav>", 1)[0]


def _current(menu: str) -> list[str]:
    return re.findall(r'aria-current="page">([^<]+)<', menu)


def test_the_menu_marks_the_page_the_user_is_on_and_only_that(client, agency_staff):
    client.force_login(agency_staff)
    menu = _menu(client.get(reverse("portfolio:review_queue")).content.decode())
    assert _current(menu) == ["Mine vurderinger"]
    assert f'href="{reverse("portfolio:review_queue")}" aria-current="page"' in menu
    menu = _menu(client.get(reverse("lifeevents:lifeevent_list")).content.decode())
    assert _current(menu) == ["Livshendelser"]  # any page of the life events app


def test_a_ministry_sees_reports_and_the_office_status_reports_never_both(client, ministry_official, portfolio_office):
    def links(user) -> list[str]:
        client.force_login(user)
        return re.findall(r'href="([^"]+)"', _menu(client.get(reverse("home")).content.decode()))

    ministry = links(ministry_official)
    assert reverse("reports:ministry_dashboard") in ministry and reverse("reports:round_list") not in ministry
    assert reverse("portfolio:review_queue") not in ministry and reverse("portfolio:proposal_create") not in ministry
    office = links(portfolio_office)
    assert reverse("reports:round_list") in office and reverse("reports:ministry_dashboard") not in office
    assert reverse("portfolio:board") in office and reverse("portfolio:review_queue") in office


def test_the_menu_is_in_the_language_of_the_page_and_under_the_script_prefix(rf, agency_staff):
    request = rf.get("/")
    request.user = agency_staff
    request.resolver_match = None
    with translation.override("en"):
        english = frame.menu(request)
    with translation.override("nb"):
        bokmal = frame.menu(request)
    assert ">Life events</a>" in english and ">Livshendelser</a>" in bokmal
    assert "aria-current" not in english  # no page matched
    with override_settings(FORCE_SCRIPT_NAME="/portal/"):
        from django.urls import set_script_prefix

        set_script_prefix("/portal/")
        try:
            prefixed = frame.menu(request)
        finally:
            set_script_prefix("/")
    assert 'href="/portal/livshendelser/"' in prefixed
    assert 'href="/livshendelser/"' in frame.menu(request)  # the prefixed links were not kept for the others


def test_the_language_choice_selects_the_active_language_named_in_itself():
    with translation.override("nn"):
        options = frame.language_options()
    assert re.findall(r'<option value="(\w+)" lang="\1"( selected)?>([^<]+)</option>', options) == [
        ("nb", "", "Norsk (bokmål)"),
        ("nn", " selected", "Norsk (nynorsk)"),
        ("en", "", "English"),
    ]


def test_the_header_names_the_user_their_organisation_and_role(client, agency_staff, admin_user):
    client.force_login(agency_staff)
    body = client.get(reverse("home")).content.decode()
    name = agency_staff.get_full_name() or agency_staff.username
    assert f'<span class="portal-user">{name}, NAV (Saksbehandler i virksomhet)</span>' in body
    assert frame.user_label(admin_user).endswith(" (Administrator)") and "," not in frame.user_label(admin_user)


@pytest.mark.django_db
def test_static_urls_are_those_of_the_storage_and_follow_a_changed_setting():
    assert frame.static_url("css/portal.css") == static("css/portal.css")
    with override_settings(STATIC_URL="/elsewhere/"):
        assert frame.static_url("css/portal.css") == "/elsewhere/css/portal.css"
    assert frame.static_url("css/portal.css") == static("css/portal.css")


def test_the_frames_urls_follow_the_script_prefix():
    from django.urls import set_script_prefix

    assert frame.url("accessibility") == reverse("accessibility")
    set_script_prefix("/portal/")
    try:
        assert frame.url("accessibility") == "/portal/tilgjengelighet/"
    finally:
        set_script_prefix("/")
    assert frame.url("accessibility") == "/tilgjengelighet/"


def test_a_fragment_does_not_ask_for_the_bells_count_and_a_page_asks_once(rf, agency_staff, monkeypatch):
    from django.template.loader import render_to_string

    from core import notifications

    asked = []
    monkeypatch.setattr(notifications, "unread_count", lambda user: asked.append(user) or 3)
    request = rf.get("/")
    request.user = agency_staff
    render_to_string("components/_messages.html", request=request)
    assert asked == []
    request.resolver_match = None
    page = render_to_string("core/accessibility.html", request=request)
    assert len(asked) == 1 and 'data-count="3"' in page and 'aria-label="Varsler, 3 uleste"' in page


def test_the_demo_banner_is_shown_in_demo_mode_only_and_in_the_pages_language(client, agency_staff):
    client.force_login(agency_staff)
    with override_settings(DEMO_MODE=True):
        banner = client.get(reverse("home")).content.decode().split('class="portal-demo-banner">', 1)[1]
    assert banner.startswith("Demo: forslagene og tiltakene merket som illustrative er oppdiktet;")
    with override_settings(DEMO_MODE=False):
        assert "portal-demo-banner" not in client.get(reverse("home")).content.decode()
