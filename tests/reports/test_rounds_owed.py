"""What an open round still misses is counted with the round itself (`ReportingRound.objects.with_reports_owed`), so
the ministry's dashboard and the office's start page list overdue rounds in a fixed number of queries, and the count
is the one `round_completeness` gives organisation by organisation (`figures.reports_owed`)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lifeevents import figures
from reports.models import ReportingRound
from reports.queries_pages import round_completeness
from tests.factories import lifeevents as le
from tests.factories import portfolio as p
from tests.factories import reports as r
from tests.factories.core import OrganisationFactory

pytestmark = pytest.mark.django_db

PAST = datetime.date.today() - datetime.timedelta(days=3)


def test_the_rounds_count_is_the_sum_of_what_each_organisation_owes(nav, other_agency, portfolio_office):
    job, death = le.LifeEventFactory(), le.LifeEventFactory()
    third = OrganisationFactory(name="Statped")
    a = p.MeasureFactory(owner=nav, life_events=[job])
    b = p.MeasureFactory(owner=nav, life_events=[job, death])  # in two life events: owes each round once
    c = p.MeasureFactory(owner=other_agency, life_events=[death])
    d = p.MeasureFactory(owner=third, life_events=[job])
    p.MeasureFactory(owner=third, life_events=[job], status="terminated")  # left the portfolio: owes nothing
    everything = r.ReportingRoundFactory(deadline=PAST)
    of_job = r.ReportingRoundFactory(life_event=job, deadline=PAST)
    of_death = r.ReportingRoundFactory(life_event=death, deadline=PAST)
    empty = r.ReportingRoundFactory(life_event=le.LifeEventFactory(), deadline=PAST)  # no measures at all
    r.StatusReportFactory(round=everything, measure=a, state="submitted")
    r.StatusReportFactory(round=everything, measure=c, state="submitted")
    r.StatusReportFactory(round=everything, measure=d, state="draft")  # a draft is still owed
    r.StatusReportFactory(round=of_job, measure=b, state="submitted")
    r.StatusReportFactory(round=of_job, measure=c, state="submitted")  # not a measure of the round: not counted
    r.StatusReportFactory(round=of_death, measure=b, state="submitted")
    counted = {row.pk: row for row in ReportingRound.objects.with_reports_owed()}
    expected = {everything.pk: (4, 2, 2), of_job.pk: (3, 1, 2), of_death.pk: (2, 1, 1), empty.pk: (0, 0, 0)}
    for round_ in (everything, of_job, of_death, empty):
        row = counted[round_.pk]
        owed = figures.reports_owed(row.due, row.submitted)
        assert owed == sum(line["missing"] for line in round_completeness(round_)), round_.title
        assert (row.due, row.submitted, owed) == expected[round_.pk], round_.title


def test_what_an_organisation_owes_in_each_round_is_counted_with_the_rounds(nav, other_agency):
    """`with_reports_owed(organisation_id)`: what its staff's start page lists, equal to what the round's page counts
    measure by measure (`still_owed(owed_by(round, user))`)."""
    from reports.queries_pages import owed_by, still_owed
    from tests.factories.core import UserFactory

    job, death = le.LifeEventFactory(), le.LifeEventFactory()
    a = p.MeasureFactory(owner=nav, life_events=[job])
    b = p.MeasureFactory(owner=nav, life_events=[job, death])  # in two life events: owes each round once
    p.MeasureFactory(owner=nav, life_events=[job], status="terminated")  # left the portfolio: owes nothing
    c = p.MeasureFactory(owner=other_agency, life_events=[death])
    everything, of_job, of_death = (r.ReportingRoundFactory(), r.ReportingRoundFactory(life_event=job),
                                    r.ReportingRoundFactory(life_event=death))  # fmt: skip
    r.StatusReportFactory(round=everything, measure=a, state="submitted")
    r.StatusReportFactory(round=everything, measure=b, state="draft")  # a draft is still owed
    r.StatusReportFactory(round=of_job, measure=b, state="submitted")
    r.StatusReportFactory(round=of_death, measure=c, state="submitted")
    expected = {nav: {everything.pk: 1, of_job.pk: 1, of_death.pk: 1},
                other_agency: {everything.pk: 1, of_job.pk: 0, of_death.pk: 0}}  # fmt: skip
    for organisation, owes in expected.items():
        staff = UserFactory(role="agency_staff", organisation=organisation)
        rounds = ReportingRound.objects.with_reports_owed(organisation_id=organisation.pk)
        for row in rounds.filter(pk__in=owes):
            owed = figures.reports_owed(row.due, row.submitted)
            assert owed == still_owed(owed_by(row, staff)) == owes[row.pk], (organisation.name, row.pk)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_dashboard_and_the_office_start_page_ask_the_same_with_one_or_five_overdue_rounds(
    client, ministry_official, portfolio_office, portfolio_data
):
    from tests.second_factor import VerifiedClient

    job = portfolio_data["job"]
    office = VerifiedClient()
    office.force_login(portfolio_office)
    client.force_login(ministry_official)
    dashboard, home = reverse("reports:ministry_dashboard"), reverse("home")
    client.get(dashboard), office.get(home)  # (session and language set up)
    r.ReportingRoundFactory(title="Sen runde 1", life_event=job, deadline=PAST)
    one = _queries(client, dashboard), _queries(office, home)
    for n in range(2, 6):
        r.ReportingRoundFactory(title=f"Sen runde {n}", life_event=job, deadline=PAST)
    five = _queries(client, dashboard), _queries(office, home)
    assert one == five
    page = client.get(dashboard).content.decode()
    attention = page.split('id="attention-heading"')[1].split("</section>")[0]
    assert all(f"Sen runde {n}" in attention for n in range(1, 6))  # each misses the life event's reports
    assert all(f"Sen runde {n}" in office.get(home).content.decode() for n in range(1, 6))  # the office's tasks
