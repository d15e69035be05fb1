"""Health endpoints for the load balancer and the container health checks (issue #13).

* ``/healthz`` — liveness: the process answers; touches nothing else (no database), so a
  database outage never makes an orchestrator restart healthy web processes.
* ``/readyz`` — readiness: the database answers, every migration is applied, and Redis (cache)
  and the Celery broker answer when configured. 200 when all hold, 503 otherwise; a small JSON
  body names each check (``ok``, ``failed``, ``skipped``) and nothing more.

:class:`HealthCheckMiddleware` sits first in ``MIDDLEWARE`` and answers both paths before any
other middleware runs: no session is read or created, no idle timeout, CSP, locale, login
throttle or HTTPS redirect applies, and the probe's ``Host`` (an internal address) need not be
in ``ALLOWED_HOSTS``. The URL patterns name the same views for ``reverse()``.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

logger = logging.getLogger(__name__)

#: Seconds each dependency may take to answer a readiness probe.
PROBE_TIMEOUT = 3

OK, FAILED, SKIPPED = "ok", "failed", "skipped"

# Once every migration is applied it stays so for this process's code: checked until true.
_migrations_applied = False


def _no_cache(response):
    response["Cache-Control"] = "no-store"
    return response


def healthz(request):
    """Liveness: the process is up. No database, no session."""
    return _no_cache(JsonResponse({"status": OK}))


def check_database() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any failure means not ready
        # The broken connection is closed by Django at the end of the request
        # (close_old_connections on request_finished), which the WSGI handler always sends.
        logger.warning("readiness: database unreachable", exc_info=True)
        return FAILED
    return OK


def check_migrations() -> str:
    global _migrations_applied
    if _migrations_applied:
        return OK
    try:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception:  # noqa: BLE001
        logger.warning("readiness: migrations could not be checked", exc_info=True)
        return FAILED
    if plan:
        logger.warning("readiness: %d migrations not applied", len(plan))
        return FAILED
    _migrations_applied = True
    return OK


def check_redis() -> str:
    if not settings.REDIS_URL:
        return SKIPPED
    import redis

    try:
        client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=PROBE_TIMEOUT,
                                      socket_connect_timeout=PROBE_TIMEOUT)
        try:
            client.ping()
        finally:
            client.close()
    except Exception:  # noqa: BLE001
        logger.warning("readiness: Redis unreachable", exc_info=True)
        return FAILED
    return OK


def check_broker() -> str:
    if not settings.CELERY_BROKER_URL or settings.CELERY_TASK_ALWAYS_EAGER:
        return SKIPPED
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=PROBE_TIMEOUT,
                        transport_options={"socket_timeout": PROBE_TIMEOUT}) as connection:
            connection.ensure_connection(max_retries=1, timeout=PROBE_TIMEOUT)
    except Exception:  # noqa: BLE001
        logger.warning("readiness: broker unreachable", exc_info=True)
        return FAILED
    return OK


def readiness() -> dict[str, str]:
    """Every check's outcome; the database first, migrations only when it answers."""
    checks = {"database": check_database()}
    checks["migrations"] = check_migrations() if checks["database"] == OK else SKIPPED
    checks["redis"] = check_redis()
    checks["broker"] = check_broker()
    return checks


def readyz(request):
    """Readiness: 200 when every configured dependency answers, else 503."""
    checks = readiness()
    ready = all(outcome != FAILED for outcome in checks.values()) and \
        checks["migrations"] == OK
    return _no_cache(JsonResponse({"status": OK if ready else "unavailable", "checks": checks},
                                  status=200 if ready else 503))


HEALTH_VIEWS = {"/healthz": healthz, "/readyz": readyz}


class HealthCheckMiddleware:
    """Answer ``/healthz`` and ``/readyz`` before every other middleware (see module doc)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = HEALTH_VIEWS.get(request.path_info)
        if view is not None and request.method in ("GET", "HEAD"):
            return view(request)
        return self.get_response(request)
