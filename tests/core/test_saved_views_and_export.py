"""Any list downloads its current filtered rows (CSV, Excel) through one mechanism that asks the policy for the rows,
and a user saves a list's filter under a name and finds it again as a link (their own only)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import SavedView
from tests.factories.portfolio import MeasureFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def _csv(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))


def test_proposal_list_exports_every_filtered_row_the_user_may_see(client, agency_staff, nav):
    for i in range(55):  # more than one page of the list
        ProposalFactory(title=f"NAV-forslag {i}", organisation=nav, status="submitted")
    ProposalFactory(title='=HYPERLINK("http://x")', organisation=nav, status="harmonising")
    ProposalFactory(title="Skatteetatens forslag", status="submitted")  # another agency's: not visible
    client.force_login(agency_staff)
    response = client.get(reverse("portfolio:proposal_list") + "?status=submitted&export=csv")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert 'filename="forslag-' in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][:3] == ["Nummer", "Forslag", "Forslagsstiller"]
    titles = {row[1] for row in rows[1:]}
    assert len(rows) == 56 and "Skatteetatens forslag" not in titles
    rows = _csv(client.get(reverse("portfolio:proposal_list") + "?status=harmonising&export=csv"))
    assert rows[1][1] == '\'=HYPERLINK("http://x")'  # a title is never a formula in the user's spreadsheet


def test_excel_export_of_measures_and_the_board(client, portfolio_office):
    MeasureFactory(title="Felles jobbsøkerprofil", status="ongoing")
    MeasureFactory(title="Avviklet tiltak", status="terminated")
    ProposalFactory(title="På tavlen", status="deciding")
    ProposalFactory(title="Utkast", status="draft")
    client.force_login(portfolio_office)
    response = client.get(reverse("portfolio:measure_list") + "?status=ongoing&export=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][1] == "Tiltak" and [v[1] for v in values[1:]] == ["Felles jobbsøkerprofil"]
    board = load_workbook(io.BytesIO(client.get(reverse("portfolio:board") + "?export=xlsx").content)).active
    assert [v[1] for v in list(board.values)[1:]] == ["På tavlen"]  # the board's steps only, no drafts


def test_list_pages_offer_download_links_with_the_current_filter(client, portfolio_office):
    client.force_login(portfolio_office)
    html = client.get(reverse("portfolio:proposal_list") + "?status=submitted&page=1").content.decode()
    assert "?status=submitted&amp;export=csv" in html and "?status=submitted&amp;export=xlsx" in html


def test_a_saved_view_is_a_link_on_its_list_for_its_user_only(client, agency_staff, other_agency_staff):
    client.force_login(agency_staff)
    data = {"name": "Mine innsendte", "list_name": "portfolio:proposal_list", "query": "status=submitted&page=3"}
    response = client.post(reverse("saved_view_save"), data)
    assert response.status_code == 302 and response["Location"].endswith("?status=submitted")
    html = client.get(reverse("portfolio:proposal_list")).content.decode()
    assert 'href="/portefolje/forslag/?status=submitted">Mine innsendte</a>' in html
    client.post(reverse("saved_view_save"), {**data, "query": "status=harmonising"})  # same name: replaced
    assert list(SavedView.objects.values_list("query", flat=True)) == ["status=harmonising"]

    client.force_login(other_agency_staff)
    assert "Mine innsendte</a>" not in client.get(reverse("portfolio:proposal_list")).content.decode()
    view = SavedView.objects.get()
    assert client.post(reverse("saved_view_delete", args=[view.pk])).status_code == 404
    client.force_login(agency_staff)
    assert client.post(reverse("saved_view_delete", args=[view.pk])).status_code == 302
    assert not SavedView.objects.exists()


def test_a_view_without_a_name_or_for_an_unknown_list_is_refused_with_a_message(client, agency_staff):
    client.force_login(agency_staff)
    response = client.post(reverse("saved_view_save"), {"name": " ", "list_name": "portfolio:proposal_list"})
    assert response.status_code == 422 and "<h1" in response.content.decode()
    response = client.post(reverse("saved_view_save"), {"name": "X", "list_name": "admin:nothing_here"})
    assert response.status_code == 422 and "Denne listen kan ikke lagres." in response.content.decode()
    assert not SavedView.objects.exists()
