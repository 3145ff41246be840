"""The in-process parts of the benchmark (after django.setup()): URLs, SQL counts, sessions, overlap suggestions,
reports through the real Celery worker, ratios and the printed table."""

from __future__ import annotations

import importlib.metadata
import platform
import statistics
import time
from datetime import timedelta
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone

from tests.second_factor import VerifiedClient as Client  # office sessions verified with their app, as in use

from .pages import PAGES, count_queries, resolve, status_reports, user_for

COOKIES: dict[str, str] = {}


def versions() -> dict:
    out = {"python": platform.python_version(), "platform": platform.platform()}
    for dist in ("django", "gunicorn", "celery", "psycopg", "weasyprint"):
        try:
            out[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            out[dist] = None
    with connection.cursor() as cur:
        cur.execute("SHOW server_version")
        out["postgresql"] = cur.fetchone()[0]
    return out


def _client(role: str) -> Client:
    from tests.second_factor import VerifiedClient  # office and admin sessions verified with their app, as in use

    client = VerifiedClient(HTTP_HOST="127.0.0.1")
    client.force_login(user_for(role))
    return client


def in_process(args) -> dict:
    """Each page's URL on this data, its SQL queries (Django test client + CaptureQueriesContext) and a session."""
    from django.conf import settings

    pages = {}
    clients: dict[str, Client] = {}
    for page in PAGES:
        url = resolve(page)
        if url is None:
            pages[page.key] = {"missing": True, "names": list(page.names), "role": page.role}
            continue
        if page.role not in clients:
            clients[page.role] = _client(page.role)
        client = clients[page.role]
        client.get(url)  # warm-up (and the CSRF cookie a browser has after its first page)
        # What a browser sends: the session and the CSRF cookie
        COOKIES[page.role] = "; ".join(
            f"{name}={client.cookies[name].value}"
            for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
            if name in client.cookies
        )
        status, n, sql = count_queries(client, url)
        slowest = _slowest(sql)
        pages[page.key] = {"url": url, "role": page.role, "baseline": page.baseline, "sql_status": status,
                           "queries": n, "slowest_query": slowest}  # fmt: skip
    return pages


def _slowest(sql: list[str]) -> dict | None:
    """EXPLAIN ANALYZE each SELECT of the page once; the slowest with its time (for 'worst offenders')."""
    best = None
    with connection.cursor() as cur:
        for q in sql:
            if not q.lstrip().upper().startswith("SELECT"):
                continue
            try:
                cur.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + q)  # the page's own SQL, already run once
                ms = cur.fetchone()[0][0]["Execution Time"]
            except Exception:  # noqa: BLE001 (a query that needs its transaction context)
                continue
            if best is None or ms > best["ms"]:
                best = {"ms": round(ms, 2), "sql": q[:600]}
    return best


def overlap() -> dict:
    """Milliseconds for the overlap suggestions of a new (unsaved) proposal, median of 5 after a warm-up."""
    try:
        from portfolio.queries.overlap import overlap_candidates
    except ImportError:
        return {"missing": True, "names": ["portfolio.queries.overlap.overlap_candidates"]}
    from lifeevents.models import LifeEvent
    from portfolio.models import Proposal

    from .pages import user_for

    office = user_for("portfolio_office")
    new = Proposal(
        title="Digital søknad om bostøtte for unge voksne",
        need="Mange unge voksne vet ikke at de har rett på bostøtte og søker for sent.",
        organisation_id=office.organisation_id,
        created_by=office,
    )
    event = LifeEvent.objects.order_by("pk").first()
    times, found = [], None
    for _ in range(6):
        t = time.perf_counter()
        try:
            result = overlap_candidates(new)
        except TypeError:
            result = overlap_candidates(new, life_events=[event])
        result = list(result)
        times.append((time.perf_counter() - t) * 1000)
        found = len(result)
    return {"ms": round(statistics.median(times[1:]), 1), "candidates": found}


def _peak_reset(pid: int) -> None:
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        pass


def _peak_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def _status_reports(round_, by) -> int:
    try:
        return status_reports(round_, by)
    except Exception as exc:  # noqa: BLE001 (the reports app may have changed its fields)
        return -1 if not str(exc) else 0


def _wait_for_worker(timeout: float = 120) -> None:
    """Until the Celery worker answers a ping: it answers once it has started and warmed up its renderers."""
    from config.celery import app

    deadline = time.monotonic() + timeout
    while not app.control.ping(timeout=1) and time.monotonic() < deadline:
        time.sleep(0.5)


def _order(round_, kind, params, by, celery_pid, timeout=900) -> dict:
    from reports.models import GeneratedReport
    from reports.services.documents import report_request

    _peak_reset(celery_pid)
    t = time.perf_counter()
    with transaction.atomic():
        report = report_request(round=round_, kind=kind, params=params, by=by, refresh=True)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        report = GeneratedReport.objects.get(pk=report.pk)
        if report.status in ("done", "failed"):
            break
        time.sleep(0.1)
    done, started = report.finished_at, report.started_at
    built = (done - started).total_seconds() if done and started else None
    return {"seconds": round(time.perf_counter() - t, 2), "status": report.status, "size": report.size,
            "worker_seconds": built and round(built, 2),  # from the worker taking the task to the stored document
            "worker_peak_mb": _peak_mb(celery_pid), "error": report.error[:300]}  # fmt: skip


def reports(celery_pid: int) -> dict:
    """The cross-agency report of a round over the whole portfolio (PDF and Excel), and one life event's PDF brief,
    ordered through the service and built by the running Celery worker: seconds end to end and worker peak memory."""
    try:
        from reports.services.rounds import round_open
    except ImportError:
        return {"missing": True}
    from lifeevents.models import LifeEvent

    _wait_for_worker()
    office = user_for("portfolio_office")
    out = {}
    with transaction.atomic():
        round_ = round_open(title="Benchmark-runde (syntetisk)", deadline=timezone.localdate() + timedelta(days=30),
                            by=office)  # fmt: skip
        out["status_reports"] = _status_reports(round_, office)
    out["portfolio_pdf"] = _order(round_, "pdf", {}, office, celery_pid)
    out["portfolio_xlsx"] = _order(round_, "xlsx", {}, office, celery_pid)
    event = LifeEvent.objects.order_by("pk").first()
    out["life_event_pdf"] = _order(round_, "pdf", {"life_event": event.pk}, office, celery_pid)
    return out


def demo_report(celery_pid: int) -> dict:
    """In a database holding the demo data (`manage.py load_demo`): the cross-agency report of a round over all its
    life events (PDF), through the Celery worker, with a submitted status report for every active measure."""
    from core.models import Role, User
    from reports.services.rounds import round_open

    _wait_for_worker()
    office = User.objects.filter(role=Role.PORTFOLIO_OFFICE).order_by("pk").first()
    with transaction.atomic():
        round_ = round_open(title="Benchmark-runde (demo)", deadline=timezone.localdate() + timedelta(days=30),
                            by=office)  # fmt: skip
        reports = _status_reports(round_, office)
    first = _order(round_, "pdf", {}, office, celery_pid)  # the worker's first document
    return {"demo_status_reports": reports, "demo_pdf_first": first, "demo_pdf": _order(round_, "pdf", {}, office,
            celery_pid)}  # fmt: skip


def baseline_of(key: str) -> str:
    """The admin page a page is compared with: the admin's search for the search and filter pages."""
    return "admin_changelist_search" if "search" in key or "filter" in key else "admin_changelist"


def ratios(results: dict) -> None:
    """Each page against the admin change list measured in the same run (the search and filter pages against the
    admin's search): requests per second, one request's latency, and CPU per request of the web workers. Requests per
    second and CPU against the admin's load right after the page's (`beside`) where the run measured it, else against
    the admin's own load."""
    pages = results["pages"]
    for key, row in pages.items():
        if row.get("missing") or row.get("baseline") or "rps" not in row:
            continue
        base = pages.get(baseline_of(key), {})
        beside = row.get("beside") or base
        if base.get("rps"):
            row["single_div_admin"] = round(row["single_ms"] / base["single_ms"], 2)
        if beside.get("rps"):
            row["rps_x_admin"] = round(row["rps"] / beside["rps"], 2)
        if beside.get("web_cpu_ms"):
            row["web_cpu_div_admin"] = round(row["web_cpu_ms"] / beside["web_cpu_ms"], 2)
    for base_key, base in pages.items():  # how the baseline moved in the run: its loads beside the pages
        seen = [r["beside"]["web_cpu_ms"] for k, r in pages.items() if r.get("beside") and baseline_of(k) == base_key]
        if base.get("baseline") and seen:
            base["beside_web_cpu_ms"] = [min(seen), round(statistics.median(seen), 1), max(seen)]


def table(results: dict) -> str:
    head = (
        f"{'page':26} {'SQL':>3} {'1 req ms':>8} {'p50 ms':>7} {'p95 ms':>7} {'req/s':>6} {'×admin':>6}"
        f" {'web CPU ms':>10} {'÷admin':>6} {'PG CPU ms':>9} {'admin beside':>12}"
    )
    lines = [head, "-" * len(head)]
    for key, r in results["pages"].items():
        if r.get("missing"):
            lines.append(f"{key:26} missing (no URL named {' / '.join(r['names'])})")
            continue

        def f(name, fmt="{:.1f}", r=r):
            return fmt.format(r[name]) if r.get(name) is not None else "–"

        lines.append(
            f"{key:26} {r['queries']:>3} {f('single_ms'):>8} {f('p50_ms'):>7} {f('p95_ms'):>7} {f('rps', '{:.0f}'):>6}"
            f" {f('rps_x_admin', '{:.2f}'):>6} {f('web_cpu_ms'):>10} {f('web_cpu_div_admin', '{:.2f}'):>6}"
            f" {f('db_cpu_ms'):>9} {f('web_cpu_ms', r=r.get('beside') or {}):>12}"
            + (f"  HTTP {r.get('status')}" if r.get("status") not in (None, 200) else "")
            + (f"  {r['errors']} errors" if r.get("errors") else "")
        )
    lines.append("CPU ms: CPU time of the gunicorn workers / of PostgreSQL's backends per request, from /proc.")
    lines.append("×admin, ÷admin: against the admin's load right after the page's (admin beside: its web CPU ms).")
    for key, r in results["pages"].items():
        if r.get("beside_web_cpu_ms"):
            low, median, high = r["beside_web_cpu_ms"]
            lines.append(f"  {key} beside the pages: web CPU {low}–{high} ms a request (median {median})")
    office = results.get("office")
    if office:
        lines.append(
            f"office workload: {office['readers']} readers (2 s between pages), {office['writers']} writers (a write a"
            f" second each) for {office['seconds']} s: {office['requests']} requests ({office['rps']}/s, "
            f"{office['writes']} writes), {office['errors']} errors; CPU per request web {office['web_cpu_ms']} ms,"
            f" PostgreSQL {office['db_cpu_ms']} ms"
        )
        lines.append(f"  {'page':24} {'requests':>8} {'p50 ms':>7} {'p95 ms':>7} {'errors':>6}")
        for key, p in office["pages"].items():
            lines.append(f"  {key:24} {p['requests']:>8} {p['p50_ms']:>7} {p['p95_ms']:>7} {p['errors']:>6}")
    ov = results.get("overlap", {})
    lines.append(f"overlap suggestions: {'missing' if ov.get('missing') else str(ov.get('ms')) + ' ms'}")
    for key, r in (results.get("reports") or {}).items():
        if isinstance(r, dict):
            lines.append(f"{key}: {r['status']} in {r['seconds']} s (in the worker {r.get('worker_seconds')} s), "
                         f"worker peak {r['worker_peak_mb']} MB")  # fmt: skip
        elif key == "error":
            lines.append(f"report measurement failed: {r}")
    sc = results.get("scenario")
    if sc:
        lines.append(f"budget scenario ({sc['candidates']} candidates, 6 budget steps): {sc['status']} in "
                     f"{sc['seconds']} s (in the worker {sc['worker_seconds']} s), the scenario's own step "
                     f"{sc['solve_status']} (gap {sc['gap']})")  # fmt: skip
    sc = results.get("scenario_2000")
    if sc:
        proven = sum(1 for s in sc["steps"] if s["status"] == "optimal")
        gap = max(s["gap"] for s in sc["steps"])
        lines.append(f"frontier over {sc['candidates']} candidates (in process): {sc['seconds']} s, {proven} of "
                     f"{len(sc['steps'])} steps proven optimal (largest gap {gap:.1e})")  # fmt: skip
    if "generate_seconds" in results:
        lines.append(f"generator: {results['generate_seconds']} s for {results['scale']}")
    return "\n".join(lines)
