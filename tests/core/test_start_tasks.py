"""The start page begins with the user's tasks: each a count, a sentence and a link to exactly those rows, asked of
the policy (agency staff and the office see different work), overdue work first."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.portfolio import MeasureFactory, ProposalFactory, ReviewAssignmentFactory
from tests.factories.reports import ReportingRoundFactory, StatusReportFactory

pytestmark = pytest.mark.django_db


def _tasks(client, user):
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["tasks"], response.content.decode()


def _by_key(tasks):
    return {t.key: t for t in tasks}


def test_agency_sees_its_drafts_questions_and_reports_owed_with_links_to_those_rows(client, agency_staff, nav):
    mine = ProposalFactory(status="draft", organisation=nav, created_by=agency_staff)
    ProposalFactory(status="draft", organisation=nav)  # a colleague's draft is not "mine to finish"
    asked = ProposalFactory(status="harmonising", organisation=nav, awaiting_answer_since=timezone.now())
    ProposalFactory(status="harmonising", awaiting_answer_since=timezone.now())  # another agency's question
    measure = MeasureFactory(owner=nav)
    late = ReportingRoundFactory(title="Runde mai", deadline=timezone.localdate() - datetime.timedelta(days=2))
    done = MeasureFactory(owner=nav)
    StatusReportFactory(round=late, measure=done)

    tasks, html = _tasks(client, agency_staff)
    by = _by_key(tasks)
    assert set(by) == {"drafts", "questions", "status_reports"}  # no office work (triage, decisions)
    assert by["drafts"].count == 1 and by["questions"].count == 1 and by["status_reports"].count == 1
    assert by["status_reports"].overdue and tasks[0].key == "status_reports"  # overdue work first
    assert "Runde mai" in by["status_reports"].label
    assert 'id="tasks-heading"' in html and by["drafts"].label in html

    # Each link lists exactly the rows counted.
    rows = client.get(by["drafts"].url).context["page"].object_list  # (the list's rows as printed: the key as text)
    assert [p["pk"] for p in rows] == [str(mine.pk)]
    rows = client.get(by["questions"].url).context["page"].object_list
    assert [p["pk"] for p in rows] == [str(asked.pk)]
    assert client.get(by["status_reports"].url).status_code == 200
    assert measure.title  # the measure without a report is what is owed


def test_office_sees_triage_qualification_decisions_and_overdue_work(client, portfolio_office):
    for status in ("submitted", "submitted", "harmonising", "deciding", "assessing", "draft"):
        ProposalFactory(status=status)
    MeasureFactory(next_review_date=timezone.localdate() - datetime.timedelta(days=3))
    review = ReviewAssignmentFactory(proposal=ProposalFactory(status="assessing"), reviewer=portfolio_office)
    type(review).objects.filter(pk=review.pk).update(due_date=timezone.localdate() - datetime.timedelta(days=1))
    ReviewAssignmentFactory(proposal=ProposalFactory(status="assessing"), reviewer=portfolio_office)
    ReportingRoundFactory(deadline=timezone.localdate() - datetime.timedelta(days=1))
    MeasureFactory()  # owes a report in the late round

    tasks, html = _tasks(client, portfolio_office)
    by = _by_key(tasks)
    assert by["triage"].count == 2 and by["qualify"].count == 1 and by["decide"].count == 1
    assert by["reviews_overdue"].count == 1 and by["reviews"].count == 1
    assert by["measures_overdue"].count == 1 and by["reports_missing"].count >= 1
    assert "drafts" not in by and "questions" not in by  # the office asks; it has no drafts of its own here
    assert [t.overdue for t in tasks] == sorted((t.overdue for t in tasks), reverse=True)
    rows = client.get(by["triage"].url).context["page"]
    assert rows.paginator.count == 2
    assert client.get(by["decide"].url).context["page"].paginator.count == 1
    assert client.get(by["measures_overdue"].url).status_code == 200


def test_ministry_and_empty_start_page_say_nothing_waits(client, ministry_official, agency_staff):
    tasks, html = _tasks(client, agency_staff)
    assert tasks == [] and ("Nothing waits for you now." in html or "Ingenting venter på deg nå." in html)
    tasks, _html = _tasks(client, ministry_official)
    assert tasks == []


def test_start_page_queries_do_not_grow_with_the_work(client, portfolio_office):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        client.force_login(portfolio_office)
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("home"))
        return len(ctx.captured_queries)

    ProposalFactory(status="submitted")
    count()  # the first request of the process reads what Django caches (content types, …)
    few = count()
    for status in ("submitted", "harmonising", "deciding") * 5:
        ProposalFactory(status=status)
    assert count() == few


def test_agency_start_page_asks_the_same_with_one_or_five_rounds_owed_and_lists_each(
    client, agency_staff, nav, django_assert_max_num_queries
):
    """The rounds where the agency still owes reports are counted with the rounds (one query, not two a round), and
    the panel and the tasks read them once."""
    MeasureFactory(owner=nav)  # owes a report in every round
    ReportingRoundFactory(title="Runde 1")
    client.force_login(agency_staff)
    client.get(reverse("home"))  # the session's and the language's set-up are not the page's own
    # the session and the user; the life events and their measures; the measure changes, the review queue, the
    # open rounds with what the agency owes in each, the proposals' counts, the benefit reviews, the agreements
    with django_assert_max_num_queries(10):
        client.get(reverse("home"))
    for n in range(2, 6):
        ReportingRoundFactory(title=f"Runde {n}")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("home"))
    by = _by_key(response.context["tasks"])
    owed = [t for t in response.context["tasks"] if t.key == "status_reports"]
    assert len(owed) == 5 and all(t.count == 1 for t in owed) and by["status_reports"].count == 1
    html = response.content.decode()
    assert all(f"Runde {n}" in html for n in range(1, 6))


def test_the_office_and_ministry_start_pages_read_each_query_once(
    client, portfolio_office, ministry_official, django_assert_max_num_queries
):
    """The board panel and the task of overdue measure reviews, the review queue panel and the review tasks: one
    query each, not two."""
    MeasureFactory(next_review_date=timezone.localdate() - datetime.timedelta(days=3))
    ReviewAssignmentFactory(proposal=ProposalFactory(status="assessing"), reviewer=portfolio_office)
    for user, most in ((portfolio_office, 14), (ministry_official, 9)):
        client.force_login(user)
        client.get(reverse("home"))  # the session's and the language's set-up are not the page's own
        with django_assert_max_num_queries(most) as captured:
            response = client.get(reverse("home"))
        assert response.status_code == 200
        reads = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("SELECT")]
        assert len(reads) == len(set(reads)), user.role  # no query asked twice


def test_the_office_tasks_of_the_steps_are_the_board_panels_counts_and_its_drafts_its_own(
    client, portfolio_office, django_assert_max_num_queries
):
    """Triage, qualification and decisions are counted as the board panel counts its steps (the panel's query,
    read once), and the one aggregate over proposals reads the office member's own drafts, not every proposal."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for status in ("submitted", "submitted", "submitted", "harmonising", "deciding", "deciding", "draft"):
        ProposalFactory(status=status)
    ProposalFactory(status="draft", created_by=portfolio_office)
    client.force_login(portfolio_office)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    by = _by_key(response.context["tasks"])
    board = next(p["context"] for p in response.context["panels"] if p["template"] == "portfolio/_board_panel.html")
    columns = {c.status: c.count for c in board["columns"]}
    assert (by["triage"].count, by["qualify"].count, by["decide"].count) == (3, 1, 2)
    assert (columns["submitted"], columns["harmonising"], columns["deciding"]) == (3, 1, 2)
    assert by["drafts"].count == 1  # the office member's own draft; the other draft is not theirs
    selects = [q["sql"].split(" FROM ", 1) for q in captured.captured_queries if q["sql"].startswith("SELECT")]
    counts = [f"{c} FROM {t}" for c, t in selects if "COUNT(" in c and t.startswith('"portfolio_proposal" ')]
    assert len(counts) == 2  # the board's steps and the drafts: no third count of the same steps
    drafts = next(sql for sql in counts if "FILTER" in sql)
    assert " WHERE " in drafts.split(" FROM ", 1)[1]  # only the rows counted are read
