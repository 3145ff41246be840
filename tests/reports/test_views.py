"""The reports pages as each persona: rounds, status forms, the report page, ordering, downloads, the dashboard."""

import io
from html.parser import HTMLParser

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from reports import outputs
from reports.choices import JobStatus
from reports.models import GeneratedReport, ReportingRound, StatusReport
from reports.rendering import FORMULA_PREFIXES
from tests.factories import reports as r


class Tables(HTMLParser):
    """{table id: [[cell text, …] per row incl. the header]} from a page."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.cell = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id"):
            self.current = self.tables.setdefault(attrs["id"], [])
        elif tag == "tr" and self.current is not None:
            self.current.append([])
        elif tag in ("td", "th") and self.current is not None:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.current[-1].append("".join(self.cell).strip())
            self.cell = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def _tables(response) -> dict:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables


def test_round_list_for_every_signed_in_persona(client, agency_staff, ministry_official, portfolio_data):
    assert client.get(reverse("reports:round_list")).status_code == 302
    for user in (agency_staff, ministry_official):
        client.force_login(user)
        response = client.get(reverse("reports:round_list"))
        assert response.status_code == 200 and "Runde 3/2026" in response.content.decode()


def test_office_opens_a_round_and_others_may_not(client, portfolio_office, agency_staff, portfolio_data):
    url = reverse("reports:round_create")
    client.force_login(agency_staff)
    assert client.get(url).status_code == 403
    client.force_login(portfolio_office)
    assert client.post(url, {"title": "", "deadline": "2000-01-01", "remind_days_before": 7}).status_code == 422
    response = client.post(url, {"title": "Runde 4", "deadline": "2099-06-01", "remind_days_before": 7})
    round_ = ReportingRound.objects.get(title="Runde 4")
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()


def test_office_sees_completeness_and_sends_reminders(
    client, portfolio_office, portfolio_data, mailoutbox, other_agency_staff, django_capture_on_commit_callbacks
):
    round_ = portfolio_data["round"]
    client.force_login(portfolio_office)
    page = _page(client.get(round_.get_absolute_url()))
    assert "Skatteetaten" in page and "Arbeids- og velferdsetaten" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:round_remind", args=[round_.pk]))
    assert [m.to for m in mailoutbox] == [[other_agency_staff.email]]  # NAV submitted; Skatteetaten did not


def _page(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_agency_fills_in_and_submits_its_status(client, agency_staff, portfolio_data):
    round_, m1 = portfolio_data["round"], portfolio_data["m1"]
    StatusReport.objects.filter(round=round_).delete()
    url = reverse("reports:status_report_edit", args=[round_.pk, m1.pk])
    client.force_login(agency_staff)
    assert "Jobbsøkerassistent" in _page(client.get(round_.get_absolute_url()))
    benefit = m1.benefits.first()
    data = {"version": 0, "progress": 55, "spent": 100, "budget": 2000000, f"indicator_{benefit.pk}": "90"}
    response = client.post(url, {**data, "submit": "1"})
    assert response.status_code == 422  # traffic light missing for a submit: nothing is saved
    assert not StatusReport.objects.filter(round=round_, measure=m1).exists()
    response = client.post(url, {**data, "traffic": "green", "submit": "1"})
    assert response.status_code == 302
    report = StatusReport.objects.get(round=round_, measure=m1)
    assert (report.state, report.traffic, report.indicator_values) == ("submitted", "green", {str(benefit.pk): 90.0})


def test_stale_version_is_refused(client, agency_staff, portfolio_data):
    round_, m1 = portfolio_data["round"], portfolio_data["m1"]
    url = reverse("reports:status_report_edit", args=[round_.pk, m1.pk])
    client.force_login(agency_staff)
    response = client.post(url, {"version": 999, "traffic": "red", "progress": 1})
    with translation.override("nb"):
        message = escape(gettext("Someone else saved this status report while you were editing. Reload and retry."))
    assert response.status_code == 422 and message in response.content.decode()
    assert StatusReport.objects.get(round=round_, measure=m1).traffic == "yellow"


def test_status_form_access(client, portfolio_office, other_agency_staff, agency_staff, portfolio_data):
    round_, m1 = portfolio_data["round"], portfolio_data["m1"]
    url = reverse("reports:status_report_edit", args=[round_.pk, m1.pk])
    client.force_login(other_agency_staff)
    assert client.get(url).status_code == 404  # another agency's measure is invisible
    client.force_login(portfolio_office)
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": 1, "traffic": "red", "progress": 1}).status_code == 403
    round_.status = "closed"
    round_.save()
    client.force_login(agency_staff)  # the owner's staff, but the round is closed: a page that says so
    assert client.post(url, {"version": 1, "traffic": "red", "progress": 1}).status_code == 409


def test_report_page_shows_tables_and_accessible_svg(client, portfolio_office, agency_staff, portfolio_data):
    url = reverse("reports:report_detail", args=[portfolio_data["round"].pk])
    client.force_login(agency_staff)
    assert client.get(url).status_code == 403
    client.force_login(portfolio_office)
    page = _page(client.get(url))
    assert '<svg role="img" aria-labelledby=' in page and "<desc id=" in page
    assert "Skalere jobbsøkerassistenten" in page and "Dødsfall og arv" in page


def test_excel_sheets_equal_the_tables_on_the_web_page(
    client, portfolio_office, portfolio_data, django_capture_on_commit_callbacks
):
    round_ = portfolio_data["round"]
    client.force_login(portfolio_office)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:report_order", args=[round_.pk]), {"kind": "xlsx"})
    document = GeneratedReport.objects.get(round=round_, kind="xlsx")
    assert response["Location"] == reverse("reports:document_detail", args=[document.pk])
    tables = _tables(client.get(reverse("reports:report_detail", args=[round_.pk])))
    sheets = pd.read_excel(
        io.BytesIO(b"".join(client.get(reverse("reports:document_download", args=[document.pk])).streaming_content)),
        sheet_name=None,
        header=2,  # the title row (life event and table) and the data date come first
    )
    assert list(sheets)[0] == "Innhold"  # the contents sheet
    sheets = dict(list(sheets.items())[1:])
    sections = [le for le in (portfolio_data["job"].pk, portfolio_data["death"].pk)]
    portfolio = ["rollup", "funding_status", "funding", "allocation", "pays_gains", "decisions", "cross", "proposals"]
    keys = portfolio + [f"{k}-{le}" for le in sections for k, _f in _life_event_tables()]
    assert len(sheets) == len(keys)
    with translation.override("nb"):
        for key, sheet in zip(keys, sheets.values(), strict=True):
            expected = [[str(c) for c in sheet.columns]]
            numeric = [sheet[c].dtype.kind in "if" and not sheet[c].isna().all() for c in sheet.columns]
            expected += [
                [_shown(v, n) for v, n in zip(row, numeric, strict=True)]
                for row in sheet.itertuples(index=False, name=None)
            ]
            page = tables[f"table-{key}"]
            if len(page) == 2 and len(page[1]) == 1 and len(expected) == 1:
                page = page[:1]  # the page's "no data" row
            # An empty cell is blank or "unknown" (a number no row states) on the page; Excel leaves both empty
            blank = {"ukjent": ""}
            assert [[blank.get(c, c) for c in r] for r in page] == [[blank.get(c, c) for c in r] for r in expected], key


def _shown(value, numeric: bool) -> str:
    """A cell read back from Excel as the page shows it: numbers formatted (an empty number is "unknown"), the
    formula guard taken off."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        value = value[1:]
    return outputs._cell(None if pd.isna(value) else value, numeric)["text"]


def _life_event_tables():
    from reports.frames import LIFE_EVENT_TABLES

    return LIFE_EVENT_TABLES


def test_order_progress_and_download(client, portfolio_office, portfolio_data, django_capture_on_commit_callbacks):
    client.force_login(portfolio_office)
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            reverse("reports:report_order", args=[portfolio_data["round"].pk]), {"kind": "pdf"}, HTTP_HX_REQUEST="true"
        )
    assert "HX-Location" in response
    document = GeneratedReport.objects.get(kind="pdf")
    url = reverse("reports:document_detail", args=[document.pk])
    partial = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="document-status").content.decode()
    assert "<html" not in partial and 'hx-trigger="every 2s"' in partial
    assert client.get(reverse("reports:document_download", args=[document.pk])).status_code == 409  # not yet
    from core.tasks import document_build_task

    document_build_task.apply(args=["reports.generatedreport", document.pk])
    status = client.get(url, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="document-status")
    assert "hx-trigger" not in status.content.decode()
    response = client.get(reverse("reports:document_download", args=[document.pk]))
    assert response["Content-Type"] == "application/pdf" and b"".join(response.streaming_content).startswith(b"%PDF")


def test_csv_order_needs_a_table(client, portfolio_office, portfolio_data):
    client.force_login(portfolio_office)
    response = client.post(reverse("reports:report_order", args=[portfolio_data["round"].pk]), {"kind": "csv"})
    assert response.status_code == 422


@pytest.fixture
def restricted_documents(portfolio_data):
    round_ = portfolio_data["round"]
    done = {"status": JobStatus.DONE, "is_restricted": True, "filename": "x.pdf"}
    own = r.GeneratedReportFactory(round=round_, life_event=portfolio_data["job"], **done)
    other = r.GeneratedReportFactory(round=round_, life_event=portfolio_data["death"], **done)
    return own, other


def test_ministry_never_downloads_another_ministrys_restricted_report(client, ministry_official, restricted_documents):
    own, other = restricted_documents
    client.force_login(ministry_official)
    assert client.get(reverse("reports:document_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("reports:document_download", args=[other.pk])).status_code == 404
    assert client.get(reverse("reports:document_detail", args=[own.pk])).status_code == 200


def test_ministry_dashboard(client, ministry_official, agency_staff, restricted_documents, portfolio_data):
    own, other = restricted_documents
    client.force_login(agency_staff)
    assert client.get(reverse("reports:ministry_dashboard")).status_code == 403
    client.force_login(ministry_official)
    page = _page(client.get(reverse("reports:ministry_dashboard")))
    assert "Miste og finne jobb" in page
    assert reverse("reports:document_download", args=[own.pk]) in page
    assert reverse("reports:document_download", args=[other.pk]) not in page


def test_home_panel(client, portfolio_office, portfolio_data):
    client.force_login(portfolio_office)
    assert reverse("reports:round_list") in _page(client.get(reverse("home")))


# ---- the reports block of the access matrix, run here until tests/test_access_matrix.py walks it ---------------


def _cases():
    from tests.reports.access_cases import CASES

    return CASES


@pytest.mark.parametrize("case", _cases(), ids=lambda c: f"{c.method}-{c.url_name}")
def test_reports_access_cases(
    client, case, agency_staff, other_agency_staff, portfolio_office, ministry_official, admin_user
):
    from tests.access_matrix import Personas

    personas = Personas(agency_staff, other_agency_staff, portfolio_office, ministry_official, admin_user)
    for name, expected in case.expect.items():
        kwargs = case.setup(personas)
        user = getattr(personas, name)
        client.logout()
        if user is not None:
            client.force_login(user)
        data = case.data(personas) if callable(case.data) else case.data
        response = getattr(client, case.method)(reverse(case.url_name, kwargs=kwargs), data or {})
        assert response.status_code == expected, f"{case.url_name} as {name}"


def test_ministry_cannot_order_a_document_of_a_life_event_it_does_not_follow(client, ministry_official, portfolio_data):
    client.force_login(ministry_official)
    url = reverse("reports:report_order", args=[portfolio_data["round"].pk])
    response = client.post(url, {"kind": "pdf", "life_event": portfolio_data["death"].pk})
    assert response.status_code == 422  # not a choice for this ministry
    assert not GeneratedReport.objects.exists()


@pytest.mark.parametrize("name", ["round_list", "ministry_dashboard", "document_list"])
def test_list_pages_have_constant_query_counts(
    client, portfolio_office, restricted_documents, name, django_assert_max_num_queries
):
    client.force_login(portfolio_office)
    # issue 17's 10 at most, with the session's second factor (django-otp reads the office's device)
    with django_assert_max_num_queries(10):
        assert client.get(reverse(f"reports:{name}")).status_code == 200
    for _i in range(5):
        r.GeneratedReportFactory(round=restricted_documents[0].round, status=JobStatus.DONE, filename="y.pdf")
        r.ReportingRoundFactory(opened_by=portfolio_office)
    with django_assert_max_num_queries(10):
        assert client.get(reverse(f"reports:{name}")).status_code == 200


def test_round_detail_query_count(client, portfolio_office, portfolio_data, django_assert_max_num_queries):
    client.force_login(portfolio_office)
    with django_assert_max_num_queries(10):
        assert client.get(portfolio_data["round"].get_absolute_url()).status_code == 200


def test_office_may_order_a_new_version(client, portfolio_office, portfolio_data, django_capture_on_commit_callbacks):
    client.force_login(portfolio_office)
    url = reverse("reports:report_order", args=[portfolio_data["round"].pk])
    assert 'name="refresh"' in _page(client.get(reverse("reports:report_detail", args=[portfolio_data["round"].pk])))
    with django_capture_on_commit_callbacks(execute=False):
        client.post(url, {"kind": "xlsx"})
        client.post(url, {"kind": "xlsx"})
        client.post(url, {"kind": "xlsx", "refresh": "1"})
    assert sorted(GeneratedReport.objects.values_list("version", flat=True)) == [1, 2]
