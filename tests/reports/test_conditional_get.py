"""A finished document is answered conditionally: the browser that has it gets 304 Not Modified (its ETag is the
document's checksum), and a user who may not download it gets no conditional answer."""

from django.urls import reverse

from reports.models import GeneratedReport


def test_a_document_the_browser_has_is_not_sent_again(
    client, portfolio_office, agency_staff, portfolio_data, django_capture_on_commit_callbacks
):
    client.force_login(portfolio_office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reports:report_order", args=[portfolio_data["round"].pk]), {"kind": "xlsx"})
    document = GeneratedReport.objects.get(round=portfolio_data["round"], kind="xlsx")
    url = reverse("reports:document_download", args=[document.pk])

    first = client.get(url)
    assert first.status_code == 200 and first["ETag"] == f'"{document.sha256}"'
    again = client.get(url, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and not again.content

    client.force_login(agency_staff)  # may not see the document: never a 304, whatever it sends
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 404
