"""A life event's funding line says the status once: Table 4's bare answer ("Nei") is not printed again after it,
and the source's Norwegian words are marked lang="nb" (read right in the English UI too)."""

import pytest
from django.urls import reverse

from tests.factories.lifeevents import LifeEventFactory

pytestmark = pytest.mark.django_db


def test_the_bare_table_4_answer_is_not_repeated(client, ministry_official, asd):
    event = LifeEventFactory(slug="fa-barn", owner_ministry=asd, funding_status="none", funding_summary="Nei")
    assert event.funding_note == ""
    client.force_login(ministry_official)
    html = client.get(reverse("lifeevents:lifeevent_detail", args=[event.slug])).content.decode()
    assert "Nei – Nei" not in html and "– Nei" not in html


def test_a_summary_that_says_more_is_shown_in_norwegian(client, ministry_official, asd):
    summary = "Delvis (Medfinansieringsordningen)"
    event = LifeEventFactory(slug="ny-i-norge", owner_ministry=asd, funding_status="partial", funding_summary=summary)
    assert event.funding_note == summary
    client.force_login(ministry_official)
    client.cookies["portal_language"] = "en"
    html = client.get(reverse("lifeevents:lifeevent_detail", args=[event.slug])).content.decode()
    assert f'Partly – <span lang="nb">{summary}</span>' in html
