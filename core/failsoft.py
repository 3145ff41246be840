"""A cache that fails soft: when its server (Redis) cannot be reached, reads miss and writes are dropped, so pages
are served without it. A wrapper around any cache backend through the public cache API (`BaseCache`), no
backend internals: `OPTIONS["BACKEND"]` names the real backend, the other options are passed on to it.

After a failure the server is left alone for `RETRY_AFTER` seconds (default 10), so an outage costs one connect
timeout per process and period, not one per cache call.

    CACHES = {"default": {"BACKEND": "core.failsoft.FailSoftCache", "LOCATION": "redis://…",
                          "OPTIONS": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                      "socket_connect_timeout": 0.5, "socket_timeout": 0.5}}}
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


def _outage_errors() -> tuple[type[BaseException], ...]:
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis is a dependency
        return (OSError,)
    return (OSError, RedisError)


class FailSoftCache(BaseCache):
    def __init__(self, location, params):
        options = dict(params.get("OPTIONS") or {})
        backend = options.pop("BACKEND")
        self.retry_after = float(options.pop("RETRY_AFTER", 10))
        super().__init__(params)
        self.inner = import_string(backend)(location, {**params, "OPTIONS": options})
        self.errors = _outage_errors()
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def is_down(self) -> bool:
        return time.monotonic() < self._down_until

    def _call(self, method: str, default, *args, **kwargs):
        if self.is_down:
            return default
        try:
            return getattr(self.inner, method)(*args, **kwargs)
        except self.errors as exc:
            with self._lock:
                first = not self.is_down
                self._down_until = time.monotonic() + self.retry_after
            if first:
                log.warning("Cache unreachable (%s); serving without it for %ss", exc, self.retry_after)
            return default

    def ping(self) -> None:
        """For the health check: raises when the server cannot be reached (ignores the pause after a failure)."""
        self.inner.get("health:ping")

    # The cache API (django.core.cache.backends.base.BaseCache): every call goes through _call.
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version=version)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", delta, key, delta, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def clear(self):
        return self._call("clear", None)

    def close(self, **kwargs):
        return self._call("close", None, **kwargs)
