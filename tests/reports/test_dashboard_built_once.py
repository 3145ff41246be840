"""The ministry's start page reads five of its queries from a copy of a query built once per process (issue 17): the
funding rows, the measures counted per status and traffic light, the mission targets, the open rounds and the
flagged status reports. Each page filters a copy on the user's policy (`visible_to`) and the life events: the built
query is left as it was (its SQL the same after pages of two ministries), and each ministry sees only its own rows,
whichever ministry's page came first."""

import pytest
from django.urls import reverse

from reports import dashboard, queries_attention
from reports.models import StatusReport
from tests.factories import core as f
from tests.factories import reports as r

pytestmark = pytest.mark.django_db

BUILT_ONCE = (
    dashboard._funding_rows,
    dashboard._status_groups,
    dashboard._target_rows,
    queries_attention._open_rounds,
    queries_attention._flagged_reports,
)


def _attention(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("reports:ministry_dashboard"))
    assert response.status_code == 200
    return response.content.decode().split('id="attention-heading"')[1].split("</section>")[0]


def test_the_built_queries_are_left_as_they_were_and_each_ministry_sees_its_own(
    client, ministry_official, portfolio_data
):
    m1, m2, round_ = portfolio_data["m1"], portfolio_data["m2"], portfolio_data["round"]
    StatusReport.objects.filter(round=round_, measure=m1).update(traffic="red")
    r.StatusReportFactory(round=round_, measure=m2, traffic="red")
    justice = f.UserFactory(username="jd", organisation=portfolio_data["jd"], role="ministry_official")
    built = [str(build().query) for build in BUILT_ONCE]

    for user in (justice, ministry_official, justice):
        section = _attention(client, user)
        own, other = (m2, m1) if user == justice else (m1, m2)
        assert own.title in section and other.title not in section

    assert [str(build().query) for build in BUILT_ONCE] == built
