"""Every page of the access matrix timed on the benchmark's data: a pytest plugin and its report.

`make bench-pages` copies the benchmark's database (made by `make bench`) to the test database pytest-django reuses
(`--reuse-db`), runs the access-matrix tests (tests/test_access_matrix.py) of the signed-in personas against it with
this plugin, and prints the pages that cost the most CPU. Each case's objects are made by its factories among the
benchmark's thousands of proposals, measures and organisations, and rolled back after it, so a page is timed with
realistic surroundings: every organisation in a select, every measure on a roadmap. Each GET a test makes is made once
more to warm up, then timed (process time: Python and the database driver, not PostgreSQL) with its SQL counted.

A developer's instrument, under the test settings (the timings are larger than production's; compare pages within one
run). Speed is never asserted in a test."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import pytest

OUT = Path(os.environ.get("PAGE_TIMES_DIR", "var/page-times"))


@pytest.fixture(autouse=True)
def _timed_gets(request, monkeypatch):
    from django.db import connection
    from django.test import client as django_client
    from django.test.utils import CaptureQueriesContext

    get = django_client.Client.get

    def timed(self, path, *args, **kwargs):
        get(self, path, *args, **kwargs)  # warm-up: the session's first save, the templates
        with CaptureQueriesContext(connection) as queries:
            started = time.process_time()
            response = get(self, path, *args, **kwargs)
            ms = (time.process_time() - started) * 1000
        _RESULTS.append({"test": request.node.name, "path": path, "status": response.status_code, "ms": ms,
                         "queries": len(queries.captured_queries)})  # fmt: skip
        return response

    monkeypatch.setattr(django_client.Client, "get", timed)


_RESULTS: list[dict] = []


def pytest_sessionfinish(session):
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"times-{os.getpid()}.json").write_text(json.dumps(_RESULTS))


def report(top: int = 30) -> None:
    """The `top` slowest pages answered 200, each once (its slowest persona)."""
    rows = [r for path in OUT.glob("times-*.json") for r in json.loads(path.read_text()) if r["status"] == 200]
    slowest: dict[str, dict] = {}
    for row in sorted(rows, key=lambda r: -r["ms"]):
        case = row["test"].split("[", 1)[-1].rsplit("-", 1)[0]  # url name and method, without the persona
        slowest.setdefault(case, row)
    print(f"{'CPU ms':>8} {'SQL':>4}  {'page':55} path")
    for case, row in list(slowest.items())[:top]:
        print(f"{row['ms']:8.1f} {row['queries']:4}  {case:55} {row['path']}")


if __name__ == "__main__":
    report(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
