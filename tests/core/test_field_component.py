"""Form fields are Designsystemet's controls: text fields, selects, radios and checkboxes all carry ds-input."""

import re

from django.urls import reverse

from tests.factories.lifeevents import LifeEventFactory


def controls(html: str) -> list[str]:
    main = html.split("<main", 1)[1]
    return [t for t in re.findall(r"<(?:input|select|textarea)\b[^>]*>", main) if 'type="hidden"' not in t]


def test_login_fields_are_designsystemet_controls(client, db):
    tags = controls(client.get(reverse("login")).content.decode())
    assert len(tags) == 2 and all('class="ds-input"' in t for t in tags)


def test_radios_and_checkboxes_on_the_intake_form_are_designsystemet_controls(client, agency_staff):
    LifeEventFactory(name_nb="Få barn")
    client.force_login(agency_staff)
    tags = controls(client.get(reverse("portfolio:proposal_create")).content.decode())
    options = [t for t in tags if re.search(r'type="(radio|checkbox)"', t)]
    assert options, "the intake form has groups of options"
    assert all("ds-input" in t for t in tags), [t for t in tags if "ds-input" not in t]


def test_ids_in_links_and_fields_are_never_grouped_like_amounts(client, portfolio_office):
    """Numbers are grouped (1 234 567) but ids are not: a grouped id in a link or hidden field breaks it."""
    from tests.factories.portfolio import ProposalFactory

    proposal = ProposalFactory(pk=12345, title="Forslag med stort nummer", status="submitted")
    client.force_login(portfolio_office)
    body = client.get(reverse("portfolio:proposal_list")).content.decode()
    assert "#12345" in body and "12\xa0345" not in body and "12 345" not in body
    assert proposal.title in body
