"""The Redis cache of production: Django's, with one client reused per connection pool (against the real Redis)."""

import os

from core.cache import RedisCache


def test_the_redis_cache_reuses_its_client_and_works():
    cache = RedisCache(os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"), {"KEY_PREFIX": "test-core-cache"})
    try:
        cache.set("greeting", {"nb": "hei"}, 30)
        assert cache.get("greeting") == {"nb": "hei"}
        assert cache.get_many(["greeting", "missing"]) == {"greeting": {"nb": "hei"}}
        assert cache._cache.get_client() is cache._cache.get_client(write=True)  # one client, one pool
    finally:
        cache.delete("greeting")
