"""Where to look (issue 23: seeking, not only receiving): the office's suggestions of measures whose benefit lags
its target (one definition, lifeevents.figures.benefit_lags), life events with many overlapping proposals and
learning entries not yet followed up; only the office sees the page."""

import datetime

import pytest
from django.urls import reverse

from lifeevents import figures
from portfolio.models import BenefitRealisation
from portfolio.queries import opportunities
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import BenefitFactory, LearningEntryFactory, MeasureFactory, ProposalFactory


def test_the_one_definition_of_a_benefit_that_lags():
    benefit = {"start": datetime.date(2026, 1, 1), "expected_date": datetime.date(2027, 1, 1), "baseline": 0,
               "expected_value": 100, "is_disbenefit": False}  # fmt: skip
    on = datetime.date(2026, 7, 2)  # half the time has passed
    assert figures.benefit_lags(benefit, 40, on) and not figures.benefit_lags(benefit, 60, on)
    assert not figures.benefit_lags({**benefit, "is_disbenefit": True}, 40, on)
    assert not figures.benefit_lags({**benefit, "start": None}, 40, on)
    falling = {**benefit, "baseline": 100, "expected_value": 50}  # a target below the baseline: fewer errors
    assert figures.benefit_lags(falling, 90, on) and not figures.benefit_lags(falling, 70, on)


@pytest.fixture
def landscape(nav, portfolio_office):
    event = LifeEventFactory(name_nb="Alvorlig sykt barn")
    measure = MeasureFactory(owner=nav, title="Pleiepenger uten søknad", life_events=[event],
                             start_date=datetime.date(2026, 1, 1))  # fmt: skip
    behind = BenefitFactory(measure=measure, indicator="Timer spart", baseline=0, expected_value=100,
                            expected_date=datetime.date(2027, 1, 1))  # fmt: skip
    on_track = BenefitFactory(measure=measure, indicator="Færre feil", baseline=0, expected_value=10,
                              expected_date=datetime.date(2027, 1, 1))  # fmt: skip
    for benefit, month, value in ((behind, 10, 5), (behind, 11, 20), (on_track, 11, 10)):  # the latest counts
        BenefitRealisation.objects.create(benefit=benefit, date=datetime.date(2026, month, 1), value=value)
    for qualification in ("extends", "duplicate"):
        ProposalFactory(status="assessing", qualification=qualification, life_events=[event])
    ProposalFactory(status="assessing", life_events=[event])
    LifeEventFactory(name_nb="Dødsfall og arv")  # no overlap: not suggested
    followed = LearningEntryFactory(measure=measure, author=portfolio_office, learned="Brukerne vil ha varsel")
    followed.spawned_proposal = ProposalFactory()
    followed.save(update_fields=["spawned_proposal"])
    LearningEntryFactory(measure=measure, author=portfolio_office, learned="Foreldre trenger reisestøtte")
    return {"event": event, "behind": behind}


def test_the_suggestions(landscape, portfolio_office):
    lagging = opportunities.lagging_benefits(portfolio_office)
    assert [row["benefit"] for row in lagging] == [landscape["behind"]]
    assert lagging[0]["reached"] == pytest.approx(0.2)
    (event,) = opportunities.crowded_life_events(portfolio_office)
    assert event == landscape["event"] and (event.overlapping, event.open) == (2, 3)
    (entry,) = opportunities.learning_not_followed_up(portfolio_office)
    assert entry.learned == "Foreldre trenger reisestøtte" and entry.life_events == [landscape["event"]]


def test_only_the_office_sees_the_page(client, landscape, portfolio_office, agency_staff):
    client.force_login(agency_staff)
    assert client.get(reverse("portfolio:opportunity_list")).status_code == 403
    client.force_login(portfolio_office)
    page = client.get(reverse("portfolio:opportunity_list"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Timer spart" in text and "Færre feil" not in text and "Alvorlig sykt barn" in text
    assert "Foreldre trenger reisestøtte" in text and "Brukerne vil ha varsel" not in text
