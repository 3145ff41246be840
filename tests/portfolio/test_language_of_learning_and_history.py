"""Language of parts (issue 18): in the English UI, learning entries and the reasons and notes in the change history
(a proposal's timeline and audit trail, a measure's moves and decisions, a decision's rationale) are Norwegian text
marked lang="nb" ({% content_lang %}); in the Norwegian UI nothing is marked. The accessibility statement no longer
lists them as not yet marked."""

import datetime

import pytest
from django.urls import reverse

from core import audit
from portfolio.models import MeasureMove
from portfolio.services.transitions import proposal_transition
from tests.factories.governance import DecisionFactory
from tests.factories.portfolio import LearningEntryFactory, MeasureFactory, ProposalFactory

pytestmark = pytest.mark.django_db

NB = ' lang="nb"'


def _set_language(client, language: str):
    client.post(reverse("set_language"), {"language": language, "next": "/"})


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def measure(nav, portfolio_office):
    measure = MeasureFactory(owner=nav, title="Digital søknad om pleiepenger")
    LearningEntryFactory(
        measure=measure,
        author=portfolio_office,
        hypothesis="Foreldre vil dele data én gang.",
        learned="De fleste vil det, med tydelig samtykke.",
        evidence="Tolv intervjuer.",
        next_step="Prøv samtykket i appen.",
    )
    MeasureMove.objects.create(
        measure=measure, field="kind", from_value="experiment", to_value="demonstrator", evidence="Prototypen virket.",
        by=portfolio_office,
    )  # fmt: skip
    DecisionFactory(measure=measure, rationale="Tiltaket gir mest for familiene.", date=datetime.date(2026, 11, 2))
    return measure


def test_learning_entries_and_the_measures_history_are_marked_in_english(client, portfolio_office, measure):
    client.force_login(portfolio_office)
    url = reverse("portfolio:measure_detail", args=[measure.pk])
    page = _page(client, url)
    assert '<h3 class="ds-heading" data-size="xs">Foreldre vil dele data én gang.</h3>' in page  # bokmål: unmarked
    assert NB not in page.split('id="learning-heading"', 1)[1].split('id="benefits-heading"', 1)[0]
    _set_language(client, "en")
    page = _page(client, url)
    assert '<h3 class="ds-heading" data-size="xs" lang="nb">Foreldre vil dele data én gang.</h3>' in page
    assert '<dd lang="nb">De fleste vil det, med tydelig samtykke.</dd>' in page
    assert '<dd lang="nb">Tolv intervjuer.</dd>' in page
    assert '<dd lang="nb">Prøv samtykket i appen.</dd>' in page
    assert '<span lang="nb">Prøv samtykket i appen.</span>' not in page  # a dd, not a span inside one
    assert '<span lang="nb">Prototypen virket.</span>' in page  # a move's evidence
    assert '<span lang="nb">Tiltaket gir mest for familiene.</span>' in page  # a decision's rationale


def test_learning_not_followed_up_is_marked_on_the_opportunities_page(client, portfolio_office, measure):
    client.force_login(portfolio_office)
    _set_language(client, "en")
    page = _page(client, reverse("portfolio:opportunity_list"))
    assert '<span lang="nb">De fleste vil det, med tydelig samtykke.</span>' in page
    assert '<span lang="nb">Prøv samtykket i appen.</span>' in page


def test_the_proposals_timeline_and_audit_notes_are_marked_in_english(client, portfolio_office, nav):
    proposal = ProposalFactory(organisation=nav, status="submitted", title="Ett varsel for alle")
    proposal_transition(proposal=proposal, to="harmonising", by=portfolio_office, reason="Tatt inn til harmonisering.")
    audit.record(actor=portfolio_office, action="portfolio.proposal.noted", obj=proposal, note="Sjekk med Skatt.")
    decision = DecisionFactory(proposal=proposal, rationale="Stort potensial.", date=datetime.date(2026, 11, 2))
    client.force_login(portfolio_office)
    page = _page(client, proposal.get_absolute_url())
    assert "<span>Tatt inn til harmonisering.</span>" in page and NB + ">Tatt inn" not in page  # bokmål: unmarked
    _set_language(client, "en")
    page = _page(client, proposal.get_absolute_url())
    assert '<span lang="nb">Tatt inn til harmonisering.</span>' in page  # the timeline's step reason
    assert '<span lang="nb">Stort potensial.</span>' in page  # the timeline's decision rationale
    assert '<span lang="nb">Sjekk med Skatt.</span>' in page  # the audit trail's note
    page = _page(client, reverse("decisions:decision_detail", args=[decision.pk]))
    assert '<dd lang="nb">Stort potensial.</dd>' in page


def test_the_shelfs_reasons_are_marked_in_english(client, portfolio_office, nav):
    ProposalFactory(organisation=nav, status="not_qualified", qualification_reason="Dekkes av et tiltak.")
    client.force_login(portfolio_office)
    assert "<td>Dekkes av et tiltak.</td>" in _page(client, reverse("portfolio:shelf"))
    _set_language(client, "en")
    assert '<td lang="nb">Dekkes av et tiltak.</td>' in _page(client, reverse("portfolio:shelf"))


def test_the_statement_no_longer_lists_learning_and_history_as_unmarked(client, portfolio_office):
    client.force_login(portfolio_office)
    _set_language(client, "en")
    page = _page(client, reverse("accessibility"))
    statement = page.split("3.1.2 Language of parts", 1)[1].split("</li>", 1)[0]
    marked, not_yet = statement.split("are marked as Norwegian", 1)
    assert "learning entries" in marked and "the change history" in marked
    assert "learning entries" not in not_yet and "change history" not in not_yet
    assert "is not yet" in not_yet  # what is still unmarked is still said


def test_terminated_measures_and_exemption_reasons_are_marked_in_english(client, portfolio_office, nav):
    import datetime

    from django.utils import timezone

    from portfolio.services.public_access import exemption_add

    MeasureFactory(owner=nav, title="Nedlagt pilot", status="terminated", termination_reason="Ga ingen verdi.")
    proposal = ProposalFactory(organisation=nav, need="Et behov.")
    data = {"part": "need", "legal_basis": "13", "provision": "fvl. § 13 første ledd nr. 1",
            "reason": "Helseopplysninger om et navngitt barn.",
            "review_date": timezone.localdate() + datetime.timedelta(days=365)}  # fmt: skip
    exemption = exemption_add(record=proposal, data=data, by=portfolio_office)
    client.force_login(portfolio_office)
    assert "<td>Ga ingen verdi.</td>" in _page(client, reverse("portfolio:shelf"))
    assert "<td>Helseopplysninger om et navngitt barn.</td>" in _page(client, proposal.get_absolute_url())
    _set_language(client, "en")
    shelf = _page(client, reverse("portfolio:shelf"))
    assert '<td lang="nb">Ga ingen verdi.</td>' in shelf
    assert 'lang="nb">Nedlagt pilot</a>' in shelf
    assert '<td lang="nb">Helseopplysninger om et navngitt barn.</td>' in _page(client, proposal.get_absolute_url())
    lift = _page(client, reverse("portfolio:exemption_lift", args=[exemption.pk]))
    assert '<dd lang="nb">Helseopplysninger om et navngitt barn.</dd>' in lift
