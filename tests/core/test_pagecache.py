"""The page cache (core.pagecache): a user's GET pages are served again until the portfolio's data changes, and
never to anyone else."""

import pytest
from django.contrib import messages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import pagecache
from tests.factories import portfolio as p

LIST = reverse("portfolio:proposal_list")


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get(LIST)  # the first page sets the CSRF cookie, as in a browser
    return client


def _queries(client, url, **headers) -> tuple[int, bytes]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content


@pytest.fixture
def proposal(agency_staff):
    return p.ProposalFactory(title="Felles søknad om pleiepenger", organisation=agency_staff.organisation,
                             created_by=agency_staff, status="submitted")  # fmt: skip


def test_the_same_page_is_served_again_without_rendering(portfolio_office, proposal):
    client = _client(portfolio_office)
    rendered, first = _queries(client, LIST)
    cached, again = _queries(client, LIST)
    assert again == first and b"Felles s\xc3\xb8knad om pleiepenger" in first
    assert cached < rendered  # only the session and the user: the page's own queries are not made


def test_a_change_of_the_data_shows_at_once(portfolio_office, proposal):
    client = _client(portfolio_office)
    client.get(LIST)
    proposal.title = "Samordnet søknad"
    proposal.save()
    assert "Samordnet søknad" in client.get(LIST).content.decode()


def test_a_many_to_many_change_shows_at_once(portfolio_office, proposal):
    from tests.factories.lifeevents import LifeEventFactory

    event = LifeEventFactory(name_nb="Alvorlig sykt barn")
    client = _client(portfolio_office)
    table = {"headers": {"HX-Request": "true", "HX-Target": "proposal-table"}}  # the rows, without the filters
    assert "Alvorlig sykt barn" not in client.get(LIST, **table).content.decode()
    proposal.life_events.add(event)
    assert "Alvorlig sykt barn" in client.get(LIST, **table).content.decode()


def test_another_user_never_gets_my_page(portfolio_office, other_agency_staff, proposal):
    """The office sees the agency's proposal; staff of another agency do not, even right after the office did."""
    office, other = _client(portfolio_office), _client(other_agency_staff)
    assert "Felles søknad om pleiepenger" in office.get(LIST).content.decode()
    assert "Felles søknad om pleiepenger" not in other.get(LIST).content.decode()


def test_each_language_url_and_htmx_target_is_its_own_page(portfolio_office, proposal):
    client = _client(portfolio_office)
    full = client.get(LIST).content.decode()
    partial = client.get(LIST, headers={"HX-Request": "true", "HX-Target": "proposal-table"}).content.decode()
    assert "<html" in full and "<html" not in partial
    assert "Felles søknad" not in client.get(LIST + "?q=tullball").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": LIST})
    english = client.get(LIST).content.decode()
    assert '<html lang="en"' in english and '<html lang="nb"' in full


def test_a_request_with_a_message_to_show_is_rendered_afresh(portfolio_office, rf):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.http import HttpResponse

    calls = []
    view = pagecache.per_user(lambda request: calls.append(1) or HttpResponse("side"))

    def request(with_message: bool):
        r = rf.get(LIST)
        r.user, r.session, r.META["CSRF_COOKIE"] = portfolio_office, {}, "secret"
        r._messages = FallbackStorage(r)
        if with_message:
            messages.success(r, "Forslaget er sendt inn.")
        return r

    view(request(False))
    view(request(False))
    assert len(calls) == 1  # the second came from the cache
    view(request(True))
    assert len(calls) == 2  # a message waits: the page is rendered, so it shows


def test_only_successful_pages_are_kept(portfolio_office, agency_staff):
    client = _client(agency_staff)
    url = reverse("portfolio:board")  # the office's page
    assert client.get(url).status_code == 403
    assert client.get(url).status_code == 403


def test_a_write_starts_a_new_generation_now_and_after_the_commit(db, django_capture_on_commit_callbacks):
    before = pagecache.generation()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        p.MeasureFactory()
    assert callbacks and pagecache.generation() >= before + 2


def test_an_update_without_signals_says_so_itself(ministry_official, asd):
    """The worker writes a document's state with update(): the dashboard that lists documents shows it."""
    from reports.services.documents import _set
    from tests.factories.reports import GeneratedReportFactory

    report = GeneratedReportFactory(status="queued")
    before = pagecache.generation()
    _set(report, status="running")
    assert pagecache.generation() > before


def test_off_without_a_shared_cache(settings, portfolio_office, proposal):
    settings.PAGE_CACHE_SECONDS = 0
    client = _client(portfolio_office)
    rendered, _page = _queries(client, LIST)
    again, _page = _queries(client, LIST)
    assert again == rendered


def test_an_evicted_generation_never_comes_back(db):
    from django.core.cache import cache

    first = pagecache.generation()
    pagecache.new_generation()
    second = pagecache.generation()
    cache.delete(pagecache.GENERATION_KEY)  # evicted by Redis, or the cache was flushed
    assert pagecache.generation() > second > first
