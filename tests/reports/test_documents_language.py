"""Documents in the user's language: the ministry dashboard's "download the brief" gives the latest brief in the
language the user reads the portal in (bokmål, nynorsk or English) and says which language each document is in, as
the documents list and a document's page do; a brief that exists only in another language is offered, labelled.
Norwegian content (titles, descriptions) shown in the English UI is marked lang="nb" ({% content_lang %})."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from reports import queries_pages
from reports.choices import JobStatus
from tests.factories import reports as r

pytestmark = pytest.mark.django_db


def _brief(portfolio_data, language: str, days_ago: int):
    return r.GeneratedReportFactory(
        round=portfolio_data["round"],
        life_event=portfolio_data["job"],
        status=JobStatus.DONE,
        filename=f"brief-{language}.pdf",
        parameters={"language": language},
        finished_at=timezone.now() - datetime.timedelta(days=days_ago),
    )


def _brief_offered(client) -> tuple[str, str]:
    """The life event's card on the dashboard: the download button's link, and the line that describes the brief."""
    page = client.get(reverse("reports:ministry_dashboard")).content.decode()
    match = re.search(
        r'<p class="ds-paragraph">([^<]+)</p>\s*<p><a class="ds-button" data-variant="secondary" href="([^"]+)"', page
    )
    return match[2], match[1]


def _set_language(client, language: str):
    client.post(reverse("set_language"), {"language": language, "next": "/"})


def test_the_dashboard_gives_the_brief_in_the_users_language(client, ministry_official, portfolio_data):
    english = _brief(portfolio_data, "en", days_ago=0)  # the newest is the English one
    bokmal = _brief(portfolio_data, "nb", days_ago=2)
    nynorsk = _brief(portfolio_data, "nn", days_ago=3)
    client.force_login(ministry_official)
    url, line = _brief_offered(client)
    assert url == reverse("reports:document_download", args=[bokmal.pk]) and "PDF-notat, Norsk bokmål" in line
    _set_language(client, "nn")
    assert _brief_offered(client)[0] == reverse("reports:document_download", args=[nynorsk.pk])
    _set_language(client, "en")
    url, line = _brief_offered(client)
    assert url == reverse("reports:document_download", args=[english.pk]) and "PDF brief, English" in line


def test_a_brief_only_in_another_language_is_offered_with_its_language(client, ministry_official, portfolio_data):
    english = _brief(portfolio_data, "en", days_ago=1)
    client.force_login(ministry_official)
    url, line = _brief_offered(client)
    assert url == reverse("reports:document_download", args=[english.pk]) and "PDF-notat, Engelsk" in line


def test_a_year_of_briefs_reads_the_newest_of_each_language_and_offers_the_users(
    client, ministry_official, portfolio_data, monkeypatch
):
    """A ministry orders its briefs again week after week: the start page reads, of each life event and language,
    the newest brief alone (not every brief a year leaves), and still offers the newest in the user's language, else
    the newest in another."""
    weeks = [
        (_brief(portfolio_data, language, days_ago=7 * week), language)
        for week in range(6)
        for language in ("nb", "en")
    ]
    newest = {language: next(brief for brief, lang in weeks if lang == language) for language in ("nb", "en")}
    monkeypatch.setattr(queries_pages, "HISTORY", 1)  # the history's one row: the newest document
    events = [portfolio_data["job"].pk]
    briefs, history = queries_pages.ministry_documents(ministry_official, events)
    assert [row["pk"] for row in history] == [weeks[-1][0].pk]  # the newest ordered (the last made)
    # read: the newest brief of each language, and of the older ones only those the history lists
    assert {row["pk"] for row in briefs} == {brief.pk for brief in newest.values()} | {weeks[-1][0].pk}
    client.force_login(ministry_official)
    assert _brief_offered(client)[0] == reverse("reports:document_download", args=[newest["nb"].pk])
    _set_language(client, "nn")  # none in nynorsk: the newest of all, English
    assert _brief_offered(client)[0] == reverse("reports:document_download", args=[newest["en"].pk])


def test_the_documents_list_and_page_say_the_language(client, ministry_official, portfolio_data):
    nynorsk = _brief(portfolio_data, "nn", days_ago=1)
    client.force_login(ministry_official)
    assert "Norsk nynorsk" in client.get(reverse("reports:document_list")).content.decode()
    page = client.get(reverse("reports:document_detail", args=[nynorsk.pk])).content.decode()
    assert "<dt>Språk</dt><dd>Norsk nynorsk</dd>" in page


def test_norwegian_content_is_marked_in_the_english_ui(client, portfolio_office, nav):
    from tests.factories.portfolio import MeasureFactory, ProposalFactory

    proposal = ProposalFactory(organisation=nav, status="submitted", title="Ett varsel for alle")
    measure = MeasureFactory(owner=nav, title="Digital søknad om foreldrepenger")
    client.force_login(portfolio_office)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert '<h1 class="ds-heading" data-size="lg">Ett varsel for alle</h1>' in page  # bokmål UI: nothing to mark
    _set_language(client, "en")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert '<h1 class="ds-heading" data-size="lg" lang="nb">Ett varsel for alle</h1>' in page
    assert f'<dd lang="nb">{proposal.need}' in page
    page = client.get(reverse("portfolio:proposal_list")).content.decode()
    assert 'lang="nb">Ett varsel for alle</a>' in page
    page = client.get(reverse("portfolio:measure_list")).content.decode()
    assert 'lang="nb">Digital søknad om foreldrepenger</a>' in page
    page = client.get(reverse("portfolio:measure_detail", args=[measure.pk])).content.decode()
    assert '<h1 class="ds-heading" data-size="lg" lang="nb">Digital søknad om foreldrepenger</h1>' in page


def test_messages_notes_and_status_reports_are_marked_in_the_english_ui(client, portfolio_office, nav):
    from tests.factories.portfolio import MessageFactory, ProposalFactory

    proposal = ProposalFactory(organisation=nav, status="submitted", title="Ett varsel for alle")
    MessageFactory(proposal=proposal, body="Hvem eier varselet?")
    client.force_login(portfolio_office)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert '<p class="ds-paragraph">Hvem eier varselet?</p>' in page  # bokmål UI: nothing to mark
    _set_language(client, "en")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert '<p class="ds-paragraph" lang="nb">Hvem eier varselet?</p>' in page


def test_the_office_downloads_the_rounds_completeness(client, portfolio_office, ministry_official, portfolio_data):
    round_ = portfolio_data["round"]
    client.force_login(portfolio_office)
    page = client.get(round_.get_absolute_url()).content.decode()
    assert 'href="?export=xlsx"' in page
    response = client.get(round_.get_absolute_url() + "?export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert text.splitlines()[0] == "Organisasjon;Tiltak;Sendt inn;Mangler"
    assert len(text.splitlines()) == 1 + len(queries_pages.round_completeness(round_))
    client.force_login(ministry_official)  # no completeness table, no download: the page itself
    response = client.get(round_.get_absolute_url() + "?export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
