"""Redis as a cache the product can do without.

Every cached chart and dashboard part can be drawn again from the database, so when Redis
is down or frozen the monitor serves everything uncached: slower, never wrong, never a 500.
Short socket and connect timeouts (settings: REDIS_TIMEOUT) bound how long one request waits
for a frozen Redis; after a failure, no request of this process asks Redis for RETRY_SECONDS,
and the failure is logged once for that interval rather than once per request."""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 30
CACHE_DOWN = "The cache at %s does not answer (%s): serving everything uncached, trying it again in %s s."

# Per process, shared by its threads: Django gives each thread its own cache object.
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class OptionalRedisCache(RedisCache):
    def _location(self) -> str:
        return ",".join(self._servers)

    def is_resting(self) -> bool:
        return time.monotonic() < _down_until.get(self._location(), 0.0)

    def _failed(self, error: RedisError) -> None:
        with _lock:
            if self.is_resting():
                return  # another thread logged it for this interval already
            _down_until[self._location()] = time.monotonic() + RETRY_SECONDS
        logger.warning(CACHE_DOWN, self._location(), error, RETRY_SECONDS)

    def _try(self, method, fallback, *args):
        """method(*args), or the fallback (a miss, nothing written) when Redis does not answer."""
        if self.is_resting():
            return fallback
        try:
            return method(*args)
        except RedisError as error:
            self._failed(error)
            return fallback

    def ping(self) -> bool:
        """Whether Redis answers now; asked even while resting, so a health check sees it return."""
        try:
            self._cache.get_client().ping()
        except RedisError as error:
            self._failed(error)
            return False
        _down_until.pop(self._location(), None)
        return True

    def get(self, key, default=None, version=None):
        return self._try(super().get, default, key, default, version)

    def get_many(self, keys, version=None):
        return self._try(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._try(super().has_key, False, key, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._try(super().set, None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().set_many, list(data), data, timeout, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().add, False, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._try(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._try(super().delete, False, key, version)

    def delete_many(self, keys, version=None):
        self._try(super().delete_many, None, keys, version)

    def clear(self):
        return self._try(super().clear, False)
