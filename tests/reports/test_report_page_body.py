"""The report page's body is built once per version of its data (reports/report_page.py): a second request reads it
from the cache, and a change to any row the report shows is on the very next page, never a stale body."""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse

from reports import outputs, report_page
from reports.models import StatusReport


def _key_count(prefix="reports:page-body:") -> int:
    return sum(1 for k in cache._cache if prefix in k)  # the tests' local-memory cache, counted by key


def test_the_body_is_built_once_per_data_version_and_never_stale(client, portfolio_office, portfolio_data):
    cache.clear()
    round_ = portfolio_data["round"]
    url = reverse("reports:report_detail", args=[round_.pk])
    client.force_login(portfolio_office)
    first = client.get(url).content.decode()
    assert _key_count() == 1
    assert client.get(url).content.decode().count("<table") == first.count("<table")
    assert _key_count() == 1  # the same data: read from the cache
    assert "Ny risiko som ingen har sett før" not in first
    # A change outside any service (as a shell or raw SQL would make it): no one tells the cache
    reports = StatusReport.objects.filter(round=round_, measure=portfolio_data["m1"])
    reports.update(risks="Ny risiko som ingen har sett før")
    changed = client.get(url).content.decode()
    assert _key_count() == 2  # a new version of the data: built afresh
    assert "Ny risiko som ingen har sett før" in changed


def test_the_body_equals_the_report_built_afresh(portfolio_data):
    cache.clear()
    round_ = portfolio_data["round"]
    html, _as_of = report_page.body(round_, None)
    again, _ = report_page.body(round_, None)
    assert html == again
    fresh = render_to_string(
        "reports/_report_body.html",
        outputs.report_context(round_, outputs.built_for(round_, None), max_rows=outputs.PAGE_MAX_ROWS),
    )
    assert html == fresh
