"""The cache and the Celery broker never share a Redis database: a cache clear (FLUSHDB) must not drop the queue."""

from config.settings import redis_next_db


def test_cache_database_is_the_one_after_the_broker():
    assert redis_next_db("redis://redis:6379/0") == "redis://redis:6379/1"
    assert redis_next_db("redis://:secret@redis:6379/4") == "redis://:secret@redis:6379/5"


def test_no_database_number_means_0_and_15_wraps():
    assert redis_next_db("redis://redis:6379") == "redis://redis:6379/1"
    assert redis_next_db("redis://redis:6379/15") == "redis://redis:6379/0"
