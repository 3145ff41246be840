"""The main menu: every link it shows opens for the persona that sees it, the current page is marked, in Norwegian."""

import re

import pytest
from django.urls import reverse


@pytest.mark.parametrize("persona", ["agency_staff", "portfolio_office", "ministry_official"])
def test_every_menu_link_opens_for_the_user_who_sees_it(request, client, persona):
    client.force_login(request.getfixturevalue(persona))
    body = client.get(reverse("home")).content.decode()
    menu = body.split('class="portal-nav"', 1)[1].split("</nav>", 1)[0]
    links = re.findall(r'href="([^"]+)"', menu)
    assert reverse("home") in links and reverse("lifeevents:lifeevent_list") in links
    for link in links:
        assert client.get(link).status_code == 200, link
    assert 'aria-current="page">Forside<' in menu


def test_ministry_sees_reports_and_no_reviews(client, ministry_official):
    client.force_login(ministry_official)
    menu = client.get(reverse("home")).content.decode().split("</nav>", 1)[0]
    assert reverse("reports:ministry_dashboard") in menu
    assert reverse("portfolio:review_queue") not in menu
