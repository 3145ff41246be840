"""A ministry official finds a life event in a real browser and reads its actor map and its text alternative."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_ministry_official_reads_a_life_event(browser_login, ministry_official, settings):
    settings.DEBUG = False
    settings.DEMO_MODE = False
    call_command("load_demo", "--reference-only")
    page = browser_login(ministry_official)
    page.get_by_role("navigation").get_by_role("link", name="Life events").or_(
        page.get_by_role("navigation").get_by_role("link", name="Livshendelser")
    ).first.click()
    page.get_by_role("link", name="Alvorlig sykt barn").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Alvorlig sykt barn"
    chart = page.get_by_role("img", name="Actor map: interest × influence").or_(page.locator("figure svg"))
    assert chart.first.is_visible()
    assert page.get_by_role("row", name="Flekkefjord kommune").count() >= 1
