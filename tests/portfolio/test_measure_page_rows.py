"""A measure's page reads its moves, benefits and dependencies with the measure itself (issue 17), and shows what users
said in the consultations of user panels linked to it or to the proposal it came from (issue 22), as the user may see
them."""

import pytest
from django.urls import reverse
from django.utils import timezone

from portfolio.models import MeasureMove
from portfolio.services import measures
from tests.factories import panels
from tests.factories.core import OrganisationFactory, UserFactory
from tests.factories.portfolio import BenefitFactory, DependencyFactory, MeasureFactory, ProposalFactory

pytestmark = pytest.mark.django_db


def test_moves_benefits_and_dependencies_as_the_page_prints_them(client, portfolio_office):
    owner = OrganisationFactory(name="Arbeids- og velferdsetaten", short_name="NAV")
    measure = MeasureFactory(owner=owner, kind="experiment", title="Målt tiltak")
    portfolio_office.first_name, portfolio_office.last_name = "Ola", "Kontor"
    portfolio_office.save()
    measures.measure_move(measure=measure, field="kind", to="demonstrator", evidence="Brukertest", by=portfolio_office)
    BenefitFactory(measure=measure, indicator="Timer spart", owner=owner, is_disbenefit=True)
    needed = DependencyFactory(from_measure=measure, kind="depends_on").to_measure
    waiting = DependencyFactory(to_measure=measure, kind="overlaps").from_measure
    client.force_login(portfolio_office)
    body = client.get(measure.get_absolute_url()).content.decode()
    move = MeasureMove.objects.get(measure=measure)
    assert move.by == portfolio_office
    day = timezone.localtime(move.at).strftime("%d.%m.%Y")
    assert f"<li>{day}: Type: Eksperiment → Demonstrator (Ola Kontor) – <span>Brukertest</span></li>" in body
    assert "<li>Timer spart (NAV) – ulempe</li>" in body
    url = reverse("portfolio:measure_detail", kwargs={"pk": needed.pk})
    assert f'<li>Avhenger av: <a class="ds-link" href="{url}">{needed.title}</a></li>' in body
    url = reverse("portfolio:measure_detail", kwargs={"pk": waiting.pk})
    assert f'<li><a class="ds-link" href="{url}">{waiting.title}</a>: overlapper</li>' in body


def test_the_measure_page_shows_what_users_said_as_the_user_may_see_it(client, nav, other_agency, portfolio_office):
    origin = ProposalFactory(organisation=other_agency, title="Opphavet")
    measure = MeasureFactory(owner=other_agency, origin_proposal=origin)
    measure.participants.add(nav)  # NAV's staff see the measure, not the proposal it came from
    panel = panels.UserPanelFactory(coordinator=other_agency)
    on_measure = panels.ConsultationFactory(panel=panel, measures=[measure], topic="Om tiltaket")
    on_origin = panels.ConsultationFactory(panel=panel, proposals=[origin], topic="Om forslaget")
    panels.ConsultationFactory(panel=panel, measures=[MeasureFactory()], topic="Om noe annet")
    client.force_login(portfolio_office)
    body = client.get(measure.get_absolute_url()).content.decode()
    assert 'data-testid="consultations"' in body
    assert f'id="consultation-{on_measure.pk}"' in body and f'id="consultation-{on_origin.pk}"' in body
    assert "Om noe annet" not in body
    client.force_login(UserFactory(role="agency_staff", organisation=nav))
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "Om tiltaket" in body and "Om forslaget" not in body  # the proposal's consultation: not NAV's to see
    assert reverse("governance:panel_detail", kwargs={"pk": panel.pk}) in body


def test_no_consultation_no_section(client, portfolio_office):
    client.force_login(portfolio_office)
    body = client.get(MeasureFactory().get_absolute_url()).content.decode()
    assert 'data-testid="consultations"' not in body


def test_a_move_by_a_user_without_a_name_shows_the_user_name(client, portfolio_office):
    """The mover is printed as str(user): the full name, else the user name."""
    measure = MeasureFactory(kind="experiment")
    mover = UserFactory(role="portfolio_office", username="kontor7", first_name="", last_name="")
    measures.measure_move(measure=measure, field="kind", to="demonstrator", evidence="Brukertest", by=mover)
    client.force_login(portfolio_office)
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "(kontor7) – <span>Brukertest</span></li>" in body


def test_decisions_and_consultations_read_only_when_the_measure_has_some(client, portfolio_office):
    """Whether there are decisions and consultations about the measure or the proposal it came from is read with the
    measure (governance's `portfolio.measure_page_flags`): a measure with none makes no query for them, and one whose
    origin has some shows them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories.governance import DecisionFactory

    client.force_login(portfolio_office)
    bare = MeasureFactory()
    with CaptureQueriesContext(connection) as queries:
        client.get(bare.get_absolute_url())
    own = [q["sql"] for q in queries.captured_queries if 'FROM "governance_' in q["sql"].split("WHERE")[0]]
    assert own == []  # (the measure's own query names them in its flags only)
    origin = ProposalFactory(title="Opphavet")
    measure = MeasureFactory(origin_proposal=origin)
    DecisionFactory(proposal=origin, rationale="Vedtatt om opphavet")
    panels.ConsultationFactory(panel=panels.UserPanelFactory(), proposals=[origin], topic="Om opphavet")
    body = client.get(measure.get_absolute_url()).content.decode()
    assert "Vedtatt om opphavet" in body and "Om opphavet" in body
