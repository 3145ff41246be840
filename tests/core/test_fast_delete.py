"""Django's fast delete is on: no receiver listens to every model's save or delete (the page cache that did so is
gone), so deleting rows without dependants is one DELETE, not a SELECT and a signal per row."""

import pytest
from django.db import connection
from django.db.models.deletion import Collector
from django.test.utils import CaptureQueriesContext

from lifeevents.models import LifeEventPhase
from portfolio.models import Dependency, TargetMeasurement
from tests.factories.lifeevents import LifeEventFactory


@pytest.mark.parametrize("model", [LifeEventPhase, Dependency, TargetMeasurement], ids=lambda m: m.__name__)
def test_rows_without_dependants_are_deleted_in_one_statement(model):
    assert Collector(using="default").can_fast_delete(model.objects.all())


@pytest.mark.django_db
def test_deleting_many_phases_is_one_delete():
    life_event = LifeEventFactory()
    LifeEventPhase.objects.bulk_create(
        LifeEventPhase(life_event=life_event, phase=phase) for phase in ("start", "shape", "deliver")
    )
    with CaptureQueriesContext(connection) as ctx:
        LifeEventPhase.objects.filter(life_event=life_event).delete()
    assert [q["sql"].split()[0] for q in ctx.captured_queries] == ["DELETE"]
