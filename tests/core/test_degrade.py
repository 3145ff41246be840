"""Redis or the broker down: the cache fails soft, sessions live in the database, pages and login keep working,
ordering a report is refused with a clear message, and /health/ says what is wrong with a status code monitoring
can use. (tests/faults/ does the same against real servers that it stops.)"""

import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from core import health
from core.models import WorkerHeartbeat

DEAD_REDIS = "redis://127.0.0.1:1/0"  # nothing listens on port 1
FAILSOFT = {
    "default": {
        "BACKEND": "core.failsoft.FailSoftCache",
        "LOCATION": DEAD_REDIS,
        "OPTIONS": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "socket_connect_timeout": 0.2,
            "RETRY_AFTER": 30,
        },
    }
}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = FAILSOFT
    yield
    cache.close()


def test_the_cache_fails_soft_and_stops_asking_for_a_while(redis_down):
    started = time.perf_counter()
    assert cache.get("k", "default") == "default"
    cache.set("k", 1)
    assert cache.add("k", 1) is False and cache.get_many(["a", "b"]) == {} and cache.delete("k") is False
    assert cache.get_or_set("k", 2) == 2
    assert time.perf_counter() - started < 2  # one connect timeout, then it is left alone
    with pytest.raises(Exception):  # noqa: B017, PT011 - the health check still sees the outage
        cache.ping()


def test_the_cache_works_through_the_wrapper(settings):
    from django.conf import settings as live

    settings.CACHES = {"default": {**FAILSOFT["default"], "LOCATION": live.CACHE_REDIS_URL}}
    try:
        cache.set("degrade-test", {"a": 1}, 30)
        assert cache.get("degrade-test") == {"a": 1}
        assert cache.incr("degrade-counter-missing", 1) if cache.add("degrade-counter-missing", 0) else True
        cache.delete_many(["degrade-test", "degrade-counter-missing"])
        cache.ping()
    finally:
        cache.close()


def test_signed_in_pages_and_login_work_without_redis(redis_down, client, agency_staff):
    agency_staff.set_password("et-langt-passord-123")
    agency_staff.save()
    response = client.post(reverse("login"), {"username": agency_staff.username, "password": "et-langt-passord-123"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("portfolio:proposal_list")).status_code == 200


def test_the_broker_check_answers_quickly_when_nothing_listens():
    started = time.perf_counter()
    assert health.broker_reachable(timeout=0.5, url=DEAD_REDIS) is False
    assert time.perf_counter() - started < 5


@pytest.fixture
def all_well(db, monkeypatch):
    """As in production: tasks go to a worker (not eager), the broker answers, a worker beat a moment ago."""
    from celery import current_app

    current_app.conf.update(task_always_eager=False)
    monkeypatch.setattr(health, "broker_reachable", lambda *a, **k: True)
    WorkerHeartbeat.objects.create(hostname="celery@test", seen_at=timezone.now())
    yield
    current_app.conf.update(task_always_eager=True)


def test_health_is_200_when_everything_answers(client, all_well):
    response = client.get(reverse("health"))
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker", "workers", "queue"}
    assert body["checks"]["queue"]["oldest_queued_seconds"] == 0


def test_health_is_503_and_says_why(client, all_well, monkeypatch, settings):
    monkeypatch.setattr(health, "broker_reachable", lambda *a, **k: False)
    body = client.get(reverse("health")).json()
    assert body["status"] == "fail" and body["checks"]["broker"]["ok"] is False
    assert body["checks"]["database"]["ok"] is True


def test_health_wants_a_recent_worker_heartbeat(client, all_well):
    WorkerHeartbeat.objects.update(seen_at=timezone.now() - timedelta(minutes=5))
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json()["checks"]["workers"]["ok"] is False
    WorkerHeartbeat.objects.all().delete()
    assert client.get(reverse("health")).json()["checks"]["workers"]["seconds_since_heartbeat"] is None


def test_health_reports_redis_down(client, all_well, redis_down):
    response = client.get(reverse("health"))
    assert response.status_code == 503 and response.json()["checks"]["cache"]["ok"] is False


def test_the_heartbeat_is_written(db):
    health.heartbeat_write("celery@here")
    health.heartbeat_write("celery@here")
    assert WorkerHeartbeat.objects.get().hostname == "celery@here"


def test_liveness_needs_nothing(client, db):
    assert client.get(reverse("health_live")).json() == {"status": "ok"}


def test_signed_in_pages_and_downloads_are_not_stored(client, agency_staff):
    assert "no-store" not in client.get(reverse("accessibility")).get("Cache-Control", "")  # public pages may be kept
    client.force_login(agency_staff)
    for name in ("home", "portfolio:proposal_list"):
        assert "no-store" in client.get(reverse(name))["Cache-Control"]
