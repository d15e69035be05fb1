"""Rate limits for anonymous forms that create something (issue #8: the public application
form), counted in Django's cache (Redis in production, local memory in development and tests).

A limit counts in fixed windows: ``limit`` takes per ``window`` seconds, per key. Taking a slot
is an atomic increment (``cache.incr``), so fifteen requests in the same second cannot all slip
under the limit between a read and a write; a refused request gives its slots back, so that
refusals do not count. The client address (:func:`client_address`) is the one the login
throttle counts.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or behind ``TRUSTED_PROXY_COUNT`` reverse proxies
    (env ``LOGIN_TRUSTED_PROXY_COUNT``) the address the outermost of them saw, which is that
    many entries from the right of ``X-Forwarded-For`` (each proxy appends its peer). Entries
    further left were written by the client and are never believed. django-axes counts failed
    logins by the same function (``AXES_CLIENT_IP_CALLABLE``)."""
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    count = settings.TRUSTED_PROXY_COUNT
    if not count:
        return remote
    forwarded = [part.strip() for part in
                 request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote  # not through the expected proxies: count the peer itself
    candidate = forwarded[-count]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


@dataclass(frozen=True)
class Limit:
    """At most ``limit`` takes of ``key`` per window."""

    key: str
    limit: int


@dataclass(frozen=True)
class Refusal:
    """A refused take: which limit was reached and how many seconds until its window ends."""

    key: str
    retry_after: int


def _incr(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # the key expired between add and incr: a new window began
        cache.add(key, 1, timeout)
        return 1


def rate_limit_take(*, scope: str, limits: Sequence[Limit], window: int,
                    now: float | None = None) -> Refusal | None:
    """Take one slot of every limit in ``scope`` for the current window of ``window`` seconds;
    ``None`` when all allow it, else the first :class:`Refusal` (and no slot is kept)."""
    now = time.time() if now is None else now
    bucket = int(now // window)
    retry_after = max(int(window - now % window), 1)
    taken: list[str] = []
    for limit in limits:
        key = f"ratelimit:{scope}:{limit.key}:{bucket}"
        count = _incr(key, window + 60)
        taken.append(key)
        if count > limit.limit:
            for done in taken:
                try:
                    cache.decr(done)
                except ValueError:
                    pass
            return Refusal(key=limit.key, retry_after=retry_after)
    return None
