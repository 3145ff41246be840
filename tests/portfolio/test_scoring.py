"""Step 3, assess: the rubric, reviewer assignment, blind scores, weighting, spread, disagreement, the matrix,
the work queue and the due-review reminders (services and queries called directly)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core import access
from core.models import AuditEvent
from portfolio.models import Criterion, Proposal, Score
from portfolio.queries import scoring as queries
from portfolio.services import scoring as services
from portfolio.tasks_scoring import review_reminders_task
from tests.factories.core import UserFactory
from tests.factories.portfolio import CriterionFactory, ProposalFactory, ReviewAssignmentFactory, ScoreFactory


@pytest.fixture
def office2(digdir):
    return UserFactory(username="office2", organisation=digdir, role="portfolio_office")


@pytest.fixture
def criteria(db):
    return [
        CriterionFactory(name="Brukernytte", axis="potential", weight=3),
        CriterionFactory(name="Rekkevidde", axis="potential", weight=1),
        CriterionFactory(name="Kompleksitet", axis="complexity", weight=2),
    ]


@pytest.fixture
def proposal(nav):
    return ProposalFactory(organisation=nav, status="assessing")


def score_all(assignment, values, criteria, submit=True):
    for criterion, value in zip(criteria, values, strict=True):
        services.score_save(assignment=assignment, criterion=criterion, value=value, version=0, by=assignment.reviewer)
    if submit:
        services.score_submit(assignment=assignment, by=assignment.reviewer)


def assign(proposal, reviewer, by, **kwargs):
    return services.reviewer_assign(proposal=proposal, reviewer=reviewer, by=by, **kwargs)


# ---- rubric -------------------------------------------------------------------------------------------------


def test_default_rubric_is_installed_once_with_both_matrix_axes(db, portfolio_office):
    first = services.rubric_install_defaults(by=portfolio_office)
    again = services.rubric_install_defaults(by=portfolio_office)
    assert [c.pk for c in first] == [c.pk for c in again]
    assert len(first) >= 7
    assert {c.axis for c in first} >= {"potential", "complexity"}
    assert all(c.descriptor_1 and c.descriptor_5 for c in first)


def test_office_edits_a_criterion_and_the_change_is_audited(criteria, portfolio_office):
    criterion = criteria[0]
    services.criterion_update(criterion=criterion, data={"weight": 5}, version=criterion.version, by=portfolio_office)
    criterion.refresh_from_db()
    assert criterion.weight == 5 and criterion.version == 2
    event = AuditEvent.objects.for_object(criterion).get(action="portfolio.criterion.changed")
    assert event.changes == {"weight": [3, 5]}


def test_criterion_edit_conflict_shows_the_other_change(criteria, portfolio_office, office2):
    criterion = criteria[0]
    services.criterion_update(criterion=criterion, data={"weight": 4}, version=1, by=office2)
    with pytest.raises(services.Conflict) as caught:
        services.criterion_update(criterion=criterion, data={"weight": 9}, version=1, by=portfolio_office)
    assert caught.value.current.weight == 4
    criterion.refresh_from_db()
    assert criterion.weight == 4


def test_a_scored_criterion_is_retired_not_deleted(criteria, proposal, portfolio_office, office2):
    a = assign(proposal, office2, portfolio_office)
    services.score_save(assignment=a, criterion=criteria[0], value=4, version=0, by=office2)
    services.criterion_update(criterion=criteria[0], data={"is_active": False}, version=1, by=portfolio_office)
    assert Criterion.objects.filter(pk=criteria[0].pk, is_active=False).exists()
    assert Score.objects.filter(criterion=criteria[0]).count() == 1
    assert criteria[0] not in Criterion.objects.active()


def test_only_the_office_edits_the_rubric(criteria, agency_staff):
    with pytest.raises(PermissionDenied):
        services.criterion_update(criterion=criteria[0], data={"weight": 2}, version=1, by=agency_staff)
    with pytest.raises(PermissionDenied):
        services.criterion_create(data={"name": "Ny", "axis": "other", "weight": 1}, by=agency_staff)


# ---- reviewers ----------------------------------------------------------------------------------------------


def test_assignment_emails_the_reviewer_on_commit_and_is_audited(
    proposal, portfolio_office, other_agency_staff, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = assign(proposal, other_agency_staff, portfolio_office, due_date=timezone.localdate())
    assert len(mailoutbox) == 1  # the mail, once, after the commit
    assert mailoutbox[0].to == [other_agency_staff.email]
    assert proposal.title in mailoutbox[0].subject
    assert f"/forslag/{proposal.pk}/vurdering/" in mailoutbox[0].body
    assert assignment.assigned_by == portfolio_office
    assert AuditEvent.objects.for_object(proposal).filter(action="portfolio.reviewer.assigned").exists()


def test_no_email_when_the_transaction_rolls_back(proposal, portfolio_office, office2, mailoutbox):
    assign(proposal, office2, portfolio_office)  # test transaction never commits
    assert mailoutbox == []


def test_reviewer_from_the_proposing_organisation_is_refused(proposal, portfolio_office, agency_staff):
    with pytest.raises(ValidationError) as caught:
        assign(proposal, agency_staff, portfolio_office)
    assert list(caught.value.message_dict) == ["reviewer"]


def test_ministry_officials_cannot_review_and_only_the_office_assigns(
    proposal, portfolio_office, ministry_official, other_agency_staff, office2
):
    with pytest.raises(ValidationError):
        assign(proposal, ministry_official, portfolio_office)
    with pytest.raises(PermissionDenied):
        assign(proposal, office2, other_agency_staff)


def test_a_reviewer_is_assigned_once_and_only_during_assessment(nav, proposal, portfolio_office, office2):
    assign(proposal, office2, portfolio_office)
    with pytest.raises(ValidationError):
        assign(proposal, office2, portfolio_office)
    draft = ProposalFactory(organisation=nav, status="submitted")
    with pytest.raises(ValidationError):
        assign(draft, office2, portfolio_office)


def test_withdrawn_reviewer_can_be_invited_again(proposal, portfolio_office, office2):
    a = assign(proposal, office2, portfolio_office)
    services.reviewer_withdraw(assignment=a, reason="Inhabil", by=portfolio_office)
    assert not access.can(office2, "score", proposal)
    again = assign(proposal, office2, portfolio_office)
    assert again.pk == a.pk and again.withdrawn_at is None


# ---- scores -------------------------------------------------------------------------------------------------


def test_score_save_creates_then_updates_with_versions(criteria, proposal, portfolio_office, office2):
    a = assign(proposal, office2, portfolio_office)
    score = services.score_save(assignment=a, criterion=criteria[0], value=2, version=0, by=office2)
    assert score.version == 1
    score = services.score_save(assignment=a, criterion=criteria[0], value=4, comment="Bedre", version=1, by=office2)
    assert (score.value, score.comment, score.version) == (4, "Bedre", 2)
    assert AuditEvent.objects.for_object(score).filter(action="portfolio.score.saved").count() == 2


def test_the_later_of_two_saves_gets_a_conflict_with_the_other_score(criteria, proposal, portfolio_office, office2):
    a = assign(proposal, office2, portfolio_office)
    services.score_save(assignment=a, criterion=criteria[0], value=2, comment="Fra fane 1", version=0, by=office2)
    with pytest.raises(services.Conflict) as caught:  # a second window that loaded the page before the first save
        services.score_save(assignment=a, criterion=criteria[0], value=5, version=0, by=office2)
    assert caught.value.current.value == 2
    assert caught.value.current.comment == "Fra fane 1"
    assert Score.objects.get(assignment=a, criterion=criteria[0]).value == 2


def test_only_the_assigned_reviewer_scores(criteria, proposal, portfolio_office, office2):
    a = assign(proposal, office2, portfolio_office)
    with pytest.raises(PermissionDenied):
        services.score_save(assignment=a, criterion=criteria[0], value=3, version=0, by=portfolio_office)


def test_submit_needs_every_criterion_and_then_locks(criteria, proposal, portfolio_office, office2):
    a = assign(proposal, office2, portfolio_office)
    score_all(a, [4, 4], criteria[:2], submit=False)
    with pytest.raises(ValidationError) as caught:
        services.score_submit(assignment=a, by=office2)
    assert "Kompleksitet" in str(caught.value)
    services.score_save(assignment=a, criterion=criteria[2], value=1, version=0, by=office2)
    services.score_submit(assignment=a, by=office2)
    with pytest.raises(ValidationError):
        services.score_save(assignment=a, criterion=criteria[2], value=5, version=1, by=office2)


def test_scores_are_blind_until_every_reviewer_has_submitted(
    criteria, proposal, portfolio_office, office2, other_agency_staff
):
    office3 = UserFactory(role="portfolio_office", organisation=portfolio_office.organisation)
    first, second = assign(proposal, office2, portfolio_office), assign(proposal, office3, portfolio_office)
    invited = assign(proposal, other_agency_staff, portfolio_office)
    score_all(first, [5, 5, 1], criteria)
    page = queries.scoring_page(proposal, office2)
    assert not page.revealed and page.result is None and page.others == []
    score_all(second, [1, 1, 5], criteria)
    assert not queries.scoring_page(proposal, office2).revealed  # the invited reviewer has not submitted
    score_all(invited, [3, 3, 3], criteria)
    page = queries.scoring_page(proposal, office2)
    assert page.revealed and {a.reviewer for a in page.others} == {office3, other_agency_staff}
    assert page.result.reviewers == 3
    # Agency staff never see other reviewers' scores, even when all have submitted.
    page = queries.scoring_page(proposal, other_agency_staff)
    assert not page.revealed and page.others == [] and page.result is None


def test_the_office_that_does_not_review_sees_submitted_scores(criteria, proposal, portfolio_office, office2):
    a = assign(proposal, office2, portfolio_office)
    score_all(a, [4, 4, 2], criteria)
    assign(proposal, UserFactory(role="portfolio_office"), portfolio_office)
    page = queries.scoring_page(proposal, portfolio_office)
    assert page.revealed and page.result.reviewers == 1


def test_a_withdrawn_reviewer_does_not_hold_back_the_reveal(criteria, proposal, portfolio_office, office2):
    office3 = UserFactory(role="portfolio_office")
    a, b = assign(proposal, office2, portfolio_office), assign(proposal, office3, portfolio_office)
    score_all(a, [4, 4, 2], criteria)
    assert not access.can(office2, "see_scores", proposal)
    services.reviewer_withdraw(assignment=b, by=portfolio_office)
    assert queries.scoring_page(proposal, office2).revealed


# ---- result: weighting, spread, disagreement ---------------------------------------------------------------


def test_weighted_result_per_axis(criteria, proposal, portfolio_office, office2):
    a = assign(proposal, office2, portfolio_office)
    score_all(a, [5, 1, 2], criteria)  # potential: (3*5 + 1*1) / 4 = 4.0; complexity: 2
    result = queries.scoring_page(proposal, portfolio_office).result
    assert result.potential == pytest.approx(4.0)
    assert result.complexity == pytest.approx(2.0)
    assert result.axes["other"] is None


def test_spread_and_disagreement_per_criterion(criteria, proposal, portfolio_office, office2):
    a, b = (
        assign(proposal, office2, portfolio_office),
        assign(proposal, UserFactory(role="portfolio_office"), portfolio_office),
    )
    score_all(a, [1, 3, 3], criteria)
    score_all(b, [3, 4, 3], criteria)
    rows = {r.criterion.name: r for r in queries.scoring_page(proposal, portfolio_office).result.rows}
    assert (rows["Brukernytte"].low, rows["Brukernytte"].high) == (1, 3)
    assert rows["Brukernytte"].stdev == pytest.approx(1.0)
    assert rows["Brukernytte"].disagreement  # spread of 2 = DISAGREEMENT_SPREAD
    assert not rows["Rekkevidde"].disagreement and not rows["Kompleksitet"].disagreement
    assert rows["Kompleksitet"].stdev == 0
    assert queries.DISAGREEMENT_SPREAD == 2


def test_scores_of_unsubmitted_reviewers_are_not_counted(criteria, proposal, portfolio_office, office2):
    a, b = (
        assign(proposal, office2, portfolio_office),
        assign(proposal, UserFactory(role="portfolio_office"), portfolio_office),
    )
    score_all(a, [4, 4, 4], criteria)
    score_all(b, [1, 1, 1], criteria, submit=False)
    result = queries.scoring_page(proposal, portfolio_office).result
    assert result.reviewers == 1 and result.potential == pytest.approx(4.0)


def test_many_proposals_are_ranked_by_the_axes_their_scoring_pages_show(criteria, nav, portfolio_office, office2):
    """`scored`: the axes that rank thousands of proposals (the priorities, the budget scenarios) are those of each
    one's result, which is the scoring page's; a proposal with no submitted review has none."""
    proposals = [ProposalFactory(organisation=nav, status="assessing") for _ in range(3)]
    score_all(assign(proposals[0], office2, portfolio_office), [5, 1, 2], criteria)
    score_all(assign(proposals[1], office2, portfolio_office), [2, 4, 5], criteria)
    score_all(assign(proposals[1], UserFactory(role="portfolio_office"), portfolio_office), [4, 4, 1], criteria)
    found = queries.scored([p.pk for p in proposals])
    assert proposals[2].pk not in found and found.result(proposals[2].pk) is None
    assert found.potential(proposals[2].pk) is None
    for proposal in proposals[:2]:
        page = queries.scoring_page(proposal, portfolio_office).result
        result = found.result(proposal.pk)
        assert found.axes(proposal.pk) == result.axes == page.axes
        assert found.potential(proposal.pk) == page.potential and result.reviewers == page.reviewers
        assert [(r.criterion.pk, sorted(r.values)) for r in result.rows if r.values] == [
            (r.criterion.pk, sorted(r.values)) for r in page.rows if r.values
        ]
    assert found.potential(proposals[1].pk) == pytest.approx((3 * 3 + 1 * 4) / 4)
    assert queries.results_for([p.pk for p in proposals]).keys() == {proposals[0].pk, proposals[1].pk}


# ---- matrix, queue, reminders -------------------------------------------------------------------------------


def test_matrix_places_assessed_proposals_by_potential_and_complexity(
    criteria, nav, proposal, portfolio_office, office2, agency_staff
):
    score_all(assign(proposal, office2, portfolio_office), [5, 5, 1], criteria)
    other = ProposalFactory(organisation=nav, status="assessing")
    score_all(assign(other, office2, portfolio_office), [1, 1, 5], criteria)
    ProposalFactory(organisation=nav, status="assessing")  # not assessed: not placed
    points = queries.assessment_matrix(portfolio_office)
    assert [(p.pk, p.title) for p in points] == [(proposal.pk, proposal.title), (other.pk, other.title)]
    assert points[0].quadrant == "quick" and points[1].quadrant == "doubtful"
    assert points[0].x < points[1].x and points[0].y < points[1].y  # SVG y grows downwards


def test_matrix_places_each_proposal_by_the_result_its_scoring_page_shows(criteria, nav, portfolio_office, office2):
    """The matrix weighs the scores by the same definition as the scoring page (`weighted_axes`): the same place,
    reviewers and disagreement for each proposal, with two reviewers who disagree on one."""
    second = UserFactory(role="portfolio_office")
    for values, others in (([5, 1, 2], [3, 4, 2]), ([2, 2, 5], [2, 3, 4]), ([4, 5, 1], None)):
        proposal = ProposalFactory(organisation=nav, status="assessing")
        score_all(assign(proposal, office2, portfolio_office), values, criteria)
        if others:
            score_all(assign(proposal, second, portfolio_office), others, criteria)
    points = queries.assessment_matrix(portfolio_office)
    assert len(points) == 3 and any(p.disagreement for p in points) and not all(p.disagreement for p in points)
    for point in points:
        result = queries.scoring_page(Proposal.objects.get(pk=point.pk), portfolio_office).result
        assert (point.potential, point.complexity) == (result.potential, result.complexity)
        assert (point.reviewers, point.disagreement) == (result.reviewers, result.disagreement)


def test_matrix_shows_the_most_recently_moved_proposals_on_the_table_of_one_life_event(
    criteria, nav, portfolio_office, office2
):
    from portfolio.models import Proposal
    from tests.factories.lifeevents import LifeEventFactory

    event, other_event = LifeEventFactory(), LifeEventFactory()

    def assessed(status, days_ago, life_event):
        p = ProposalFactory(organisation=nav, status="assessing", life_events=[life_event])
        score_all(assign(p, office2, portfolio_office), [3, 3, 3], criteria)
        moved = timezone.now() - timedelta(days=days_ago)
        Proposal.objects.filter(pk=p.pk).update(status=status, status_changed_at=moved)
        return p

    oldest, middle, newest = (
        assessed("assessing", 3, event),
        assessed("deciding", 2, event),
        assessed("assessing", 1, other_event),
    )
    assessed("decided", 0, event)  # off the table: not placed
    assert {p.pk for p in queries.assessment_matrix(portfolio_office)} == {oldest.pk, middle.pk, newest.pk}
    assert [p.pk for p in queries.assessment_matrix(portfolio_office, limit=1)] == [newest.pk]
    assert {p.pk for p in queries.assessment_matrix(portfolio_office, life_event=event.pk)} == {oldest.pk, middle.pk}


def test_matrix_query_count_is_constant(criteria, nav, portfolio_office, office2, django_assert_max_num_queries):
    for _ in range(4):
        score_all(
            assign(ProposalFactory(organisation=nav, status="assessing"), office2, portfolio_office),
            [3, 3, 3],
            criteria,
        )
    with django_assert_max_num_queries(3):
        assert len(queries.assessment_matrix(portfolio_office)) == 4


def test_scoring_page_query_count_is_constant(criteria, proposal, portfolio_office, django_assert_max_num_queries):
    for _ in range(4):
        score_all(assign(proposal, UserFactory(role="portfolio_office"), portfolio_office), [3, 3, 3], criteria)
    with django_assert_max_num_queries(4):
        page = queries.scoring_page(proposal, portfolio_office)
        assert len(page.others) == 4


def test_work_queue_lists_what_is_assigned_to_me_and_not_submitted(criteria, nav, portfolio_office, office2):
    due_soon = ProposalFactory(organisation=nav, status="assessing", title="Snart")
    later = ProposalFactory(organisation=nav, status="assessing", title="Senere")
    done = ProposalFactory(organisation=nav, status="assessing")
    today = timezone.localdate()
    assign(later, office2, portfolio_office, due_date=today + timedelta(days=10))
    a = assign(due_soon, office2, portfolio_office, due_date=today + timedelta(days=1))
    services.score_save(assignment=a, criterion=criteria[0], value=3, version=0, by=office2)
    score_all(assign(done, office2, portfolio_office), [3, 3, 3], criteria)
    assign(later, portfolio_office, UserFactory(role="portfolio_office"))  # someone else's
    queue = queries.review_queue_for(office2)
    assert [q.proposal.title for q in queue] == ["Snart", "Senere"]
    assert queue[0].scored == 1


def test_reminder_is_sent_once_for_reviews_falling_due(
    proposal, portfolio_office, office2, django_capture_on_commit_callbacks, mailoutbox
):
    today = timezone.localdate()
    assign(proposal, office2, portfolio_office, due_date=today + timedelta(days=1))
    assign(proposal, UserFactory(role="portfolio_office"), portfolio_office, due_date=today + timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_task() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert review_reminders_task() == 0
    assert [m.to for m in mailoutbox] == [[office2.email]]
    assert "falls due" in mailoutbox[0].subject or proposal.title in mailoutbox[0].subject


def test_reviews_falling_due_ignores_submitted_and_withdrawn(criteria, proposal, portfolio_office, office2):
    today = timezone.localdate()
    a = assign(proposal, office2, portfolio_office, due_date=today)
    score_all(a, [3, 3, 3], criteria)
    b = ReviewAssignmentFactory(proposal=proposal, due_date=today, withdrawn_at=timezone.now())
    assert list(queries.reviews_falling_due()) == []
    assert b.pk


def test_score_factory_makes_a_valid_score(db):
    assert ScoreFactory().value == 3


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_first_saves_of_one_score_give_one_conflict(nav, digdir):
    """Two windows save the same new score at once: the assignment row lock serialises them; one wins, the other
    gets the conflict (never a duplicate row or a silent overwrite)."""
    import threading

    from django.db import connection

    office = UserFactory(role="portfolio_office", organisation=digdir)
    reviewer = UserFactory(role="portfolio_office", organisation=digdir)
    criterion = CriterionFactory(name="Samtidig")
    proposal = ProposalFactory(organisation=nav, status="assessing")
    a = services.reviewer_assign(proposal=proposal, reviewer=reviewer, by=office)
    barrier, outcomes = threading.Barrier(2), []

    def save(value):
        try:
            barrier.wait()
            services.score_save(assignment=a, criterion=criterion, value=value, version=0, by=reviewer)
            outcomes.append("saved")
        except services.Conflict:
            outcomes.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(v,)) for v in (2, 5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    assert Score.objects.filter(assignment=a, criterion=criterion).count() == 1


def test_matrix_hides_a_proposal_from_its_reviewer_until_all_have_submitted(
    criteria, proposal, portfolio_office, office2
):
    a = assign(proposal, office2, portfolio_office)
    b = assign(proposal, UserFactory(role="portfolio_office"), portfolio_office)
    score_all(a, [5, 5, 1], criteria)
    assert queries.assessment_matrix(office2) == []  # the reviewer would learn the other's scores
    assert len(queries.assessment_matrix(portfolio_office)) == 1  # the office that does not review sees it
    score_all(b, [4, 4, 2], criteria)
    assert len(queries.assessment_matrix(office2)) == 1


def test_due_date_in_the_past_is_refused(proposal, portfolio_office, office2):
    with pytest.raises(ValidationError) as caught:
        assign(proposal, office2, portfolio_office, due_date=timezone.localdate() - timedelta(days=1))
    assert "due_date" in caught.value.message_dict


def test_the_reveal_rule_in_the_query_answers_as_the_rule_does(
    criteria, nav, digdir, portfolio_office, office2, agency_staff, ministry_official
):
    """`see_scores_filter` (the matrix asks it once in its query) and the `see_scores` predicate (the scoring page
    asks it of one proposal) give the same answer for every kind of user and proposal."""
    from portfolio.models import Proposal, ReviewAssignment
    from portfolio.rules import see_scores_filter

    nav_office = UserFactory(organisation=nav, role="portfolio_office")  # works for the proposing organisation
    no_organisation = UserFactory(organisation=None, role="portfolio_office")
    third = UserFactory(organisation=digdir, role="portfolio_office")
    all_in = ProposalFactory(organisation=nav, status="assessing")
    score_all(assign(all_in, office2, portfolio_office), [3, 3, 3], criteria)
    waiting = ProposalFactory(organisation=nav, status="assessing")  # office2 submitted, the third has not
    score_all(assign(waiting, office2, portfolio_office), [3, 3, 3], criteria)
    assign(waiting, third, portfolio_office)
    withdrawn = ProposalFactory(organisation=nav, status="assessing")  # the one who had not submitted withdrew
    score_all(assign(withdrawn, office2, portfolio_office), [3, 3, 3], criteria)
    gone = assign(withdrawn, third, portfolio_office)
    ReviewAssignment.objects.filter(pk=gone.pk).update(withdrawn_at=timezone.now())
    unassessed = ProposalFactory(organisation=nav, status="assessing")
    proposals = [all_in, waiting, withdrawn, unassessed]
    users = [portfolio_office, office2, third, nav_office, no_organisation, agency_staff, ministry_official]
    for user in users:
        fresh = Proposal.objects.filter(pk__in=[p.pk for p in proposals]).prefetch_related("review_assignments")
        by_rule = {p.pk for p in fresh if access.can(user, "see_scores", p)}
        in_query = set(Proposal.objects.filter(see_scores_filter(user)).values_list("pk", flat=True))
        assert in_query & {p.pk for p in proposals} == by_rule, user
    # and the cases are all there: a reviewer waiting on another, the proposing organisation's office, the rest
    assert waiting.pk not in {p.pk for p in queries.assessment_matrix(office2)}
    assert waiting.pk not in {p.pk for p in queries.assessment_matrix(nav_office)}
    assert waiting.pk in {p.pk for p in queries.assessment_matrix(portfolio_office)}
    assert withdrawn.pk in {p.pk for p in queries.assessment_matrix(office2)}
