"""SQL queries per main page: the same count with few and with many rows (no N+1), and at most 10.

The pages are those of bench/pages.py (the benchmark measures the same ones), resolved by URL name; a page that is
not built yet is skipped with its name. The data comes from the synthetic generator at two sizes."""

import pytest
from django.db import transaction

from bench.pages import PAGES, SEARCH, count_queries, resolve, user_for
from demo.generate import generate_portfolio
from tests.factories.portfolio import ProposalFactory
from tests.second_factor import VerifiedClient as Client  # office sessions verified with their app

SIZES = (20, 80)  # proposals; the list shows up to 50 rows, so the rows on a page grow too
MAX_QUERIES = 10  # the default of bench.pages.Page.max_queries


class _Rollback(Exception):
    pass


def _measure(page, size):
    """Generate a portfolio of `size` proposals, count the page's queries, roll everything back."""
    result = {}
    try:
        with transaction.atomic():
            generate_portfolio(proposals=size, measures=size // 2, actors=10, scores=size * 3, seed=11)
            ProposalFactory(title=f"Søknad om {SEARCH}")  # the search finds rows at every size
            url = resolve(page)
            if url is None:
                result["missing"] = True
                raise _Rollback
            client = Client()
            client.force_login(user_for(page.role))
            client.get(url)  # warm up: session and language set-up are not the page's own
            result["status"], result["count"], result["sql"] = count_queries(client, url)
            result["url"] = url
            raise _Rollback
    except _Rollback:
        return result


@pytest.mark.django_db
@pytest.mark.parametrize("page", [p for p in PAGES if not p.baseline], ids=lambda p: p.key)
def test_query_count_does_not_grow_with_rows(page):
    small = _measure(page, SIZES[0])
    if small.get("missing"):
        pytest.skip(f"page not built yet: no URL named {' or '.join(page.names)}")
    large = _measure(page, SIZES[1])
    assert small["status"] == 200, f"{small['url']} answered {small['status']}"
    # Constant: a page reads a related table only when the object shown has such rows (a proposal's attachments, the
    # proposals merged into it), so the sampled object may differ by that one query, never by the portfolio's size.
    assert abs(large["count"] - small["count"]) <= 1, (
        f"{page.key}: {small['count']} queries at {SIZES[0]} proposals, {large['count']} at {SIZES[1]}:\n"
        + "\n".join(large["sql"])
    )
    limit = page.max_queries  # MAX_QUERIES, but for the report page (see bench/pages.py)
    assert small["count"] <= limit, f"{page.key} makes {small['count']} queries:\n" + "\n".join(small["sql"])


@pytest.mark.django_db
def test_admin_baseline_counts_too():
    """The benchmark's baseline (Django's admin change list) is measured the same way, so the harness can trust it."""
    from django.test import override_settings

    with override_settings(ROOT_URLCONF="bench.urls"):
        page = next(p for p in PAGES if p.key == "admin_changelist")
        small, large = _measure(page, SIZES[0]), _measure(page, SIZES[1])
    assert small["status"] == large["status"] == 200
    assert small["count"] == large["count"]
