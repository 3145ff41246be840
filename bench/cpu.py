"""CPU time of the serving processes, read from /proc: the gunicorn workers (children of the master) and the
PostgreSQL backends connected to the benchmark's database. A figure per request that other load on the machine
does not distort (unlike requests per second on a shared 2-core machine)."""

from __future__ import annotations

import os
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def _cpu_seconds(pid: int) -> float | None:
    """utime + stime of the process (fields 14 and 15 of /proc/<pid>/stat), or None when it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat.rsplit(")", 1)[1].split()  # after the command name, which may contain spaces
    return (int(fields[11]) + int(fields[12])) / TICKS


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            if ppid == pid:
                out.append(int(entry.name))
    return out


def _backends() -> list[int]:
    """The PostgreSQL backends of this database, except this process's own connection."""
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return [row[0] for row in cur.fetchall()]


class Meter:
    """`read()` before and after a load; `per_request()` the CPU milliseconds per request in between."""

    def __init__(self, gunicorn_pid: int):
        self.gunicorn_pid = gunicorn_pid

    def read(self) -> dict:
        web = {pid: _cpu_seconds(pid) for pid in _children(self.gunicorn_pid)}
        db = {pid: _cpu_seconds(pid) for pid in _backends()}
        return {
            "web": {pid: s for pid, s in web.items() if s is not None},
            "db": {pid: s for pid, s in db.items() if s is not None},
        }

    @staticmethod
    def _spent(before: dict, after: dict) -> float:
        return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())  # a new process from zero

    def per_request(self, before: dict, after: dict, requests: int) -> dict:
        n = max(requests, 1)
        return {
            "web_cpu_ms": round(self._spent(before["web"], after["web"]) * 1000 / n, 1),
            "db_cpu_ms": round(self._spent(before["db"], after["db"]) * 1000 / n, 1),
        }
