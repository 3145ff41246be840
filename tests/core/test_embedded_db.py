"""`make run` without DATABASE_URL: scripts/embedded_db.py starts a self-contained PostgreSQL (with pg_trgm and the
`norwegian` text search the portal needs), writes its URL, and stops the server when it is stopped."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parents[2]


def _start(tmp_path, *, poll: float):
    """The script started on its own data directory; (process, data directory, URL file) once the URL is written."""
    pgdata = tmp_path / "pgdata"
    url_file = tmp_path / "pgdata.url"
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "embedded_db.py")],
        env={**os.environ, "EMBEDDED_PGDATA": str(pgdata)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + 90
    while not url_file.exists() and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(poll)
    return proc, pgdata, url_file


def test_embedded_postgres_starts_serves_the_portals_features_and_stops(tmp_path):
    proc, pgdata, url_file = _start(tmp_path, poll=0.2)
    try:
        assert url_file.exists(), proc.stdout.read() if proc.poll() is not None else "no URL within 90 s"
        settings = dj_database_url.parse(url_file.read_text())
        assert settings["ENGINE"] == "django.db.backends.postgresql" and settings["HOST"] == str(pgdata)
        with psycopg.connect(host=settings["HOST"], user=settings["USER"], dbname=settings["NAME"]) as conn:
            conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            lexemes = conn.execute("SELECT to_tsvector('norwegian', 'søknadene om bostøtte')::text").fetchone()[0]
        assert "søknad" in lexemes
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    assert not url_file.exists()
    assert not (pgdata / "postmaster.pid").exists()  # the server was stopped


def test_a_stop_as_soon_as_the_url_is_written_still_cleans_up(tmp_path):
    """CI once stopped the script in the moment between writing the URL and setting up its stop handler: the URL stayed
    behind and the server kept running. The handler now comes first."""
    proc, pgdata, url_file = _start(tmp_path, poll=0.01)
    try:
        assert url_file.exists()
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=60)
    assert not url_file.exists()
    assert not (pgdata / "postmaster.pid").exists()
