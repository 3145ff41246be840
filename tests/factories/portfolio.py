import hashlib

import factory

from portfolio.models import (
    Benefit,
    Criterion,
    Dependency,
    LearningEntry,
    Measure,
    Mission,
    MissionTarget,
    Proposal,
    ReviewAssignment,
    Score,
)

from .core import OrganisationFactory, UserFactory
from .lifeevents import LifeEventFactory


def _add_life_events(obj, create, extracted, **kwargs):
    if not create:
        return
    obj.life_events.add(*(extracted if extracted is not None else [LifeEventFactory()]))


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mission
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Samfunnsoppdrag {n}")
    statement = "Innen 2032 skal familier med alvorlig syke barn oppleve sammenhengende tjenester."
    life_events = factory.PostGeneration(_add_life_events)


class MissionTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MissionTarget

    mission = factory.SubFactory(MissionFactory)
    indicator = "Andel familier som opplever sammenhengende tjenester"
    unit = "%"
    baseline = 20
    target_value = 80
    target_date = factory.Faker("date_between", start_date="+1y", end_date="+6y")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Tiltak {n}")
    description = "Et tiltak i porteføljen."
    owner = factory.SubFactory(OrganisationFactory)
    status = "ongoing"
    budget = 1_000_000
    life_events = factory.PostGeneration(_add_life_events)


class BenefitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Benefit

    measure = factory.SubFactory(MeasureFactory)
    description = "Mindre tid brukt på søknader."
    indicator = "Timer spart per familie"
    unit = "timer"
    expected_value = 10
    owner = factory.SelfAttribute("measure.owner")


class DependencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dependency

    from_measure = factory.SubFactory(MeasureFactory)
    to_measure = factory.SubFactory(MeasureFactory)
    kind = "depends_on"


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Forslag {n}")
    need = "Foreldre må fortelle det samme til mange etater."
    solution = "Del opplysninger mellom etatene med samtykke."
    organisation = factory.SubFactory(OrganisationFactory)
    created_by = factory.SubFactory(UserFactory, organisation=factory.SelfAttribute("..organisation"))
    status = "submitted"
    life_events = factory.PostGeneration(_add_life_events)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Kriterium {n}")
    axis = "potential"
    weight = 1


class ReviewAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAssignment

    proposal = factory.SubFactory(ProposalFactory)
    reviewer = factory.SubFactory(UserFactory, role="portfolio_office")
    assigned_by = factory.SubFactory(UserFactory, role="portfolio_office")


class ScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Score

    assignment = factory.SubFactory(ReviewAssignmentFactory)
    criterion = factory.SubFactory(CriterionFactory)
    value = 3


class LearningEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningEntry

    measure = factory.SubFactory(MeasureFactory)
    hypothesis = "Foreldre vil dele data én gang."
    learned = "De fleste vil det, med tydelig samtykke."
    author = factory.SubFactory(UserFactory, role="portfolio_office")


class MessageFactory(factory.django.DjangoModelFactory):
    """A question from the office (kind "question"), an answer or an internal note on a proposal."""

    class Meta:
        model = "portfolio.Message"

    proposal = factory.SubFactory(ProposalFactory)
    kind = "question"
    body = "Hvilke etater har dere snakket med?"
    author = factory.SubFactory(UserFactory, role="portfolio_office")


# ---- intake: calls for proposals and attachments --------------------------------------------------------------

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


class CallForProposalsFactory(factory.django.DjangoModelFactory):
    """An open call (opened yesterday, deadline in a month) about a life event."""

    class Meta:
        model = "portfolio.CallForProposals"

    title = factory.Sequence(lambda n: f"Utlysning {n}")
    question = "Hvordan kan familier slippe å fortelle det samme mange ganger?"
    life_event = factory.SubFactory(LifeEventFactory)
    opens_at = factory.Faker("date_between", start_date="-10d", end_date="-1d")
    deadline = factory.Faker("date_between", start_date="+10d", end_date="+40d")
    created_by = factory.SubFactory(UserFactory, role="portfolio_office")


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A small real PDF stored through the default storage (under the test MEDIA_ROOT)."""

    class Meta:
        model = "portfolio.Attachment"

    proposal = factory.SubFactory(ProposalFactory)
    file = factory.django.FileField(data=PDF_BYTES, filename="notat.pdf")
    original_name = "notat.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
    sha256 = hashlib.sha256(PDF_BYTES).hexdigest()
    uploaded_by = factory.SelfAttribute("proposal.created_by")
