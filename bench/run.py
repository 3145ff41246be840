"""`make bench`: generate a synthetic portfolio in PostgreSQL, start gunicorn (2 workers) and a Celery worker on
127.0.0.1, load each main page side by side with Django's admin change list (requests per second, latency, and the
CPU milliseconds per request of the web workers and of PostgreSQL's backends, read from /proc), run the mixed office
workload (bench/office.py), and print/save the numbers.

Usage: python bench/run.py [--scale 1000|20000|100000] [--duration 15] [--connections 8] [--reuse]
       [--office-duration 60]
Everything it starts is stopped at the end, also on Ctrl-C and on errors. Traffic goes to 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SCALES = {
    1000: dict(proposals=1_000, measures=200, actors=100, scores=5_000),
    20000: dict(proposals=20_000, measures=2_000, actors=200, scores=100_000),
    100000: dict(proposals=100_000, measures=2_000, actors=200, scores=100_000),
}
WRK_SCRIPT = """
done = function(summary, latency, requests)
  io.write(string.format("BENCH %d %d %d %d %d\\n", latency:percentile(50), latency:percentile(95),
    summary.requests, summary.duration, summary.errors.status + summary.errors.connect + summary.errors.timeout))
end
"""


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", type=int, default=20000, choices=sorted(SCALES))
    for name in ("proposals", "measures", "actors", "scores"):
        p.add_argument(f"--{name}", type=int, help=f"override the scale's number of {name}")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--duration", type=int, default=15, help="seconds of load per page")
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--beside", type=int, default=5,
                   help="seconds of the admin change list loaded right after each page, its ratios' baseline (0: the"
                        " admin's own load only)")  # fmt: skip
    p.add_argument("--single", type=int, default=20, help="sequential requests for the single-request latency")
    p.add_argument("--port", type=int, default=8765)
    p.add_argument("--reuse", action="store_true", help="keep the database if it already holds the portfolio")
    p.add_argument("--only", default="", help="comma-separated page keys to load (default: all)")
    p.add_argument("--no-reports", action="store_true", help="skip the report and PDF measurements")
    p.add_argument("--office-duration", type=int, default=60, help="seconds of the mixed office workload (0: skip)")
    p.add_argument("--output", default=str(ROOT / "bench" / "results.json"))
    return p.parse_args()


class Processes:
    """The processes the harness started; all stopped (process group) at the end."""

    def __init__(self):
        self.procs: list[subprocess.Popen] = []

    def start(self, args, env, log):
        proc = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.procs.append(proc)
        return proc

    def stop(self):
        for proc in reversed(self.procs):
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    continue
        for proc in self.procs:
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        self.procs.clear()


def bench_env(database_url: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        DEMO_MODE="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        # Plain HTTP on loopback: no HTTPS redirect, cookies not HTTPS-only. Everything else as in production.
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        PYTHONPATH=str(ROOT),
        STATIC_ROOT=str(ROOT / "var" / "bench-staticfiles"),  # the manifest of production static files
    )
    return env


def recreate_database(url: str, *, keep: bool = False) -> None:
    """Drop and create the bench database; with `keep`, only create it when it is missing (`--reuse`)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and keep:
            return
        conn.execute(psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(psycopg.sql.Identifier(name)))
        conn.execute(psycopg.sql.SQL("CREATE DATABASE {}").format(psycopg.sql.Identifier(name)))


def vacuum_analyze(url: str) -> None:
    """VACUUM ANALYZE the generated database, as autovacuum does on a live one some minutes after a bulk load:
    the planner's statistics, and the visibility map that lets an index-only scan (the latest status report of each
    measure, `statusreport_latest_submitted`) answer from the index without visiting the table."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")


def manage(env, *args, check=True) -> subprocess.CompletedProcess:
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=check, capture_output=True, text=True)


def wait_http(port: int, timeout: float = 60) -> None:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health/")
            conn.getresponse().read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer on 127.0.0.1:{port}")


def single_latency(port: int, path: str, cookie: str, n: int) -> tuple[float, int]:
    """Median milliseconds of n sequential requests on one keep-alive connection, and the last status."""
    import http.client

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    times, status, stop_at = [], 0, time.monotonic() + 10  # at least 3 requests, at most about 10 s
    for i in range(n + 1):
        if i >= 3 and time.monotonic() > stop_at:
            break
        t = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
        resp = conn.getresponse()
        resp.read()
        times.append((time.perf_counter() - t) * 1000)
        status = resp.status
    conn.close()
    return statistics.median(times[1:]), status


def load_wrk(port, path, cookie, duration, connections, script) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{duration}s", "--timeout", "60s", "-s", script,
         "-H", f"Cookie: {cookie}", f"http://127.0.0.1:{port}{path}"],
        capture_output=True, text=True, timeout=duration + 60,
    )  # fmt: skip
    line = next((x for x in out.stdout.splitlines() if x.startswith("BENCH ")), None)
    if not line:
        raise RuntimeError(f"wrk failed: {out.stdout} {out.stderr}")
    p50, p95, requests, micros, errors = (int(v) for v in line.split()[1:])
    return {"p50_ms": p50 / 1000, "p95_ms": p95 / 1000, "rps": requests / (micros / 1e6), "errors": errors,
            "requests": requests}  # fmt: skip


def load_python(port, path, cookie, duration, connections) -> dict:
    """Fallback load generator (threads, keep-alive) when wrk is not installed; it takes CPU from the server."""
    import http.client
    import threading

    lat, errors, stop_at = [], [0], time.monotonic() + duration

    def worker():
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.monotonic() < stop_at:
            t = time.perf_counter()
            conn.request("GET", path, headers={"Cookie": cookie, "Host": "127.0.0.1"})
            r = conn.getresponse()
            r.read()
            lat.append((time.perf_counter() - t) * 1000)
            if r.status >= 400:
                errors[0] += 1

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    start = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [0] * 99
    elapsed = time.monotonic() - start
    return {"p50_ms": q[49], "p95_ms": q[94], "rps": len(lat) / elapsed, "errors": errors[0], "requests": len(lat)}


def demo_report(procs: Processes, env: dict, database_url: str, logdir: Path) -> dict:
    """The report of the demo data (`manage.py load_demo`, the real landscape): its own database, and its own Celery
    worker on its own Redis database, so the portfolio's worker never takes its task."""
    parts = urllib.parse.urlsplit(database_url)
    demo_url = urllib.parse.urlunsplit(parts._replace(path=parts.path.rstrip("/") + "_demo"))
    redis = urllib.parse.urlsplit(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"))
    demo_env = {**env, "DATABASE_URL": demo_url, "DEMO_MODE": "1", "REDIS_URL": urllib.parse.urlunsplit(
        redis._replace(path="/12"))}  # fmt: skip
    recreate_database(demo_url)
    manage(demo_env, "migrate", "-v0")
    manage(demo_env, "load_demo")
    log = open(logdir / "demo-worker.log", "w")  # noqa: SIM115 (closed with the processes)
    worker = procs.start([str(Path(PY).parent / "celery"), "-A", "config", "worker", "--pool", "solo", "-l", "warning"],
                         demo_env, log)  # fmt: skip
    call = f"measure.demo_report({worker.pid})"
    code = f"import django, json; django.setup(); from bench import measure; print(json.dumps({call}))"
    out = subprocess.run([PY, "-c", code], cwd=ROOT, env=demo_env, capture_output=True, text=True, timeout=600)
    if out.returncode:
        return {"error": out.stderr[-500:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    args = parse_args()
    sizes = dict(SCALES[args.scale])
    for k in sizes:
        if getattr(args, k) is not None:
            sizes[k] = getattr(args, k)
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    env = bench_env(database_url)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "DEMO_MODE",
                                           "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT",
                                           "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "STATIC_ROOT")})  # fmt: skip
    sys.path.insert(0, str(ROOT))
    procs = Processes()
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in the background
    results: dict = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "scale": sizes,
        "cores": os.cpu_count(),
        "pages": {},
        "load_generator": "wrk" if shutil.which("wrk") else "python",
    }
    logdir = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        print(f"Database {urllib.parse.urlsplit(database_url).path.lstrip('/')}: {sizes}", flush=True)
        generated = False
        recreate_database(database_url, keep=args.reuse)
        manage(env, "migrate", "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        has_portfolio = (
            "from core.models import User as U;import sys;sys.exit(1-U.objects.filter(username='syn-office').exists())"
        )
        if manage(env, "shell", "-c", has_portfolio, check=False).returncode:
            t = time.perf_counter()
            gen = manage(env, "generate_portfolio", *[f"--{k}={v}" for k, v in sizes.items()], f"--seed={args.seed}")
            results["generate_seconds"] = round(time.perf_counter() - t, 1)
            print(gen.stdout.strip(), flush=True)
            generated = True
        results["generated_now"] = generated

        import django

        django.setup()
        from bench import cpu, measure, office
        from bench import scenario as budget_scenario

        results["versions"] = measure.versions()
        results["pages"] = measure.in_process(args)  # URLs, SQL counts, cookies
        vacuum_analyze(database_url)  # after the pages' own rows (the bench round's status reports) are written
        cookies = results.pop("_cookies", None) or measure.COOKIES

        log = open(logdir / "server.log", "w")  # noqa: SIM115 (closed with the processes)
        gunicorn = procs.start([str(Path(PY).parent / "gunicorn"), "config.wsgi", "-w", "2", "-b",
                                f"127.0.0.1:{args.port}", "--log-level", "warning"], env, log)  # fmt: skip
        procs.start([str(Path(PY).parent / "celery"), "-A", "config", "worker", "--pool", "solo", "-l", "warning"],
                    env, log)  # fmt: skip
        wait_http(args.port)
        meter = cpu.Meter(gunicorn.pid)
        script = logdir / "report.lua"
        script.write_text(WRK_SCRIPT)
        only = {k for k in args.only.split(",") if k}
        pages = results["pages"]

        def load(row: dict, duration: int) -> dict:
            """wrk's (or the fallback's) figures for `duration` seconds of `row`'s URL, and the CPU per request."""
            cookie = cookies[row["role"]]
            before = meter.read()
            if shutil.which("wrk"):
                seen = load_wrk(args.port, row["url"], cookie, duration, args.connections, str(script))
            else:
                seen = load_python(args.port, row["url"], cookie, duration, args.connections)
            return {**seen, **meter.per_request(before, meter.read(), seen["requests"])}

        for key, row in pages.items():
            if row.get("missing") or (only and key not in only):
                continue
            row["single_ms"], row["status"] = single_latency(args.port, row["url"], cookies[row["role"]], args.single)
            row.update(load(row, args.duration))
            print(f"  {key}: {row['rps']:.0f}/s p95 {row['p95_ms']:.0f} ms, CPU/request web {row['web_cpu_ms']} ms,"
                  f" PostgreSQL {row['db_cpu_ms']} ms", flush=True)  # fmt: skip
            base = pages.get(measure.baseline_of(key))
            if args.beside and not row.get("baseline") and base and not base.get("missing"):
                # Its baseline again, right after it: the ratio of two loads seconds apart, not minutes (the load
                # of a shared machine drifts in a run, and with it the CPU a request takes)
                beside = load(base, args.beside)
                row["beside"] = {k: beside[k] for k in ("rps", "web_cpu_ms", "db_cpu_ms")}
                print(f"    beside it, {measure.baseline_of(key)}: {beside['rps']:.0f}/s, CPU/request web"
                      f" {beside['web_cpu_ms']} ms", flush=True)  # fmt: skip
        if args.office_duration:
            planned = office.plan()
            before = meter.read()
            results["office"] = office.run(args.port, planned, args.office_duration, seed=args.seed)
            results["office"].update(meter.per_request(before, meter.read(), results["office"]["requests"]))
            print(f"  office workload: {results['office']['rps']}/s, {results['office']['errors']} errors", flush=True)
        results["overlap"] = measure.overlap()
        if not args.no_reports:
            celery_pid = procs.procs[-1].pid
            # The budget scenario first, through the worker while nothing else is queued (bench/scenario.py)
            results["scenario"] = budget_scenario.solve()
            print(f"  budget scenario: {results['scenario']}", flush=True)
            results["scenario_2000"] = budget_scenario.frontier_2000()
            print(f"  frontier over 2,000 candidates: {results['scenario_2000']}", flush=True)
            results["reports"] = measure.reports(celery_pid)
            results["reports"].update(demo_report(procs, env, database_url, logdir))
        measure.ratios(results)
        print(measure.table(results))
        Path(args.output).write_text(json.dumps(results, indent=2, default=str))
        print(f"Written {args.output}")
        return 0
    except KeyboardInterrupt:
        print("Interrupted; stopping what the benchmark started.", file=sys.stderr)
        return 130
    finally:
        procs.stop()


if __name__ == "__main__":
    sys.exit(main())
