"""Benefit reviews that go looking (issue 23): the office sets the interval (portfolio-wide or per life event,
audited); every running measure gets an open review due that many months after its start or last review; the owner
answers with the facilitator (the next review opens); an answered review starts a change proposal qualified as
extending the measure; overdue reviews are tasks on the office's and the owner's start pages."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from core.dashboard import tasks_for
from core.models import AuditEvent
from portfolio.models import BenefitReview
from portfolio.services import benefit_reviews as services
from tests.factories.core import UserFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import BenefitFactory, MeasureFactory

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def life_event(db):
    return LifeEventFactory(name_nb="Alvorlig sykt barn")


@pytest.fixture
def measure(nav, life_event):
    measure = MeasureFactory(
        owner=nav, title="Pleiepenger uten søknad", life_events=[life_event], start_date=datetime.date(2026, 1, 31)
    )
    BenefitFactory(measure=measure, indicator="Timer spart per familie", owner=nav)
    return measure


def test_add_months_keeps_the_day_or_takes_the_months_last():
    assert services.add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)
    assert services.add_months(datetime.date(2026, 11, 15), 3) == datetime.date(2027, 2, 15)
    assert services.add_months(datetime.date(2027, 12, 31), 2) == datetime.date(2028, 2, 29)


def test_the_office_sets_the_interval_and_every_running_measure_gets_a_review(measure, portfolio_office, nav):
    planned = MeasureFactory(owner=nav, status="planned")
    terminated = MeasureFactory(owner=nav, status="terminated", termination_reason="x")
    services.interval_set(months=6, by=portfolio_office)
    review = BenefitReview.objects.get(measure=measure)
    assert review.is_open and review.due_date == datetime.date(2026, 7, 31)
    assert not BenefitReview.objects.filter(measure__in=[planned, terminated]).exists()
    assert AuditEvent.objects.filter(action="portfolio.benefitreviewinterval.set").count() == 1
    services.interval_set(months=6, by=portfolio_office)  # the same again: nothing new
    assert AuditEvent.objects.filter(action="portfolio.benefitreviewinterval.set").count() == 1
    assert services.benefit_reviews_schedule() == 0 and BenefitReview.objects.count() == 1


def test_a_life_events_own_interval_wins_over_the_portfolio_wide(measure, life_event, portfolio_office, nav):
    elsewhere = MeasureFactory(owner=nav, start_date=datetime.date(2026, 1, 31))
    services.interval_set(months=12, by=portfolio_office)
    services.interval_set(months=3, life_event=life_event, by=portfolio_office)
    assert BenefitReview.objects.get(measure=measure).due_date == datetime.date(2026, 4, 30)  # re-dated
    assert BenefitReview.objects.get(measure=elsewhere).due_date == datetime.date(2027, 1, 31)
    services.interval_set(months=None, life_event=life_event, by=portfolio_office)  # removed: the wide one again
    assert BenefitReview.objects.get(measure=measure).due_date == datetime.date(2027, 1, 31)


def test_only_the_office_sets_the_interval_and_bad_input_is_refused(portfolio_office, agency_staff):
    with pytest.raises(PermissionDenied):
        services.interval_set(months=6, by=agency_staff)
    with pytest.raises(ValidationError):
        services.interval_set(months=0, by=portfolio_office)
    with pytest.raises(ValidationError):
        services.interval_set(months=37, by=portfolio_office)


def test_the_owner_answers_with_the_facilitator_and_the_next_review_opens(
    measure, portfolio_office, agency_staff, other_agency_staff
):
    services.interval_set(months=6, by=portfolio_office)
    review = BenefitReview.objects.get(measure=measure)
    with pytest.raises(PermissionDenied):
        services.benefit_review_answer(review=review, benefit_still="yes", direction="keep", by=other_agency_staff)
    with pytest.raises(ValidationError) as refused:
        services.benefit_review_answer(review=review, benefit_still="", direction="change", by=agency_staff)
    assert set(refused.value.message_dict) == {"benefit_still", "notes"}
    own = UserFactory(organisation=measure.owner, role="portfolio_office")
    with pytest.raises(ValidationError) as refused:  # the facilitator is neutral: not the owner's
        services.benefit_review_answer(
            review=review, benefit_still="yes", direction="keep", facilitator=own, by=agency_staff
        )
    assert "facilitator" in refused.value.message_dict
    services.benefit_review_answer(
        review=review,
        benefit_still="partly",
        direction="change",
        new_insight="Foreldre trenger også hjelp med reiseutgifter.",
        notes="Gevinsten er lavere enn planlagt.",
        facilitator=portfolio_office,
        by=agency_staff,
    )
    review.refresh_from_db()
    assert not review.is_open and review.facilitator == portfolio_office and review.answered_by == agency_staff
    following = BenefitReview.objects.open().get(measure=measure)
    assert following.due_date == services.add_months(timezone.localdate(), 6)
    assert AuditEvent.objects.filter(action="portfolio.benefitreview.answered", object_id=str(review.pk)).exists()
    with pytest.raises(ValidationError):  # answered once
        services.benefit_review_answer(review=review, benefit_still="yes", direction="keep", by=agency_staff)


def test_a_review_starts_a_change_proposal_that_extends_the_measure(measure, life_event, portfolio_office,
                                                                    agency_staff):  # fmt: skip
    services.interval_set(months=6, by=portfolio_office)
    review = BenefitReview.objects.get(measure=measure)
    with pytest.raises(ValidationError):  # not before it is answered (the state half of the rule)
        services.benefit_review_propose(review=review, by=agency_staff)
    services.benefit_review_answer(
        review=review, benefit_still="no", direction="change", new_insight="Ny need: reiseutgifter.", by=agency_staff
    )
    proposal = services.benefit_review_propose(review=review, by=agency_staff)
    assert proposal.status == "draft" and proposal.organisation == measure.owner
    assert proposal.qualification == "extends" and proposal.related_measure == measure
    assert proposal.need == "Ny need: reiseutgifter." and list(proposal.life_events.all()) == [life_event]
    assert "Pleiepenger uten søknad" in proposal.title
    review.refresh_from_db()
    assert review.proposal == proposal
    assert AuditEvent.objects.filter(action="portfolio.proposal.created_from_benefit_review").exists()
    with pytest.raises(ValidationError):  # once
        services.benefit_review_propose(review=review, by=agency_staff)


def test_overdue_reviews_are_tasks_of_the_office_and_the_owner(measure, portfolio_office, agency_staff,
                                                               other_agency_staff, ministry_official):  # fmt: skip
    services.interval_set(months=6, by=portfolio_office)  # due 31 July 2026: overdue by now
    for user in (portfolio_office, agency_staff):
        (task,) = [t for t in tasks_for(user) if t.key == "benefit_reviews_overdue"]
        assert task.count == 1 and task.overdue and task.url.endswith("?overdue=1")
    for user in (other_agency_staff, ministry_official):
        assert not [t for t in tasks_for(user) if t.key == "benefit_reviews_overdue"]


def test_pages(client, measure, portfolio_office, agency_staff, other_agency_staff, life_event):
    client.force_login(portfolio_office)
    url = reverse("portfolio:benefit_review_list")
    bad = client.post(reverse("portfolio:benefit_review_interval_set"), {"months": "99"})
    assert bad.status_code == 422 and not BenefitReview.objects.exists()
    done = client.post(reverse("portfolio:benefit_review_interval_set"), {"months": "6"})
    assert done.status_code == 302
    page = client.get(url + "?overdue=1").content.decode()
    review = BenefitReview.objects.get()
    assert review.get_absolute_url() in page and "Pleiepenger uten søknad" in page
    client.force_login(other_agency_staff)  # another agency does not see NAV's measure's review
    assert client.get(review.get_absolute_url()).status_code == 404
    client.force_login(agency_staff)
    home = client.get(reverse("home")).content.decode()
    assert url + "?overdue=1" in home
    assert client.post(reverse("portfolio:benefit_review_interval_set"), {"months": "3"}).status_code == 403
    form = client.get(review.get_absolute_url())
    assert form.status_code == 200 and "Timer spart per familie" in form.content.decode()
    assert client.post(review.get_absolute_url(), {"direction": "keep"}).status_code == 422
    answered = client.post(review.get_absolute_url(), {"benefit_still": "partly", "direction": "change",
                                                       "new_insight": "Ny need"})  # fmt: skip
    assert answered.status_code == 302
    assert client.post(review.get_absolute_url(), {"benefit_still": "yes", "direction": "keep"}).status_code == 409
    started = client.post(reverse("portfolio:benefit_review_propose", args=[review.pk]))
    review.refresh_from_db()
    assert started.status_code == 302 and started["Location"] == review.proposal.get_absolute_url()
    assert client.post(reverse("portfolio:benefit_review_propose", args=[review.pk])).status_code == 409


def test_the_daily_task_opens_a_review_for_a_measure_that_started_running(measure, portfolio_office, nav):
    from portfolio.tasks_benefit_reviews import benefit_reviews_schedule_task

    services.interval_set(months=6, by=portfolio_office)
    later = MeasureFactory(owner=nav, status="planned", start_date=datetime.date(2026, 11, 1))
    assert benefit_reviews_schedule_task() == 0
    later.status = "ongoing"
    later.save(update_fields=["status"])
    assert benefit_reviews_schedule_task() == 1
    assert BenefitReview.objects.open().get(measure=later).due_date == datetime.date(2027, 5, 1)
    assert benefit_reviews_schedule_task() == 0
