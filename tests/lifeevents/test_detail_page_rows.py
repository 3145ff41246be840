"""The life event's and the actor's pages read their rows as the page prints them (issue 17): the measure counts in the
same query as the rows (the SQL form of the figures, tested equal here), the phases and supporting activities with the
life event itself, and the labels, links, amounts and dates the rows show."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lifeevents import figures
from lifeevents.choices import Involvement, ParticipationRole
from portfolio.models import Measure
from tests.factories.core import OrganisationFactory
from tests.factories.lifeevents import (
    LifeEventFactory,
    LifeEventPhaseFactory,
    ParticipationFactory,
    SupportingActivityFactory,
)
from tests.factories.portfolio import MeasureFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_portfolio_counts_are_the_figures(nav):
    event, other = LifeEventFactory(), LifeEventFactory()
    for status in ("planned", "ongoing", "completed", "terminated", "terminated"):
        MeasureFactory(owner=nav, life_events=[event, other], status=status)
    MeasureFactory(owner=nav, life_events=[other], status="ongoing")
    for life_event in (event, other):
        rows = list(Measure.objects.filter(life_events=life_event).values("id", "status"))
        (first, *_rest) = Measure.objects.filter(life_events=life_event).with_portfolio_counts()[:1]
        assert first.measure_total == figures.measure_count(rows)
        assert first.terminated_total == figures.terminated_count(rows)
    assert figures.measure_count(Measure.objects.filter(life_events=event).values("id", "status")) == 3


def test_life_event_page_lists_measures_in_the_portfolio_and_counts_the_terminated(client, nav, portfolio_office):
    event = LifeEventFactory()
    ongoing = MeasureFactory(owner=nav, life_events=[event], status="ongoing", title="Pågående", budget=1234567)
    MeasureFactory(owner=nav, life_events=[event], status="completed", title="Ferdig")
    MeasureFactory(owner=nav, life_events=[event], status="terminated", title="Avviklet tiltak")
    client.force_login(portfolio_office)
    body = client.get(event.get_absolute_url()).content.decode()
    assert f'href="{reverse("portfolio:measure_detail", kwargs={"pk": ongoing.pk})}">Pågående</a>' in body
    assert body.index("Pågående") < body.index("Ferdig")  # ongoing and planned first
    assert "Avviklet tiltak" not in body
    assert "1\xa0234\xa0567 kr" in body or "1 234 567 kr" in body
    assert (
        f'<a class="ds-link" href="{reverse("lifeevents:organisation_detail", kwargs={"pk": nav.pk})}">NAV</a>' in body
    )
    assert "2 tiltak (unntatt avviklede)" in body
    assert "1 avviklet tiltak er ikke talt med her" in body


def test_life_event_page_shows_its_phases_and_activities(client, portfolio_office):
    event = LifeEventFactory()
    LifeEventPhaseFactory(life_event=event, phase="shape", start_date=datetime.date(2025, 3, 1), note="Pilot")
    LifeEventPhaseFactory(life_event=event, phase="start", start_date=None, end_date=None)
    agency = OrganisationFactory(name="Statens vegvesen", short_name="SVV")
    SupportingActivityFactory(life_event=event, name="Felles datadeling", owner=agency, phase="deliver")
    SupportingActivityFactory(life_event=event, name="Brukerinnsikt", owner=None, phase="")
    client.force_login(portfolio_office)
    body = client.get(event.get_absolute_url()).content.decode()
    assert '<th scope="row">Forme sammen</th><td>01.03.2025</td><td>–</td><td>Pilot</td>' in body
    assert '<th scope="row">Starte sammen</th><td>–</td><td>–</td>' in body
    assert body.index("Forme sammen") < body.index("Starte sammen")  # in the phases' order
    assert '<li>Felles datadeling – SVV <span class="ds-tag" data-size="sm">Levere sammen</span></li>' in body
    assert "<li>Brukerinnsikt</li>" in body


def test_actor_page_rows_show_role_status_budget_and_date(client, nav, other_agency, portfolio_office):
    owned = MeasureFactory(owner=nav, status="ongoing", budget=2500000, title="Eget tiltak")
    taking_part = MeasureFactory(owner=other_agency, status="planned", title="Deltar i")
    taking_part.participants.add(nav)
    proposal = ProposalFactory(organisation=nav, title="Et forslag")
    client.force_login(portfolio_office)
    body = client.get(reverse("lifeevents:organisation_detail", kwargs={"pk": nav.pk})).content.decode()
    measure_url = reverse("portfolio:measure_detail", kwargs={"pk": owned.pk})
    assert f'<a class="ds-link" href="{measure_url}">Eget tiltak</a>' in body
    row = body[body.index("Eget tiltak") :]
    assert row.index("<td>Eier</td>") < row.index("<td>Pågår</td>") < row.index("2\xa0500\xa0000 kr")
    row = body[body.index("Deltar i") :]
    assert row.index("<td>Deltaker</td>") < row.index("<td>Planlagt</td>")
    proposal_url = reverse("portfolio:proposal_detail", kwargs={"pk": proposal.pk})
    assert f'<a class="ds-link" href="{proposal_url}">Et forslag</a>' in body
    assert f"<td>{timezone.localtime(proposal.created_at).strftime('%d.%m.%Y')}</td>" in body  # SHORT_DATE_FORMAT


def test_actor_page_life_events_and_parent(client, nav, portfolio_office, django_assert_max_num_queries):
    ministry = OrganisationFactory(name="Arbeids- og inkluderingsdepartementet", kind="ministry")
    nav.parent = ministry
    nav.save(update_fields=["parent"])
    event = LifeEventFactory(name_nb="Miste jobben", name_nn="", name_en="Losing a job", owner_ministry=ministry)
    ParticipationFactory(organisation=nav, life_event=event, role="executing_agency", involvement="co_owner")
    client.force_login(portfolio_office)
    url = reverse("lifeevents:organisation_detail", kwargs={"pk": nav.pk})
    with django_assert_max_num_queries(10):
        body = client.get(url).content.decode()
    with translation.override("nb"):
        role, involvement = str(ParticipationRole.EXECUTING_AGENCY.label), str(Involvement.CO_OWNER.label)
    assert (
        f'<tr><th scope="row"><a class="ds-link" href="{event.get_absolute_url()}">Miste jobben</a></th>'
        f"<td>{role}</td><td>{involvement}</td></tr>"
    ) in body
    ministry_url = reverse("lifeevents:organisation_detail", kwargs={"pk": ministry.pk})
    assert f'<a class="ds-link" href="{ministry_url}">Arbeids- og inkluderingsdepartementet</a>' in body
    # A ministry that owns a life event but takes part in none has the table (no rows), not "takes part in none"
    body = client.get(ministry_url).content.decode()
    assert 'id="org-events-heading"' in body and "<tbody>" in body and "Miste jobben" not in body
    assert "This actor takes part in no life event." not in body and "deltar ikke" not in body


def test_actor_page_rows_escape_their_texts_and_mark_illustrative_rows(client, nav, portfolio_office):
    """Each row is written by one tag (lifeevents/templatetags/organisation_rows.py): its texts escaped as `{{ }}`
    escapes them, and an illustrative row marked as the template marked it."""
    MeasureFactory(owner=nav, title="<b>Tiltak</b> & co", is_illustrative=True)
    ProposalFactory(organisation=nav, title='Forslag "A" & <i>B</i>')
    client.force_login(portfolio_office)
    body = client.get(reverse("lifeevents:organisation_detail", kwargs={"pk": nav.pk})).content.decode()
    tag = ' <span class="ds-tag portal-illustrative" data-color="warning" data-size="sm" title="Laget for demoen'
    assert f"&lt;b&gt;Tiltak&lt;/b&gt; &amp; co</a>{tag}" in body
    assert "Forslag &quot;A&quot; &amp; &lt;i&gt;B&lt;/i&gt;</a></th>" in body
    assert "<b>" not in body and "<i>B" not in body
