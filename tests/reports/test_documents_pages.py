"""A ministry's documents: the start page lists its newest ones (`queries_pages.HISTORY`) and links to the list of
all reports, which shows every document the user may see, newest requested first, page by page."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import queries_pages
from reports.choices import JobStatus
from reports.models import GeneratedReport
from reports.views import documents as document_views
from tests.factories import reports as r

pytestmark = pytest.mark.django_db


def _documents(portfolio_data, count: int) -> list:
    """`count` finished documents of the ministry's life event, the first the newest requested."""
    now = timezone.now()
    made = [
        r.GeneratedReportFactory(
            round=portfolio_data["round"],
            life_event=portfolio_data["job"],
            status=JobStatus.DONE,
            filename=f"notat-{n}.pdf",
            parameters={"language": "nb"},
            finished_at=now - datetime.timedelta(days=n),
        )
        for n in range(count)
    ]
    for n, document in enumerate(made):  # requested_at is set on creation: the days before
        GeneratedReport.objects.filter(pk=document.pk).update(requested_at=now - datetime.timedelta(days=n))
    return made


def _listed(html: str) -> list[str]:
    """The files of a table of documents, in its order."""
    return re.findall(r'<span class="ds-sr-only"> (notat-\d+\.pdf)</span>', html)


def test_the_start_page_lists_the_newest_documents_and_links_to_all(client, ministry_official, portfolio_data):
    _documents(portfolio_data, queries_pages.HISTORY + 3)
    client.force_login(ministry_official)
    page = client.get(reverse("reports:ministry_dashboard")).content.decode()
    latest = page.split('id="history-heading"')[1]
    assert "Siste dokumenter" in latest
    assert _listed(latest) == [f"notat-{n}.pdf" for n in range(queries_pages.HISTORY)]
    assert f'<a class="ds-link" href="{reverse("reports:document_list")}">Alle rapporter</a>' in latest


def test_the_list_of_all_reports_goes_page_by_page(client, ministry_official, portfolio_data, monkeypatch):
    monkeypatch.setattr(document_views, "DOCUMENTS_PER_PAGE", 4)
    _documents(portfolio_data, 10)
    client.force_login(ministry_official)
    url = reverse("reports:document_list")
    first = client.get(url).content.decode()
    assert _listed(first) == [f"notat-{n}.pdf" for n in range(4)]
    assert "10 dokumenter, de nyeste først." in first
    assert "Side 1 av 3" in first and 'href="?page=2">Neste side</a>' in first and "Forrige side" not in first
    last = client.get(url, {"page": 3}).content.decode()
    assert _listed(last) == ["notat-8.pdf", "notat-9.pdf"]
    assert 'href="?page=2">Forrige side</a>' in last and "Neste side" not in last
    assert _listed(client.get(url, {"page": "x"}).content.decode()) == _listed(first)  # no page number: the first
    assert _listed(client.get(url, {"page": 99}).content.decode()) == _listed(last)  # past the end: the last


def test_the_list_of_all_reports_shows_only_what_the_user_may_see(client, ministry_official, portfolio_data):
    mine = _documents(portfolio_data, 1)[0]
    hidden = r.GeneratedReportFactory(round=portfolio_data["round"], status=JobStatus.DONE, office_only=True,
                                      filename="kontoret.xlsx")  # fmt: skip
    client.force_login(ministry_official)
    page = client.get(reverse("reports:document_list")).content.decode()
    assert mine.filename in page and hidden.filename not in page
    assert "1 dokument, det nyeste først." in page
