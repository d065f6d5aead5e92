"""The shared cache: Redis, and the database's cache table whenever Redis cannot be reached.

What the cache holds here is small and short-lived: the login and sign-up
rate limits (allauth counts attempts in it) and the "new link" throttle of
invitations. Losing Redis must not lock everybody out, nor lift the limits.
So when Redis refuses or does not answer within its socket timeouts, every
call goes to the ``DatabaseCache`` named by ``FALLBACK`` (the ``cache``
table, which ``manage.py createcachetable`` creates) for ``RETRY_SECONDS``;
then Redis is tried again. Logins keep working and the limits keep holding,
counted in the database meanwhile. The price: attempts counted in one store
are not seen by the other, so across a switch a limit may let through up to
twice its number once.
"""

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_UNAVAILABLE = (RedisConnectionError, RedisTimeoutError)


class RedisWithDatabaseFallback(RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._fallback_alias = params["FALLBACK"]
        self._retry_seconds = float(params.get("RETRY_SECONDS", 5))
        self._redis_down_until = 0.0

    @property
    def redis_is_down(self) -> bool:
        return time.monotonic() < self._redis_down_until

    def _call(self, name: str, *args, **kwargs):
        if not self.redis_is_down:
            try:
                return getattr(super(), name)(*args, **kwargs)
            except REDIS_UNAVAILABLE as error:
                logger.warning(
                    "Redis unavailable (%s): the cache falls back to the database for %s s",
                    type(error).__name__,
                    self._retry_seconds,
                )
                self._redis_down_until = time.monotonic() + self._retry_seconds
        return getattr(caches[self._fallback_alias], name)(*args, **kwargs)

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        return self._call("clear")
