"""The accessibility statement: public, linked from every page's footer, with Digdir's headings, in every language."""

import pytest
from django.urls import reverse


def test_every_page_links_the_statement_in_its_footer(client, agency_staff):
    for response in (client.get(reverse("login")),):
        assert f'href="{reverse("accessibility")}"' in response.content.decode().split("<footer", 1)[1]
    client.force_login(agency_staff)
    footer = client.get(reverse("home")).content.decode().split("<footer", 1)[1]
    assert f'href="{reverse("accessibility")}"' in footer
    assert "Tilgjengelighetserklæring" in footer


@pytest.mark.parametrize(
    ("language", "headings"),
    [
        ("nb", ["Tilgjengelighetserklæring for", "Status for tilgjengelighet", "Innhold som ikke er tilgjengelig",
                "Slik har vi testet", "Tilbakemelding og kontaktinformasjon", "Tilsynet for universell"]),
        ("nn", ["Tilgjengeerklæring for", "Status for tilgjenge", "Innhald som ikkje er tilgjengeleg",
                "Slik har vi testa", "Tilbakemelding og kontaktinformasjon", "Tilsynet for universell"]),
        ("en", ["Accessibility statement for", "Status for accessibility", "Content that is not accessible"]),
    ],
)  # fmt: skip
def test_statement_is_public_and_follows_the_template(client, db, language, headings):
    client.cookies["portal_language"] = language
    response = client.get(reverse("accessibility"))
    assert response.status_code == 200
    body = response.content.decode()
    for heading in headings:
        assert heading in body


def test_statement_gives_a_contact_channel_the_authority_and_the_known_breaches(client, db, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "uu@example.no"
    body = client.get(reverse("accessibility")).content.decode()
    assert 'href="mailto:uu@example.no' in body
    assert 'href="https://www.uutilsynet.no/"' in body
    assert "Kjente brudd på kravene" in body and "3.1.2" in body
    assert "We know of no breaches" not in body and "Vi kjenner ikke til brudd" not in body
