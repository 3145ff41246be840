import datetime

import factory

from reports.models import GeneratedReport, ReportingRound, StatusReport

from .core import UserFactory
from .portfolio import MeasureFactory


class ReportingRoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReportingRound

    title = factory.Sequence(lambda n: f"Rapporteringsrunde {n}")
    deadline = factory.LazyFunction(lambda: datetime.date.today() + datetime.timedelta(days=14))
    opened_by = factory.SubFactory(UserFactory, role="portfolio_office")


class StatusReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusReport

    round = factory.SubFactory(ReportingRoundFactory)
    measure = factory.SubFactory(MeasureFactory)
    state = "submitted"
    traffic = "green"
    progress = 50
    spent = 250_000


class GeneratedReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GeneratedReport

    round = factory.SubFactory(ReportingRoundFactory)
    kind = "pdf"
    parameters = factory.LazyFunction(dict)
    parameters_hash = factory.Sequence(lambda n: f"{n:064x}")
