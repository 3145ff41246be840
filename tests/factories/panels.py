"""User panels, members, consultations and user journeys (issue 22; governance/panel_models.py)."""

import datetime

import factory

from governance.models import Consultation, JourneyStep, PainPoint, PanelMember, UserJourney, UserPanel

from .core import OrganisationFactory
from .lifeevents import LifeEventFactory


class UserPanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserPanel

    life_event = factory.SubFactory(LifeEventFactory)
    name = factory.Sequence(lambda n: f"Etterlatte {n}")
    coordinator = factory.SubFactory(OrganisationFactory, kind="agency")


class PanelMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PanelMember

    panel = factory.SubFactory(UserPanelFactory)
    name = factory.Sequence(lambda n: f"Kari Nordmann {n}")
    email = factory.Sequence(lambda n: f"kari{n}@eksempel.no")
    phone = "+47 912 34 567"
    consent_given_on = datetime.date(2026, 1, 15)
    consent_purpose = "Delta i intervjuer om dødsfall og arv."
    recruited_by = factory.SelfAttribute("panel.coordinator")


class ConsultationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    panel = factory.SubFactory(UserPanelFactory)
    date = datetime.date(2026, 2, 1)
    method = "interview"
    topic = "Melding om dødsfall"
    findings = "Etterlatte må fortelle om dødsfallet til mange etater."

    @factory.post_generation
    def proposals(self, create, extracted, **kwargs):
        if create and extracted:
            self.proposals.set(extracted)

    @factory.post_generation
    def measures(self, create, extracted, **kwargs):
        if create and extracted:
            self.measures.set(extracted)


class UserJourneyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = UserJourney

    life_event = factory.SubFactory(LifeEventFactory)
    title = factory.Sequence(lambda n: f"Brukerreise {n}")


class JourneyStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JourneyStep

    journey = factory.SubFactory(UserJourneyFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Steg {n}")


class PainPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PainPoint
        skip_postgeneration_save = True

    step = factory.SubFactory(JourneyStepFactory)
    description = "Må fylle ut de samme opplysningene flere ganger."

    @factory.post_generation
    def proposals(self, create, extracted, **kwargs):
        if create and extracted:
            self.proposals.set(extracted)

    @factory.post_generation
    def measures(self, create, extracted, **kwargs):
        if create and extracted:
            self.measures.set(extracted)
