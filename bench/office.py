"""The mixed office workload of `make bench`: signed-in users read the main pages at a human pace while two users
write (a score, a question, a draft, a status report), each write through the page's own form (a GET of the form,
then its POST, as a browser does). Reports throughput, p50/p95 per page, errors, and the CPU the web workers and
PostgreSQL spent per request.

`plan()` runs in process (after django.setup()): it finds or makes the users, their sessions and the objects the
writers need. `run()` only speaks HTTP to gunicorn."""

from __future__ import annotations

import http.client
import random
import statistics
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .pages import PAGES, resolve, user_for

READERS = {"portfolio_office": 8, "ministry_official": 6, "agency_staff": 6}  # 20 signed-in readers
THINK_SECONDS = (1.0, 3.0)  # between two pages of one reader: 2 s on average
WRITE_EVERY = 1.0  # seconds between two writes of one writer


# ---- in process: users, sessions, URLs ----------------------------------------------------------------------


def _session_cookie(user) -> str:
    from django.conf import settings

    from tests.second_factor import VerifiedClient  # office sessions verified with their app, as in use

    client = VerifiedClient(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    client.get("/")  # the CSRF cookie a browser has after its first page
    return "; ".join(
        f"{name}={client.cookies[name].value}"
        for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
        if name in client.cookies
    )


def _readers() -> list:
    """20 users: the synthetic office and ministry users with colleagues of the same organisation (made once), and
    the first agency users."""
    from core.models import User

    out = []
    for role, n in READERS.items():
        first = user_for(role)
        if role == "agency_staff":
            out += list(User.objects.filter(username__startswith="syn-agency", role=role).order_by("pk")[:n])
            continue
        out.append(first)
        for i in range(2, n + 1):
            user, _created = User.objects.get_or_create(
                username=f"{first.username}-{i}",
                defaults={"role": role, "organisation_id": first.organisation_id, "first_name": "Syntetisk",
                          "last_name": f"{role} {i}"},
            )  # fmt: skip
            out.append(user)
    return out


def _score_target(office):
    """An active, unsubmitted review of the office user on a proposal in assessment (assigned when there is none)."""
    from django.db import transaction

    from portfolio.choices import ProposalStatus
    from portfolio.models import Proposal, ReviewAssignment
    from portfolio.services import scoring

    assignment = (
        ReviewAssignment.objects.active()
        .filter(reviewer=office, submitted_at__isnull=True, proposal__status=ProposalStatus.ASSESSING)
        .order_by("pk")
        .first()
    )
    if assignment is None:
        proposal = Proposal.objects.filter(status=ProposalStatus.ASSESSING).order_by("pk").first()
        with transaction.atomic():
            assignment = scoring.reviewer_assign(proposal=proposal, reviewer=office, due_date=None, by=office)
    return assignment.proposal_id


def plan() -> dict:
    """Everything `run()` needs, as plain data: each reader's cookie and pages, each writer's cookie and writes."""
    from django.urls import reverse

    from core.models import Role
    from lifeevents.models import LifeEvent
    from portfolio.models import Criterion, Measure

    from .pages import life_event_round, sample_kwargs

    urls_by_role: dict[str, list[tuple[str, str]]] = {}
    for page in PAGES:
        if page.baseline:
            continue
        url = resolve(page)
        if url:
            urls_by_role.setdefault(page.role, []).append((page.key, url))
    readers = [{"cookie": _session_cookie(u), "pages": urls_by_role.get(u.role, [])} for u in _readers()]

    office, agency = user_for(Role.PORTFOLIO_OFFICE), user_for(Role.AGENCY_STAFF)
    scored = _score_target(office)
    criteria = list(Criterion.objects.active().order_by("pk").values_list("pk", flat=True))
    asked = sample_kwargs("proposal")["pk"]
    round_ = life_event_round()
    measure = Measure.objects.filter(owner_id=agency.organisation_id).active().order_by("pk").first()
    office_writes = [
        {"name": "score", "form": reverse("portfolio:proposal_scoring", kwargs={"pk": scored}),
         "action": reverse("portfolio:score_save", kwargs={"pk": scored, "criterion_pk": c}),
         "fill": {f"c{c}-value": "4", f"c{c}-comment": "Syntetisk vurdering."}}
        for c in criteria[:3]
    ]  # fmt: skip
    office_writes.append(
        {"name": "question", "form": reverse("portfolio:proposal_detail", kwargs={"pk": asked}),
         "action": reverse("portfolio:message_post", kwargs={"pk": asked}),
         "fill": {"kind": "question", "body": "Syntetisk spørsmål fra benchmarken."}, "match": {"kind": "question"}}
    )  # fmt: skip
    agency_writes = [
        {"name": "draft", "form": reverse("portfolio:proposal_create"), "action": reverse("portfolio:proposal_create"),
         "fill": {"title": "Syntetisk utkast fra benchmarken", "need": "Et syntetisk behov.", "action": "save",
                  "life_events": str(LifeEvent.objects.order_by("pk").values_list("pk", flat=True).first())}},
    ]  # fmt: skip
    if measure is not None:
        url = reverse("reports:status_report_edit", kwargs={"pk": round_.pk, "measure_pk": measure.pk})
        fill = {"traffic": "yellow", "progress": "40", "risks": "Syntetisk risiko."}
        agency_writes.append({"name": "status_report", "form": url, "action": url, "fill": fill})
    writers = [
        {"cookie": _session_cookie(office), "writes": office_writes},
        {"cookie": _session_cookie(agency), "writes": agency_writes},
    ]
    return {"readers": readers, "writers": writers}


# ---- over HTTP -----------------------------------------------------------------------------------------------


class _FormFields(HTMLParser):
    """The fields a browser would send with the form whose action is `action` (checked boxes, selected options,
    first radio of a group when none is checked, the text of text areas)."""

    def __init__(self, action: str, match: dict | None = None):
        super().__init__(convert_charrefs=True)
        self.action, self.match = action, match or {}
        self.forms: list[list[tuple[str, str]]] = []
        self._current: list | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self._multiple = False
        self._select_first: tuple[str, str] | None = None
        self._selected = False
        self._radios: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._current = [] if (a.get("action") or "") == self.action else None
            self._radios = {}
            return
        if self._current is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._current.append((name, a.get("value", "on")))
                elif kind == "radio":
                    self._radios.setdefault(name, a.get("value", ""))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._current.append((name, a.get("value") or ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self._current.append((name, ""))
        elif tag == "select" and name:
            self._select, self._select_first, self._selected = name, None, False
            self._multiple = "multiple" in a
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._select_first is None:
                self._select_first = (self._select, value)
            if "selected" in a:
                self._current.append((self._select, value))
                self._selected = True

    def handle_data(self, data):
        if self._current is not None and self._textarea:
            name, value = self._current[-1]
            self._current[-1] = (name, value + data)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            if not self._selected and self._select_first and not self._multiple:  # a browser's default
                self._current.append(self._select_first)
            self._select = None
        elif tag == "form" and self._current is not None:
            names = {n for n, _v in self._current}
            self._current += [(n, v) for n, v in self._radios.items() if n not in names]
            fields = dict(self._current)
            if all(fields.get(k) == v for k, v in self.match.items()):
                self.forms.append(self._current)
            self._current = None


@dataclass
class Tally:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, key: str, ms: float, ok: bool) -> None:
        with self.lock:
            self.latencies.setdefault(key, []).append(ms)
            if not ok:
                self.errors[key] = self.errors.get(key, 0) + 1


def _request(conn, method, path, cookie, body=None):
    headers = {"Cookie": cookie, "Host": "127.0.0.1"}
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    t = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    resp = conn.getresponse()
    data = resp.read()
    return resp.status, data, (time.perf_counter() - t) * 1000


def _reader(port, reader, stop_at, tally, rnd):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    time.sleep(rnd.uniform(0, THINK_SECONDS[1]))  # not all at once
    while time.monotonic() < stop_at and reader["pages"]:
        key, url = rnd.choice(reader["pages"])
        try:
            status, _data, ms = _request(conn, "GET", url, reader["cookie"])
            tally.add(key, ms, status == 200)
        except OSError:
            tally.add(key, 0.0, False)
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        time.sleep(rnd.uniform(*THINK_SECONDS))


def _write(conn, cookie, write) -> tuple[int, float]:
    """GET the form, fill it in, POST it; the POST's status and milliseconds."""
    status, data, _ms = _request(conn, "GET", write["form"], cookie)
    if status != 200:
        return status, 0.0
    parser = _FormFields(write["action"], write.get("match"))
    parser.feed(data.decode("utf-8", "replace"))
    if not parser.forms:
        return 599, 0.0  # the form is not on the page
    fields = dict(parser.forms[0])
    fields.update(write["fill"])
    body = urllib.parse.urlencode(list(fields.items()))
    status, _data, ms = _request(conn, "POST", write["action"], cookie, body)
    return status, ms


def _writer(port, writer, stop_at, tally):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    i = 0
    while time.monotonic() < stop_at:
        started = time.monotonic()
        write = writer["writes"][i % len(writer["writes"])]
        i += 1
        try:
            status, ms = _write(conn, writer["cookie"], write)
        except OSError:
            status, ms = 599, 0.0
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        tally.add("write:" + write["name"], ms, status in (200, 302, 303))
        time.sleep(max(WRITE_EVERY - (time.monotonic() - started), 0))


def run(port: int, planned: dict, duration: float, seed: int = 1) -> dict:
    """Readers and writers for `duration` seconds; per page: requests, p50, p95, errors; and the totals."""
    tally, stop_at = Tally(), time.monotonic() + duration
    rnd = random.Random(seed)
    threads = [
        threading.Thread(target=_reader, args=(port, r, stop_at, tally, random.Random(rnd.random())))
        for r in planned["readers"]
    ]
    threads += [threading.Thread(target=_writer, args=(port, w, stop_at, tally)) for w in planned["writers"]]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - start
    pages = {}
    for key, values in sorted(tally.latencies.items()):
        q = statistics.quantiles(values, n=100, method="inclusive") if len(values) > 1 else values * 99
        pages[key] = {"requests": len(values), "p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1),
                      "errors": tally.errors.get(key, 0)}  # fmt: skip
    total = sum(p["requests"] for p in pages.values())
    return {
        "seconds": round(elapsed, 1),
        "readers": len(planned["readers"]),
        "writers": len(planned["writers"]),
        "requests": total,
        "rps": round(total / elapsed, 1),
        "writes": sum(p["requests"] for k, p in pages.items() if k.startswith("write:")),
        "errors": sum(p["errors"] for p in pages.values()),
        "pages": pages,
    }
