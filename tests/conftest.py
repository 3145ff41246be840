"""Personas and shared fixtures. Named users of the demo: agency (NAV), office (Digdir), ministry (ASD), admin."""

import os

import pytest

from tests.factories import core as f

# Playwright's sync API runs an event loop in the test thread; the Django ORM must still be usable there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: nothing cached may outlive the rolled-back rows."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language (bokmål), whatever the last request of an earlier test activated
    in this thread (a page asked for in English leaves English active): no test depends on the order it runs in."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def client():
    """Django's test client, whose `force_login` of an office or administrator account also verifies the session
    with the second factor (tests/second_factor.py), as signing in through the code step does."""
    from tests.second_factor import VerifiedClient

    return VerifiedClient()


@pytest.fixture
def nav(db):
    return f.OrganisationFactory(name="Arbeids- og velferdsetaten", short_name="NAV", kind="agency")


@pytest.fixture
def other_agency(db):
    return f.OrganisationFactory(name="Skatteetaten", kind="agency")


@pytest.fixture
def digdir(db):
    return f.OrganisationFactory(name="Digitaliseringsdirektoratet", short_name="Digdir", kind="agency")


@pytest.fixture
def asd(db):
    return f.OrganisationFactory(name="Arbeids- og sosialdepartementet", short_name="ASD", kind="ministry")


@pytest.fixture
def agency_staff(nav):
    return f.UserFactory(username="agency", organisation=nav, role="agency_staff")


@pytest.fixture
def other_agency_staff(other_agency):
    return f.UserFactory(username="other", organisation=other_agency, role="agency_staff")


@pytest.fixture
def portfolio_office(digdir):
    return f.UserFactory(username="office", organisation=digdir, role="portfolio_office")


@pytest.fixture
def ministry_official(asd):
    return f.UserFactory(username="ministry", organisation=asd, role="ministry_official")


@pytest.fixture
def admin_user(db):
    return f.UserFactory(username="admin", role="administrator", is_staff=True, is_superuser=True)


@pytest.fixture
def celery_worker_real(transactional_db):
    """A real Celery worker (threads) consuming from Redis: not eager mode."""
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    app.conf.update(task_always_eager=False)
    try:
        with start_worker(app, pool="threads", concurrency=1, perform_ping_check=False, shutdown_timeout=10) as worker:
            yield worker
    finally:
        app.conf.update(task_always_eager=True)


# ---- browser tests (Playwright driving Debian's Chromium, headless) --------------------------------------------

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


# How long a step (a navigation, a click, a field) and an `expect` wait before failing: the suite runs in two
# processes on a 2-core machine (`make test`), each with its own live server and Chromium, so a page that takes a
# second alone may take several. A passing test waits only as long as its page takes.
BROWSER_TIMEOUT = 30_000
EXPECT_TIMEOUT = 15_000


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    """A fresh browser context (no cookies) on the live server, asking for Norwegian."""
    context = chromium.new_context(base_url=live_server.url, locale="nb-NO")
    context.set_default_timeout(BROWSER_TIMEOUT)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def browser_login(page):
    """Log a user in through the real login form: `browser_login(user)`; factories use this password. Office and
    administrator accounts then type their app's code on the code step (tests/second_factor.py)."""

    from core import second_factor
    from tests.second_factor import browser_code_step, device_for

    def login(user, password="correct-horse-battery"):
        needs_code = second_factor.applies_to(user)
        if needs_code:
            device_for(user)  # the app is set up: the code step, not the enrolment page
        page.goto("/login/")
        page.get_by_label("Brukernavn").fill(user.username)
        page.get_by_label("Passord").fill(password)
        page.get_by_role("button", name="Logg inn").click()
        if needs_code:
            browser_code_step(page, user)
        page.wait_for_url(lambda url: "/login/" not in url)
        return page

    return login
