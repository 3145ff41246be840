"""CPU per request of the main pages in one process, beside the admin change list: a quick, repeatable figure for
working on a page's speed between `make bench` runs (which measure the real servers). Uses the benchmark's
database (`make bench` creates and fills it) and production settings (DEBUG off, the cached template loader).

    make bench-profile PROFILE_ARGS="--only board,proposal_list -n 30"
    make bench-profile PROFILE_ARGS="--only assessment_matrix --cprofile 40"

For each page: the median CPU milliseconds (process time: Python and the database driver, not PostgreSQL) of n
requests after a warm-up, each followed by one of the admin change list, and the ratio of the two medians; and the
Python function calls of one request and their ratio to the admin's (deterministic, unlike time on a shared
machine). With --cprofile N, the N functions with the most own time for each page. Speed is never asserted in a
test; this is a developer's instrument."""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--only", default="", help="comma-separated page keys (default: all); the admin is always measured")
    p.add_argument("-n", type=int, default=20, help="requests per page after the warm-up")
    p.add_argument("--cprofile", type=int, default=0, help="print the N functions with the most own time per page")
    p.add_argument(
        "--sort",
        default="tottime",
        choices=["tottime", "cumulative"],
        help="order of --cprofile: own time (default) or cumulative time (where a page spends it)",
    )
    p.add_argument("--ours", action="store_true", help="with --cprofile: only the portal's own functions")
    p.add_argument("--callers", default="", help="with --cprofile: also who calls the functions matching this pattern")
    return p.parse_args()


def setup() -> None:
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/portal_bench")
    os.environ.update(DJANGO_SETTINGS_MODULE="bench.settings", DEBUG="0", DEMO_MODE="0",
                      SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
                      SECURE_SSL_REDIRECT="0", SESSION_COOKIE_SECURE="0", CSRF_COOKIE_SECURE="0",
                      STATIC_ROOT=str(ROOT / "var" / "bench-staticfiles"))  # fmt: skip
    sys.path.insert(0, str(ROOT))
    import config.wsgi  # noqa: F401 (Django set up as the servers are: config/wsgi.py, its collector's freeze too)


def one(client, url: str) -> tuple[float, int]:
    """Process-time milliseconds of one GET, and its status."""
    t = time.process_time()
    status = client.get(url).status_code
    return (time.process_time() - t) * 1000, status


def calls(client, url: str) -> int:
    """Python function calls of one GET (cProfile): a deterministic stand-in for CPU on a noisy machine."""
    prof = cProfile.Profile()
    prof.enable()
    client.get(url)
    prof.disable()
    return sum(stat[1] for stat in pstats.Stats(prof).stats.values())  # primitive + recursive calls


def main() -> int:
    args = parse_args()
    setup()
    from bench.measure import _client
    from bench.pages import PAGES, resolve

    only = {k for k in args.only.split(",") if k}
    clients = {}
    pages = [p for p in PAGES if not p.baseline and (not only or p.key in only)]
    admin = next(p for p in PAGES if p.key == "admin_changelist")
    rows = []
    for page in [admin, *pages]:
        url = resolve(page)
        if url is None:
            continue
        client = clients.get(page.role) or clients.setdefault(page.role, _client(page.role))
        for _ in range(3):
            client.get(url)  # warm-up: templates compiled, caches of artefacts filled
        rows.append((page, url, client))
    admin_url, admin_client = rows[0][1], rows[0][2]
    admin_calls = calls(admin_client, admin_url)
    print(f"{'page':28} {'status':>6} {'CPU ms':>8} {'admin ms':>8} {'÷ admin':>8} {'calls':>9} {'÷ admin':>8}")
    for page, url, client in rows[1:]:
        # Page and admin alternately, so both see the same load on a shared machine
        mine, theirs, status = [], [], 0
        for _ in range(args.n):
            ms, status = one(client, url)
            mine.append(ms)
            theirs.append(one(admin_client, admin_url)[0])
        ms, admin_ms = statistics.median(mine), statistics.median(theirs)
        n_calls = calls(client, url)
        print(
            f"{page.key:28} {status:>6} {ms:>8.1f} {admin_ms:>8.1f} {ms / admin_ms:>8.2f} {n_calls:>9,}"
            f" {n_calls / admin_calls:>8.2f}",
            flush=True,
        )
        if args.cprofile:
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(5):
                client.get(url)
            prof.disable()
            out = io.StringIO()
            stats = pstats.Stats(prof, stream=out).sort_stats(args.sort)
            if args.ours:  # a regular expression over "file:line(function)": the portal's files, not the venv's
                stats.print_stats(rf"^{ROOT}/(?!\.venv/)", args.cprofile)
            else:
                stats.print_stats(args.cprofile)
            if args.callers:
                stats.print_callers(args.callers)
            print(f"--- {page.key} ({url}), 5 requests, by {args.sort} time ---\n{out.getvalue()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
