import factory

from governance.models import AllocationLetter, AllocationMention, Decision, Funding, FundingSource, GovernanceBody

from .core import OrganisationFactory
from .lifeevents import LifeEventFactory


class AllocationLetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllocationLetter

    ministry = factory.SubFactory(OrganisationFactory, kind="ministry")
    agency = factory.SubFactory(OrganisationFactory, kind="agency")
    year = 2020


class AllocationMentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AllocationMention

    letter = factory.SubFactory(AllocationLetterFactory)
    life_event = factory.SubFactory(LifeEventFactory)
    value = "mentioned"


class FundingSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingSource
        django_get_or_create = ("name",)

    name = "StimuLab"
    kind = "stimulab"


class FundingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funding

    source = factory.SubFactory(FundingSourceFactory)
    life_event = factory.SubFactory(LifeEventFactory)
    year = 2022
    amount = 500_000


class GovernanceBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GovernanceBody

    name = factory.Sequence(lambda n: f"Porteføljekontor {n}")
    kind = "portfolio_office"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    date = factory.Faker("date_this_year")
    subject = "Start som eksperiment"
    outcome = "start_experiment"
    rationale = "Stort potensial og lav kompleksitet."


class ScenarioFactory(factory.django.DjangoModelFactory):
    """A budget scenario as the office saves it (not solved: solve it through the services)."""

    class Meta:
        model = "governance.Scenario"

    name = factory.Sequence(lambda n: f"Scenario {n}")
    budgets = factory.LazyFunction(lambda: {"2027": 2_000_000})
    created_by = factory.SubFactory("tests.factories.core.UserFactory", role="portfolio_office")
