import factory

from lifeevents.models import LifeEvent, LifeEventPhase, Participation, SupportingActivity

from .core import OrganisationFactory


class LifeEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeEvent
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"livshendelse-{n}")
    name_nb = factory.Sequence(lambda n: f"Livshendelse {n}")
    name_nn = factory.LazyAttribute(lambda o: o.name_nb)
    name_en = factory.Sequence(lambda n: f"Life event {n}")
    owner_ministry = factory.SubFactory(OrganisationFactory, kind="ministry")


class LifeEventPhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LifeEventPhase

    life_event = factory.SubFactory(LifeEventFactory)
    phase = "start"


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    organisation = factory.SubFactory(OrganisationFactory)
    life_event = factory.SubFactory(LifeEventFactory)
    role = "collaborator"


class SupportingActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportingActivity

    life_event = factory.SubFactory(LifeEventFactory)
    name = factory.Sequence(lambda n: f"Aktivitet {n}")
