"""The fault tests' own servers, on other loopback ports than the machine's: a redis-server, gunicorn and a Celery
worker with its beat, all on the test database. Stopping them never touches the shared PostgreSQL or Redis."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import reverse

from tests.reports.conftest import portfolio_data  # noqa: F401 - the report's data, for the fault tests too
from tests.second_factor import code_for, device_for

ROOT = Path(settings.BASE_DIR)
BIN = ROOT / ".venv" / "bin"
SECOND_FACTOR_STEPS = ("/login/kode/", "/konto/innlogging/")  # where the portal sends an office session first
BASE_PORT = int(os.environ.get("FAULTS_BASE_PORT", 16380))


def free_port(start: int) -> int:
    for port in range(start, start + 200):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port")


def wait_until(predicate, timeout: float = 60.0, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout} s")


class Stack:
    """Start and stop the servers; each runs in its own process group, so kill -9 takes its children too."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.redis_port = free_port(BASE_PORT)
        self.web_port = free_port(self.redis_port + 1)
        self.procs: dict[str, subprocess.Popen] = {}
        db = connection.settings_dict
        host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.faults.fault_settings",
            "DEBUG": "0",
            "SECRET_KEY": "fault-tests-secret-key-that-is-long-enough-0123456789abcdef",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SESSION_COOKIE_SECURE": "0",
            "CSRF_COOKIE_SECURE": "0",
            "DATABASE_URL": f"postgres://{db['USER']}@{host}:{port}/{db['NAME']}",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            # The cache on the stack's own Redis too, whatever the caller's environment says (a developer's own DB)
            "CACHE_REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/1",
            "CELERY_VISIBILITY_TIMEOUT": "20",
            "REPORT_SWEEP_SECONDS": "3",
            "WORKER_HEARTBEAT_SECONDS": "1",
            "WORKER_HEARTBEAT_MAX_AGE": "5",
            "DB_POOL_SIZE": "4",
            "LOG_LEVEL": "WARNING",
        }

    def _start(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.tmp / f"{name}.log", "ab")  # noqa: SIM115 - closed with the process
        proc = subprocess.Popen(
            args, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.procs[name] = proc
        return proc

    def start_redis(self) -> None:
        self._start("redis", ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
                              "--appendonly", "no", "--dir", str(self.tmp)])  # fmt: skip
        wait_until(lambda: socket.socket().connect_ex(("127.0.0.1", self.redis_port)) == 0, 10)

    def start_web(self, workers: int = 2, threads: int = 4) -> None:
        # A connection for every thread: with fewer, a thread waits for one, and past the pool's 30 s under a saturated
        # machine the request is a 500 (PoolTimeout) that says nothing about the portal.
        self.env["DB_POOL_SIZE"] = str(max(threads, 4))
        self._start("web", [str(BIN / "gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{self.web_port}",
                            "--workers", str(workers), "--threads", str(threads), "--timeout", "60"])  # fmt: skip
        wait_until(lambda: self._answers("/health/live/"), 60, 0.3)

    def start_worker(self) -> None:
        self._start("worker", [str(BIN / "celery"), "-A", "config", "worker", "-B", "-c", "1", "-P", "prefork",
                               "--without-gossip", "--without-mingle", "-l", "WARNING",
                               "-s", str(self.tmp / "beat-schedule")])  # fmt: skip

    def kill(self, name: str, sig=signal.SIGKILL) -> None:
        proc = self.procs.pop(name, None)
        if proc is None:
            return
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            pass
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()

    def stop_all(self) -> None:
        for name in ("worker", "web", "redis"):
            self.kill(name, signal.SIGTERM)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.web_port}{path}"

    def _answers(self, path: str) -> bool:
        try:
            return requests.get(self.url(path), timeout=2).status_code == 200
        except requests.RequestException:
            return False

    def login(self, username: str, password: str = "correct-horse-battery") -> requests.Session:
        session = requests.Session()
        token = csrf(session.get(self.url("/login/"), timeout=10).text)
        response = session.post(
            self.url("/login/"),
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, (response.status_code, response.text[:500])
        first = session.get(self.url("/"), allow_redirects=False, timeout=10)
        if first.status_code == 302 and urlsplit(first.headers["Location"]).path in SECOND_FACTOR_STEPS:
            # office and administrators: the app's code on the code step (the app set up first when it is not)
            device = device_for(get_user_model().objects.get(username=username))
            verify = self.url(reverse("second_factor_verify"))
            step = session.get(verify, timeout=10)
            response = session.post(
                verify,
                data={"code": code_for(device), "csrfmiddlewaretoken": csrf(step.text)},
                allow_redirects=False,
                timeout=10,
            )
            assert response.status_code == 302, (response.status_code, response.text[:500])
            assert session.get(self.url("/"), allow_redirects=False, timeout=10).status_code == 200, "not verified"
        return session

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-3000:]}" for p in self.tmp.glob("*.log"))


def csrf(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match[1]


@pytest.fixture
def stack(transactional_db, tmp_path):
    s = Stack(tmp_path)
    try:
        s.start_redis()
        yield s
    finally:
        s.stop_all()
