"""Every factory builds a valid, saved object (the other tests stand on them)."""

import pytest

from tests.factories import governance, lifeevents, portfolio


@pytest.mark.parametrize(
    "factory",
    [
        lifeevents.LifeEventFactory,
        lifeevents.ParticipationFactory,
        lifeevents.SupportingActivityFactory,
        portfolio.MissionTargetFactory,
        portfolio.BenefitFactory,
        portfolio.DependencyFactory,
        portfolio.ScoreFactory,
        portfolio.LearningEntryFactory,
        governance.AllocationMentionFactory,
        governance.FundingFactory,
        governance.GovernanceBodyFactory,
        governance.DecisionFactory,
    ],
)
def test_factory_builds_a_valid_object(db, factory):
    obj = factory()
    obj.full_clean()
    assert obj.pk
