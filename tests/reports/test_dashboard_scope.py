"""The ministry's start page reads the ministry's scope once (`lifeevents.models.followed_life_events`), and its other
queries filter by those keys: the same rows as the policy's subquery, so who sees what does not change."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Funding
from lifeevents.models import followed_life_events
from portfolio.models import Measure
from reports.models import GeneratedReport, StatusReport
from tests.factories import governance as g
from tests.factories import reports as r

SCOPED = (Measure, GeneratedReport, Funding, StatusReport)


def _visible(user) -> dict[str, set[int]]:
    return {model.__name__: set(model.objects.visible_to(user).values_list("pk", flat=True)) for model in SCOPED}


def test_the_scope_read_once_selects_the_same_rows(ministry_official, portfolio_data):
    g.FundingFactory(source=g.FundingSourceFactory(name="Annen kilde"), measure=portfolio_data["m2"], life_event=None)
    r.StatusReportFactory(round=portfolio_data["round"], measure=portfolio_data["m2"], traffic="red")
    before = _visible(ministry_official)
    assert portfolio_data["m1"].pk in before["Measure"] and portfolio_data["m2"].pk not in before["Measure"]
    events = followed_life_events(ministry_official)
    assert ministry_official.ministry_life_event_ids == [e.pk for e in events] == [portfolio_data["job"].pk]
    assert _visible(ministry_official) == before


def test_only_a_ministry_officials_scope_is_held(portfolio_office, agency_staff, portfolio_data):
    for user in (portfolio_office, agency_staff):
        followed_life_events(user)
        assert not hasattr(user, "ministry_life_event_ids")


def test_the_dashboard_selects_the_ministrys_life_events_once(client, ministry_official, portfolio_data):
    client.force_login(ministry_official)
    with CaptureQueriesContext(connection) as sql:
        assert client.get(reverse("reports:ministry_dashboard")).status_code == 200
    frame = ("django_session", "SAVEPOINT", '"core_user"')  # the session and the signed-in user
    own = [q["sql"] for q in sql.captured_queries if not any(word in q["sql"] for word in frame)]
    assert len(own) == 8  # life events, rounds, documents, targets, funding, measures, attention (2)
    assert sum("lifeevents_participation" in text for text in own) == 1
