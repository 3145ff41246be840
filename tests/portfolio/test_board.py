"""The office's board, overdue reviews, the shelf and a measure's history: contents and constant query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import decision_services as decisions
from portfolio.queries import board as queries
from portfolio.queries.measure_page import measure_history
from portfolio.queries.timeline import proposal_timeline
from portfolio.services import learning, measures
from tests.factories.core import OrganisationFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import LearningEntryFactory, MeasureFactory, MissionFactory, ProposalFactory


def _fill(n):
    for status in queries.BOARD_STATUSES:
        for _ in range(n):
            ProposalFactory(status=status)


def test_board_has_a_column_per_step_with_counts_and_bounded_cards(portfolio_office):
    for _ in range(queries.CARDS_PER_COLUMN + 2):
        ProposalFactory(status="submitted")
    ProposalFactory(status="draft")
    ProposalFactory(status="rejected")
    columns = queries.board(portfolio_office)
    assert [c.step for c in columns] == [1, 2, 3, 4, 5]
    first = columns[0]
    assert first.count == queries.CARDS_PER_COLUMN + 2
    assert len(first.cards) == queries.CARDS_PER_COLUMN and first.more == 2
    assert sum(c.count for c in columns) == queries.CARDS_PER_COLUMN + 2  # drafts and the shelf are not on it


def test_board_ageing_and_age_filter(portfolio_office):
    old = ProposalFactory(status="harmonising")
    type(old).objects.filter(pk=old.pk).update(status_changed_at=timezone.now() - datetime.timedelta(days=40))
    ProposalFactory(status="harmonising")
    columns = queries.board(portfolio_office, queries.BoardFilters(min_age_days=30))
    harmonising = columns[1]
    assert [c["pk"] for c in harmonising.cards] == [old.pk]
    assert harmonising.cards[0]["age_days"] == 40


def test_board_filters_by_agency_and_mission(portfolio_office):
    mission = MissionFactory()
    a = ProposalFactory(status="assessing")
    a.missions.add(mission)
    b = ProposalFactory(status="assessing")
    by_mission = queries.board(portfolio_office, queries.BoardFilters(mission=mission.pk))[2]
    assert [c["pk"] for c in by_mission.cards] == [a.pk]
    by_agency = queries.board(portfolio_office, queries.BoardFilters(agency=b.organisation_id))[2]
    assert [c["pk"] for c in by_agency.cards] == [b.pk]


def test_board_query_count_is_constant(portfolio_office, django_assert_max_num_queries):
    """Two queries at any size: the counts per step, and the oldest cards of every step in one UNION ALL."""
    _fill(2)
    with django_assert_max_num_queries(2):
        queries.board(portfolio_office)
    _fill(8)
    with django_assert_max_num_queries(2):
        queries.board(portfolio_office)


@pytest.mark.parametrize("n", [1, 12])
def test_board_page_query_count_is_constant(client, portfolio_office, django_assert_max_num_queries, n):
    _fill(n)
    for _ in range(n):
        MeasureFactory(next_review_date=timezone.localdate() - datetime.timedelta(days=3))
    client.force_login(portfolio_office)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("portfolio:board")).status_code == 200


def test_overdue_reviews_skip_terminated_and_future(portfolio_office):
    today = timezone.localdate()
    late = MeasureFactory(next_review_date=today - datetime.timedelta(days=5))
    MeasureFactory(next_review_date=today + datetime.timedelta(days=5))
    MeasureFactory(next_review_date=today - datetime.timedelta(days=5), status="terminated", termination_reason="x")
    count, rows = queries.overdue_reviews(portfolio_office)
    assert count == 1 and rows[0]["pk"] == late.pk and rows[0]["overdue_days"] == 5
    assert rows[0]["overdue_text"] == "5 dager på overtid" and rows[0]["owner_label"] == late.owner.label


def test_shelf_lists_deferred_rejected_and_terminated_with_reasons(portfolio_office):
    deferred = ProposalFactory(status="deciding")
    until = timezone.localdate() + datetime.timedelta(days=30)
    decisions.decision_record(
        proposal=deferred,
        outcome="defer",
        shelf_reason="no_funding",
        rationale="Venter på budsjett.",
        defer_until=until,
        by=portfolio_office,
    )
    rejected = ProposalFactory(status="rejected")
    active = ProposalFactory(status="deciding")
    measure = MeasureFactory()
    measures.measure_terminate(measure=measure, reason_code="no_funding", reason="Ingen midler", by=portfolio_office)
    shelf = queries.shelf(portfolio_office)
    assert {p.pk for p in shelf["proposals"]} == {deferred.pk, rejected.pk}
    assert active.pk not in {p.pk for p in shelf["proposals"]}
    on_shelf = next(p for p in shelf["proposals"] if p.pk == deferred.pk)
    assert on_shelf.current_decision.defer_until == until
    assert [(m.pk, m.reason_code) for m in shelf["measures"]] == [(measure.pk, "no_funding")]


def test_shelf_respects_visibility(agency_staff, other_agency_staff):
    mine = ProposalFactory(status="rejected", organisation=agency_staff.organisation)
    assert [p.pk for p in queries.shelf(agency_staff)["proposals"]] == [mine.pk]
    assert queries.shelf(other_agency_staff)["proposals"] == []


@pytest.mark.parametrize("n", [1, 10])
def test_measure_page_query_count_is_constant(client, portfolio_office, django_assert_max_num_queries, n):
    measure = MeasureFactory(kind="experiment", life_events=[LifeEventFactory()])
    for _ in range(n):
        LearningEntryFactory(measure=measure)
        learning.learning_add(measure=measure, hypothesis="H", learned="L", by=portfolio_office)
    measures.measure_move(measure=measure, field="kind", to="demonstrator", evidence="E", by=portfolio_office)
    client.force_login(portfolio_office)
    with django_assert_max_num_queries(10):
        assert client.get(measure.get_absolute_url()).status_code == 200


def test_proposal_timeline_has_step_changes_decisions_and_merges(portfolio_office):
    proposal = ProposalFactory(status="assessing")
    ProposalFactory(status="merged", merged_into=proposal)
    decisions.decision_record(proposal=proposal, outcome="start_experiment", rationale="Ja.", by=portfolio_office)
    kinds = [i["kind"] for i in proposal_timeline(proposal)]
    assert kinds.count("transition") == 2 and "decision" in kinds and "merged_from" in kinds


def test_measure_history_shows_only_its_own_decisions_and_the_audit_on_request(client, portfolio_office):
    from tests.factories.governance import DecisionFactory

    measure = MeasureFactory()
    DecisionFactory(measure=None, proposal=None, rationale="Ikke dette tiltaket")
    DecisionFactory(measure=measure, rationale="Dette tiltaket")
    history = measure_history(measure)
    assert [d.rationale for d in history["decisions"]] == ["Dette tiltaket"] and history["audit"] == []
    measures.measure_move(measure=measure, field="kind", to="demonstrator", evidence="E", by=portfolio_office)
    assert measure_history(measure, with_audit=True)["audit"][0].action == "portfolio.measure.moved"
    client.force_login(portfolio_office)
    body = client.get(measure.get_absolute_url(), {"audit": "1"}).content.decode()
    assert "Tiltak flyttet" in body and "Ikke dette tiltaket" not in body


def test_timeline_of_a_proposal_started_from_learning(portfolio_office):
    entry = LearningEntryFactory()
    proposal = learning.learning_start_proposal(entry=entry, by=portfolio_office)
    items = proposal_timeline(proposal)
    assert [(i["kind"], i["obj"].pk) for i in items] == [("from_learning", entry.pk)]


def test_a_card_prints_its_texts_escaped_once(client, portfolio_office):
    """The board escapes a card's title and organisation once for the page (queries/board.py): the HTML is what
    the template's own escaping gives, not escaped twice."""
    org = OrganisationFactory(name="Bygg & Bo", short_name="")
    ProposalFactory(status="assessing", organisation=org, title='Tom & "Jerry" <3')
    client.force_login(portfolio_office)
    html = client.get(reverse("portfolio:board")).content.decode()
    assert html.count("Tom &amp; &quot;Jerry&quot; &lt;3") == 3  # the link, "Decide" and "Move" for screen readers
    assert "Bygg &amp; Bo · " in html and "&amp;amp;" not in html and 'Tom & "Jerry"' not in html


def test_the_start_page_panel_reads_the_counts_alone(portfolio_office, django_assert_num_queries):
    _fill(2)
    with_cards = queries.board(portfolio_office)
    with django_assert_num_queries(1):
        counts = queries.board(portfolio_office, cards=False)
    assert [c.count for c in counts] == [c.count for c in with_cards] == [2] * 5
    assert all(not c.cards for c in counts)
