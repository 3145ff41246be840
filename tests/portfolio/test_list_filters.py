"""Lists show their result count first and fold their filters in a disclosure whose state is the URL: open when a
filter is set or the URL says so; an htmx filter request re-sends the count with the rows."""

import re

import pytest
from django.urls import reverse

from tests.factories.portfolio import ProposalFactory

pytestmark = pytest.mark.django_db


def _html(client, user, url, **headers):
    client.force_login(user)
    response = client.get(url, **headers)
    assert response.status_code == 200
    return response.content.decode()


def _details_open(html) -> bool:
    tag = re.search(r"<details[^>]*data-url-state[^>]*>", html).group(0)
    return " open" in tag


def test_proposal_list_count_comes_before_the_folded_filters(client, portfolio_office):
    for _ in range(3):
        ProposalFactory(status="submitted")
    html = _html(client, portfolio_office, reverse("portfolio:proposal_list"))
    count = html.index('id="proposal-count"')
    assert count < html.index('role="search"') < html.index("<details") < html.index('id="proposal-table"')
    assert re.search(r'id="proposal-count"[^>]*>3 (proposals|forslag)<', html)
    assert not _details_open(html)  # no filter set: folded, the search field stays outside
    assert html.index('id="id_q"') < html.index("<details")


def test_a_filter_in_the_url_opens_the_panel_and_counts_it(client, portfolio_office):
    ProposalFactory(status="submitted")
    ProposalFactory(status="harmonising")
    html = _html(client, portfolio_office, reverse("portfolio:proposal_list") + "?status=harmonising&q=")
    assert _details_open(html)
    assert re.search(r"1 (in use|i bruk)", html)
    assert re.search(r'id="proposal-count"[^>]*>1 (proposal|forslag)<', html)
    html = _html(client, portfolio_office, reverse("portfolio:proposal_list") + "?filters=open")
    assert _details_open(html)  # left open by the user, no filter set


def test_htmx_filter_request_sends_the_rows_and_the_count_out_of_band(client, portfolio_office):
    ProposalFactory(status="submitted")
    ProposalFactory(status="harmonising")
    url = reverse("portfolio:proposal_list") + "?status=submitted"
    html = _html(client, portfolio_office, url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="proposal-table")
    assert "<html" not in html and 'id="proposal-table"' in html
    assert re.search(r'id="proposal-count" hx-swap-oob="true">1 (proposal|forslag)<', html)


def test_board_count_first_and_filters_folded(client, portfolio_office):
    ProposalFactory(status="submitted")
    ProposalFactory(status="deciding")
    ProposalFactory(status="draft")  # not on the board
    html = _html(client, portfolio_office, reverse("portfolio:board"))
    assert html.index('id="board-count"') < html.index("<details") < html.index('id="board-columns"')
    assert re.search(r'id="board-count"[^>]*>2 ', html)
    assert not _details_open(html)
    html = _html(client, portfolio_office, reverse("portfolio:board") + "?age=30")
    assert _details_open(html) and re.search(r'id="board-count"[^>]*>0 ', html)
    partial = _html(client, portfolio_office, reverse("portfolio:board") + "?age=30", HTTP_HX_REQUEST="true",
                    HTTP_HX_TARGET="board-columns")  # fmt: skip
    assert "<html" not in partial and 'id="board-count" hx-swap-oob="true"' in partial


def test_a_folded_panel_fetches_its_fields_when_opened_and_keeps_what_they_hold(client, portfolio_office):
    """Folded, the panel's fields are not in the page: opening it fetches them (the same URL with the panel open,
    whose fields hx-select takes); without JavaScript its link leads there. A value they hold in the URL that is no
    filter (the sort order) goes with the search field as a hidden input until then."""
    ProposalFactory(status="submitted")
    url = reverse("portfolio:proposal_list")
    html = _html(client, portfolio_office, url + "?sort=title&q=")
    panel = html[html.index("<details") : html.index("</details>")]
    assert not _details_open(html) and "<select" not in panel and 'id="filter-fields"' not in panel
    assert 'hx-get="?sort=title&amp;q=&amp;filters=open"' in panel and 'hx-select="#filter-fields"' in panel
    assert 'hx-target="this"' in panel and 'hx-push-url="false"' in panel  # not the form's table, not the URL
    assert re.search(
        r'<a class="ds-link" href="\?sort=title&amp;q=&amp;filters=open">(Show the filters|Vis filtrene)<', panel
    )
    assert '<input type="hidden" name="sort" value="title">' in panel
    assert html.count('name="q"') == 1  # the search field is outside the panel, written once
    opened = _html(client, portfolio_office, url + "?sort=title&q=&filters=open")  # what opening it fetches
    fields = opened[opened.index('id="filter-fields"') : opened.index("</details>")]
    assert 'name="status"' in fields and 'name="organisation"' in fields
    assert '<option value="title" selected>' in fields and 'type="hidden"' not in fields
    board = _html(client, portfolio_office, reverse("portfolio:board"))
    assert 'id="id_agency"' not in board and "filters=open" in board  # the board's panel folds the same way
    assert 'id="id_agency"' in _html(client, portfolio_office, reverse("portfolio:board") + "?filters=open")
