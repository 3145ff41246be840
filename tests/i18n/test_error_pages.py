"""Error pages speak the user's language and carry <html lang> like every other page."""

from django.test import override_settings
from django.urls import reverse


def test_not_found_page_is_norwegian_with_lang(client, agency_staff):
    client.force_login(agency_staff)
    response = client.get("/finnes-ikke/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="nb"' in body and "Siden finnes ikke" in body


def test_not_found_page_in_nynorsk(client, agency_staff):
    client.force_login(agency_staff)
    client.cookies["portal_language"] = "nn"
    body = client.get("/finst-ikkje/").content.decode()
    assert '<html lang="nn"' in body and "Sida finst ikkje" in body


def test_csrf_failure_page_is_translated(db):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    assert '<html lang="nb"' in response.content.decode()
    assert "Skjemaet er utløpt" in response.content.decode()


@override_settings(DEBUG=False)
def test_server_error_page_renders_alone(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert '<html lang="nb"' in response.content.decode()
