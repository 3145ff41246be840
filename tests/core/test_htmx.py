"""The htmx glue: which requests get a fragment, and which the whole page."""

import pytest
from django.urls import reverse

from core.htmx import is_partial


@pytest.mark.parametrize(
    ("headers", "partial"),
    [
        ({}, False),
        ({"HX-Request": "true", "HX-Target": "proposal-table"}, True),
        ({"HX-Request": "true"}, False),  # the GET after an HX-Location redirect: swapped into <body>
        ({"HX-Request": "true", "HX-Target": "main", "HX-Boosted": "true"}, False),
        ({"HX-Request": "true", "HX-Target": "main", "HX-History-Restore-Request": "true"}, False),
    ],
)
def test_only_plain_htmx_requests_get_a_fragment(rf, headers, partial):
    from django_htmx.middleware import HtmxMiddleware

    request = rf.get("/", headers=headers)
    HtmxMiddleware(lambda r: None)(request)
    assert is_partial(request) is partial


def test_back_button_after_a_history_cache_miss_gets_the_whole_page(client, portfolio_office):
    """htmx sends HX-Request on a history-restore request; the page must come back whole, never a bare fragment."""
    client.force_login(portfolio_office)
    url = reverse("portfolio:proposal_list")
    fragment = client.get(url, headers={"HX-Request": "true", "HX-Target": "proposal-table"})
    restored = client.get(url, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"})
    assert b"<html" not in fragment.content
    assert b"<html" in restored.content and b"<main" in restored.content


def test_the_page_after_an_action_comes_whole(client, portfolio_office):
    """After an action, `redirect_to` answers HX-Location; htmx then GETs the page with no target and swaps it into
    <body>: the page must be whole (header, menu, heading), never the bare region of an htmx filter request."""
    client.force_login(portfolio_office)
    response = client.get(reverse("portfolio:board"), headers={"HX-Request": "true"})
    assert b"<html" in response.content and b"<h1" in response.content and b"<header" in response.content
