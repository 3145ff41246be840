"""The dry run and the import through a real Celery worker (threads, Redis), not eager mode."""

import time

import pytest

from imports.models import ImportJob
from imports.services import import_start, import_upload
from portfolio.models import Proposal
from tests.factories.lifeevents import LifeEventFactory

from .helpers import csv_file


def _wait(job, status):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (status, "failed"):
            break
        time.sleep(0.3)
    assert job.status == status, job.message
    return job


@pytest.mark.worker
def test_dry_run_and_import_in_a_real_worker(celery_worker_real, portfolio_office, nav):
    LifeEventFactory(slug="fa-barn", name_nb="Få barn")
    text = "external_id;title;need;organisation;life_events\nw-1;Varsel;Behov;NAV;fa-barn\nw-2;Feil;Behov;NAV;ukjent\n"
    job = import_upload(kind="proposals", upload=csv_file(text), by=portfolio_office)
    job = _wait(job, "checked")
    assert job.summary == {"created": 1, "error": 1} and not Proposal.objects.exists()
    import_start(job=job, by=portfolio_office)
    job = _wait(ImportJob.objects.get(pk=job.pk), "done")
    assert list(Proposal.objects.values_list("external_id", flat=True)) == ["w-1"]
