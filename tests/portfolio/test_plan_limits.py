"""The owner changes its measure's benefit plan within the limits the office sets (issue 23): a target moved by at
most X %, a target date by at most N months, no benefit dropped that another agency gains; outside the limits the
change is refused with the reasons (it needs a decision); the limits are the office's setting, audited."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from core.models import AuditEvent
from portfolio.services import benefit_plans, plan_limits
from tests.factories.portfolio import BenefitFactory, MeasureFactory


@pytest.fixture
def measure(nav, other_agency):
    measure = MeasureFactory(owner=nav, title="Pleiepenger uten søknad")
    BenefitFactory(measure=measure, indicator="Timer spart", expected_value=100, expected_date="2027-06-30", owner=nav)
    BenefitFactory(measure=measure, indicator="Færre feil", expected_value=50, owner=other_agency)
    return measure


def _entries(measure, **targets):
    """The plan in force with each named benefit's target (and target date) changed, or dropped when None."""
    out = []
    for entry in benefit_plans.current_entries(measure):
        if entry["indicator"] in targets:
            if targets[entry["indicator"]] is None:
                continue
            entry = {**entry, **targets[entry["indicator"]]}
        out.append(entry)
    return out


@pytest.fixture
def limits(portfolio_office):
    return plan_limits.plan_limits_set(target_percent=10, date_months=3, by=portfolio_office)


def test_within_the_limits_the_owner_makes_the_next_version(measure, limits, agency_staff):
    entries = _entries(measure, **{"Timer spart": {"target": "91", "target_date": "2027-09-15"}})
    version = plan_limits.plan_owner_change(measure=measure, benefits=entries, reason="Litt senere", by=agency_staff)
    assert version.number == 2 and version.proposal is None
    assert [e["target"] for e in version.benefits] == ["91", "50.00"]
    assert AuditEvent.objects.filter(action="portfolio.benefitplanversion.owner_changed").count() == 1


def test_dropping_the_owners_own_benefit_is_within_the_limits(measure, limits, agency_staff):
    entries = _entries(measure, **{"Timer spart": None})
    version = plan_limits.plan_owner_change(measure=measure, benefits=entries, reason="Ikke lenger", by=agency_staff)
    assert [e["indicator"] for e in version.benefits] == ["Færre feil"]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"Timer spart": {"target": "111"}}, "10 %"),
        ({"Timer spart": {"target_date": "2027-10-15"}}, "3 months"),
        ({"Færre feil": None}, "Skatteetaten"),
        ({"Timer spart": {"indicator": "Timer spart per familie"}}, "only its target and target date"),
        ({"Færre feil": {"target_date": "2027-01-01"}}, "target date set or removed"),
    ],
)
def test_outside_the_limits_it_needs_a_decision(measure, limits, agency_staff, change, why):
    entries = _entries(measure, **change)
    with translation.override("en"):
        with pytest.raises(ValidationError) as refused:
            plan_limits.plan_owner_change(measure=measure, benefits=entries, reason="x", by=agency_staff)
        assert any(why in m for m in refused.value.messages) and "decision" in refused.value.messages[0]
    assert not measure.plan_versions.exists()


def test_without_limits_every_change_needs_a_decision(measure, agency_staff):
    entries = _entries(measure, **{"Timer spart": {"target": "101"}})
    with pytest.raises(ValidationError):
        plan_limits.plan_owner_change(measure=measure, benefits=entries, reason="x", by=agency_staff)


def test_only_the_owner_changes_and_only_the_office_sets_the_limits(measure, limits, portfolio_office,
                                                                    other_agency_staff, agency_staff):  # fmt: skip
    entries = _entries(measure, **{"Timer spart": {"target": "95"}})
    for user in (portfolio_office, other_agency_staff):
        with pytest.raises(PermissionDenied):
            plan_limits.plan_owner_change(measure=measure, benefits=entries, reason="x", by=user)
    with pytest.raises(PermissionDenied):
        plan_limits.plan_limits_set(target_percent=50, date_months=12, by=agency_staff)
    with pytest.raises(ValidationError):
        plan_limits.plan_limits_set(target_percent=101, date_months=12, by=portfolio_office)
    plan_limits.plan_limits_set(target_percent=20, date_months=6, by=portfolio_office)
    (event, *_rest) = AuditEvent.objects.filter(action="portfolio.planchangelimits.set").order_by("-pk")
    assert event.changes == {"target_percent": [10, 20], "date_months": [3, 6]}
    with pytest.raises(ValidationError):  # nothing changes
        plan_limits.plan_owner_change(measure=measure, benefits=_entries(measure), reason="x", by=agency_staff)


def test_pages(client, measure, limits, agency_staff, portfolio_office):
    client.force_login(portfolio_office)
    bad = client.post(reverse("portfolio:plan_limits_set"), {"limits-target_percent": "200", "limits-date_months": "1"})
    assert bad.status_code == 422
    ok = client.post(reverse("portfolio:plan_limits_set"), {"limits-target_percent": "10", "limits-date_months": "3"})
    assert ok.status_code == 302
    assert client.get(reverse("portfolio:benefit_plan_change", args=[measure.pk])).status_code == 403
    client.force_login(agency_staff)
    url = reverse("portfolio:benefit_plan_change", args=[measure.pk])
    assert url in client.get(measure.get_absolute_url()).content.decode()
    data = {"reason": "Justert", "keep_0": "on", "target_0": "150", "target_date_0": "2027-06-30", "keep_1": "on",
            "target_1": "50"}  # fmt: skip
    outside = client.post(url, data)
    assert outside.status_code == 422 and "10 %" in outside.content.decode()
    assert not measure.plan_versions.exists()
    done = client.post(url, {**data, "target_0": "105"})
    assert done.status_code == 302 and measure.plan_versions.count() == 2


def test_the_owner_adds_a_new_benefit_within_the_limits(client, measure, limits, agency_staff, nav):
    client.force_login(agency_staff)
    url = reverse("portfolio:benefit_plan_change", args=[measure.pk])
    kept = {"reason": "Ny innsikt", "keep_0": "on", "target_0": "100", "target_date_0": "2027-06-30", "keep_1": "on",
            "target_1": "50"}  # fmt: skip
    assert client.post(url, {**kept, "new_target": "5"}).status_code == 422  # no indicator, nobody gains it
    done = client.post(url, {**kept, "new_indicator": "Færre klager", "new_owner": nav.pk, "new_target": "5"})
    assert done.status_code == 302
    (version,) = measure.plan_versions.filter(number=2)
    assert [e["indicator"] for e in version.benefits] == ["Timer spart", "Færre feil", "Færre klager"]
