"""Faults against real servers (`make faults`; `make test` runs them too, the load for FAULTS_LOAD_SECONDS=10):
Redis stopped, the worker killed with kill -9 mid-report, 50 users writing at once, a zip bomb through the web.

Each test starts its own redis-server, gunicorn and Celery worker (tests/faults/conftest.py) on other ports."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.urls import reverse

from core.models import AuditEvent
from portfolio.models import Proposal
from reports.choices import JobStatus
from reports.models import GeneratedReport
from tests.factories.core import UserFactory
from tests.factories.lifeevents import LifeEventFactory
from tests.factories.portfolio import ProposalFactory

from .conftest import csrf, wait_until

pytestmark = [pytest.mark.faults]
BOMB = Path(__file__).resolve().parent.parent / "fixtures" / "zip-bomb-mimetype.docx"


def test_redis_stopped_pages_still_200_reports_refused_health_not_ok(stack, portfolio_data, portfolio_office):
    stack.start_web()
    stack.start_worker()
    wait_until(lambda: stack._answers("/health/"), 90, 0.5)  # all well first: the worker beats
    office = stack.login(portfolio_office.username)
    round_ = portfolio_data["round"]

    stack.kill("redis")  # kill -9 of our own redis-server: cache and broker gone

    pages = [
        "/",
        reverse("portfolio:proposal_list"),
        round_.get_absolute_url(),
        reverse("reports:report_detail", args=[round_.pk]),
    ]
    for path in pages:
        assert office.get(stack.url(path), timeout=20).status_code == 200, path
    again = stack.login(portfolio_office.username)  # a new login works too
    assert again.get(stack.url("/"), timeout=20).status_code == 200

    page = office.get(stack.url(reverse("reports:report_detail", args=[round_.pk])), timeout=20).text
    order = office.post(
        stack.url(reverse("reports:report_order", args=[round_.pk])),
        data={"kind": "pdf", "csrfmiddlewaretoken": csrf(page)},
        timeout=20,
    )
    assert order.status_code == 422 and "rapporttjenesten er ikke tilgjengelig" in order.text
    assert not GeneratedReport.objects.exists()

    health = office.get(stack.url("/health/"), timeout=20)
    assert health.status_code == 503
    checks = health.json()["checks"]
    assert checks["cache"]["ok"] is False and checks["broker"]["ok"] is False and checks["database"]["ok"] is True


def test_the_worker_killed_with_kill_9_mid_report_finishes_it_once_within_a_minute(
    stack, portfolio_data, portfolio_office
):
    stack.start_web()
    stack.start_worker()
    office = stack.login(portfolio_office.username)
    round_ = portfolio_data["round"]
    page = office.get(stack.url(reverse("reports:report_detail", args=[round_.pk])), timeout=20).text
    office.post(
        stack.url(reverse("reports:report_order", args=[round_.pk])),
        data={"kind": "pdf", "csrfmiddlewaretoken": csrf(page)},
        timeout=20,
    )
    document = GeneratedReport.objects.get()

    def running():
        document.refresh_from_db()
        return document.status == JobStatus.RUNNING

    wait_until(running, 90, 0.02)
    stack.kill("worker")  # kill -9 of the worker's whole process group, mid-report
    document.refresh_from_db()
    assert document.status != JobStatus.DONE and not document.file

    restarted = time.monotonic()
    stack.start_worker()
    wait_until(lambda: document.refresh_from_db() or document.status == JobStatus.DONE, 60, 0.2)
    assert time.monotonic() - restarted < 60
    time.sleep(25)  # the lost message comes back after the visibility timeout (20 s): it must not build again
    document.refresh_from_db()
    generated = AuditEvent.objects.filter(action="reports.document.generated", object_id=str(document.pk))
    assert GeneratedReport.objects.count() == 1 and generated.count() == 1 and document.attempts == 2
    data = document.file.read()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == document.sha256


def test_50_users_writing_at_once_get_no_5xx_and_lose_no_write(stack, nav, asd):
    users = int(os.environ.get("FAULTS_USERS", 50))
    seconds = float(os.environ.get("FAULTS_LOAD_SECONDS", 10))
    life_event = LifeEventFactory(owner_ministry=asd)
    people = [UserFactory(username=f"last-{i}", organisation=nav, role="agency_staff") for i in range(users)]
    stack.start_web(workers=2, threads=8)
    statuses: Counter = Counter()
    saved = Counter()
    lock = threading.Lock()
    create = stack.url(reverse("portfolio:proposal_create"))

    def user(person, deadline):
        try:
            session = stack.login(person.username)
        except AssertionError as failed:  # the login answered something else than a redirect
            with lock:
                statuses.update([failed.args[0][0] if failed.args and isinstance(failed.args[0], tuple) else 599])
            return
        except requests.RequestException:  # no answer at all (a timeout) counts as a failure, never silently lost
            with lock:
                statuses.update([599])
            return
        n = 0
        while time.monotonic() < deadline:
            form = session.get(create, timeout=60)
            n += 1
            response = session.post(
                create,
                data={
                    "title": f"Last {person.username} {n}",
                    "need": "Samme opplysninger to ganger.",
                    "solution": "Del dem.",
                    "expected_benefits": "Mindre arbeid.",
                    "beneficiaries": "Innbyggere.",
                    "life_events": [life_event.pk],
                    "action": "save",
                    "csrfmiddlewaretoken": csrf(form.text),
                },
                allow_redirects=False,
                timeout=60,
            )
            listing = session.get(stack.url(reverse("portfolio:proposal_list")), timeout=60)
            with lock:
                statuses.update([form.status_code, response.status_code, listing.status_code])
                if response.status_code == 302:
                    saved[person.username] += 1

    deadline = time.monotonic() + seconds + 30  # logins first
    threads = [threading.Thread(target=user, args=(p, deadline)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not [code for code in statuses if code >= 500], (statuses, stack.logs())
    assert sum(saved.values()) > 0
    for person in people:  # every write the server confirmed is there, once
        assert Proposal.objects.filter(title__startswith=f"Last {person.username} ").count() == saved[person.username]


def test_a_zip_bomb_through_the_web_is_refused_at_once_with_bounded_memory(stack, nav, agency_staff):
    draft = ProposalFactory(organisation=nav, created_by=agency_staff, status="draft")
    stack.start_web(workers=1, threads=1)
    session = stack.login(agency_staff.username)
    edit = session.get(stack.url(reverse("portfolio:proposal_edit", args=[draft.pk])), timeout=20)
    web_worker = wait_until(lambda: _children(stack.procs["web"].pid), 10)[0]
    before = _peak_rss_kb(web_worker)
    started = time.perf_counter()
    response = session.post(
        stack.url(reverse("portfolio:attachment_upload", args=[draft.pk])),
        data={"csrfmiddlewaretoken": csrf(edit.text)},
        files={"file": ("budsjett.docx", BOMB.read_bytes())},
        timeout=30,
    )
    elapsed = time.perf_counter() - started
    assert response.status_code == 422 and "zip-bombe" in response.text
    assert elapsed < 2  # unpacking it took 23 s
    assert _peak_rss_kb(web_worker) - before < 50 * 1024  # the old check peaked at 2.3 GB


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except FileNotFoundError:
        return []


def _peak_rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")
