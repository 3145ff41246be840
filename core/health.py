"""What `/health/` reports: the database, the cache (Redis), the Celery broker, the workers' heartbeat, and what
the apps register (the reports app: the age of the oldest queued document). Each check answers quickly (short
connect timeouts) and never raises: a failed check is reported, not a 500.

The workers write their heartbeat (`worker_heartbeat_beat`, started by config.celery in each worker) every
`WORKER_HEARTBEAT_SECONDS`; a worker counts as alive when one was seen within `WORKER_HEARTBEAT_MAX_AGE`.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.utils import timezone

log = logging.getLogger(__name__)


@dataclass
class Check:
    ok: bool
    detail: dict = field(default_factory=dict)


_registry: dict[str, Callable[[], Check]] = {}


def register(name: str, check: Callable[[], Check]) -> None:
    """Apps add their checks in AppConfig.ready()."""
    _registry[name] = check


def database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return Check(True)


def cache_server() -> Check:
    ping = getattr(cache, "ping", None)
    if ping is None:  # a local-memory cache needs no server
        return Check(True, {"backend": "local"})
    ping()
    return Check(True)


def broker_reachable(timeout: float = 1.0, url: str | None = None) -> bool:
    """Whether a task could be queued now. False when the broker cannot be reached within `timeout` seconds."""
    from celery import current_app

    if current_app.conf.task_always_eager and url is None:
        return True
    try:
        with current_app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
    except Exception as exc:  # noqa: BLE001 - kombu raises the transport's own errors: any failure is "not now"
        log.warning("Broker unreachable: %s", exc)
        return False
    return True


def broker() -> Check:
    return Check(broker_reachable())


def workers() -> Check:
    from celery import current_app

    from .models import WorkerHeartbeat

    if current_app.conf.task_always_eager:  # tasks run in the web process (tests): no worker is needed
        return Check(True, {"eager": True})
    max_age = settings.WORKER_HEARTBEAT_MAX_AGE
    latest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True).first()
    if latest is None:
        return Check(False, {"seconds_since_heartbeat": None})
    age = (timezone.now() - latest).total_seconds()
    alive = WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - timedelta(seconds=max_age)).count()
    return Check(age <= max_age, {"seconds_since_heartbeat": round(age, 1), "alive": alive})


def report() -> tuple[bool, dict]:
    """(all ok, {name: {"ok": …, "ms": …, …}})."""
    checks = {"database": database, "cache": cache_server, "broker": broker, "workers": workers, **_registry}
    results: dict[str, dict] = {}
    for name, check in checks.items():
        started = time.perf_counter()
        try:
            outcome = check()
        except Exception as exc:  # noqa: BLE001 - a check that cannot run is a failed check
            outcome = Check(False, {"error": type(exc).__name__})
        results[name] = {"ok": outcome.ok, "ms": round((time.perf_counter() - started) * 1000), **outcome.detail}
    return all(r["ok"] for r in results.values()), results


# ---- the workers' heartbeat -------------------------------------------------------------------------------------


def heartbeat_write(hostname: str) -> None:
    from .models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(hostname=hostname[:255], defaults={"seen_at": timezone.now()})


def worker_heartbeat_beat(hostname: str, stop: threading.Event) -> None:
    """A worker's heartbeat loop (a daemon thread in the worker's main process): the row is written while the
    worker runs, and goes stale within seconds when the worker is killed."""
    while not stop.is_set():
        try:
            heartbeat_write(hostname)
        except Exception:  # the database may be down for a moment; the next beat tries again
            log.warning("Worker heartbeat not written", exc_info=True)
        finally:
            close_old_connections()
            connection.close()
        stop.wait(settings.WORKER_HEARTBEAT_SECONDS)
