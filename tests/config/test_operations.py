"""Issue #13, operations: /healthz (process up, no database) and /readyz (database, migrations,
Redis and broker when configured) answer before every other middleware; every response echoes
or makes an X-Request-ID; log lines carry the request id and the acting user; production logs
are JSON; Sentry starts only with SENTRY_DSN."""

import io
import json
import logging
import subprocess
import sys
from unittest import mock

import pytest
from django.db import OperationalError, connections
from django.test import RequestFactory

from core import health
from core.request_context import (
    ActingUserMiddleware,
    JsonFormatter,
    RequestContextFilter,
    RequestIdMiddleware,
)
from tests.notifications.test_smtp import _free_port


@pytest.fixture(autouse=True)
def _fresh_migration_check():
    health._migrations_applied = False
    yield
    health._migrations_applied = False


def _get(client, path, **extra):
    response = client.get(path, **extra)
    return response, json.loads(response.content)


@pytest.mark.django_db
def test_healthz_answers_without_database_session_or_allowed_host(client,
                                                                  django_assert_num_queries):
    with django_assert_num_queries(0):
        response, body = _get(client, "/healthz", HTTP_HOST="10.1.2.3")
    assert response.status_code == 200
    assert body == {"status": "ok"}
    assert "Set-Cookie" not in response.headers
    assert "Content-Security-Policy" not in response.headers
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_is_200_with_every_check_when_all_is_well(client, settings):
    settings.REDIS_URL = ""
    settings.CELERY_BROKER_URL = ""
    response, body = _get(client, "/readyz", HTTP_HOST="10.1.2.3")
    assert response.status_code == 200
    assert body == {"status": "ok", "checks": {"database": "ok", "migrations": "ok",
                                               "redis": "skipped", "broker": "skipped"}}
    assert "Set-Cookie" not in response.headers


@pytest.mark.django_db
def test_readyz_is_503_while_the_database_is_unreachable_and_200_when_it_returns(client,
                                                                                 settings):
    settings.REDIS_URL = ""
    connection = connections["default"]
    with mock.patch.object(connection, "cursor",
                           side_effect=OperationalError("connection refused")):
        response, body = _get(client, "/readyz")
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "failed"
    assert body["checks"]["migrations"] == "skipped"

    response, body = _get(client, "/readyz")
    assert response.status_code == 200
    assert body["checks"]["database"] == "ok"


@pytest.mark.django_db
def test_readyz_is_503_while_migrations_are_not_applied(client):
    with mock.patch.object(health.MigrationExecutor, "migration_plan",
                           return_value=[("pending", False)]):
        response, body = _get(client, "/readyz")
    assert response.status_code == 503
    assert body["checks"]["migrations"] == "failed"


@pytest.mark.django_db
def test_readyz_is_503_while_redis_is_unreachable_and_200_when_it_returns(client, settings,
                                                                          redis_url):
    settings.CELERY_BROKER_URL = ""
    settings.REDIS_URL = f"redis://127.0.0.1:{_free_port()}/0"  # nothing listens there
    response, body = _get(client, "/readyz")
    assert response.status_code == 503
    assert body["checks"]["redis"] == "failed"

    settings.REDIS_URL = redis_url
    response, body = _get(client, "/readyz")
    assert response.status_code == 200
    assert body["checks"]["redis"] == "ok"


@pytest.mark.django_db
def test_readyz_is_503_while_the_broker_is_unreachable_and_200_when_it_returns(
        client, settings, redis_url):
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{_free_port()}/1"
    response, body = _get(client, "/readyz")
    assert response.status_code == 503
    assert body["checks"]["broker"] == "failed"

    settings.CELERY_BROKER_URL = redis_url
    response, body = _get(client, "/readyz")
    assert response.status_code == 200
    assert body["checks"]["broker"] == "ok"


@pytest.mark.django_db
def test_a_request_id_from_the_proxy_is_echoed_and_a_missing_or_odd_one_is_made(client):
    response = client.get("/inloggen/", HTTP_X_REQUEST_ID="lb-1234.abcd")
    assert response["X-Request-ID"] == "lb-1234.abcd"

    made = client.get("/inloggen/")["X-Request-ID"]
    assert len(made) == 32 and made.isalnum()
    odd = client.get("/inloggen/", HTTP_X_REQUEST_ID="bad id\nwith newline")["X-Request-ID"]
    assert odd != "bad id\nwith newline" and len(odd) == 32


def test_log_lines_carry_the_request_id_and_the_acting_user_as_json():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContextFilter())
    logger = logging.getLogger("tests.request_context")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)

    class LoggedIn:
        pk = 42
        is_authenticated = True

    def view(request):
        logger.info("besluit vastgelegd")
        from django.http import HttpResponse
        return HttpResponse()

    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-7")
    request.user = LoggedIn()
    try:
        response = RequestIdMiddleware(ActingUserMiddleware(view))(request)
        logger.info("after the request")
    finally:
        logger.removeHandler(handler)

    inside, after = (json.loads(line) for line in stream.getvalue().splitlines())
    assert response["X-Request-ID"] == "req-7"
    assert inside["message"] == "besluit vastgelegd"
    assert (inside["request_id"], inside["user_id"]) == ("req-7", 42)
    assert inside["level"] == "INFO" and inside["logger"] == "tests.request_context"
    assert (after["request_id"], after["user_id"]) == (None, None)


def _production(code, **env):
    base = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DJANGO_SECRET_KEY": "s" * 50, "DJANGO_ALLOWED_HOSTS": "x.example"}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        capture_output=True, text=True, env={**base, **env}, timeout=60,
        cwd=health.settings.BASE_DIR)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_logs_are_json_and_sentry_starts_only_with_a_dsn():
    show = ("import sentry_sdk; from django.conf import settings; "
            "print(settings.LOGGING['handlers']['console']['formatter'], "
            "sentry_sdk.get_client().is_active())")
    assert _production(show) == "json False"
    assert _production(show, SENTRY_DSN="https://public@o1.ingest.sentry.io/1",
                       LOG_FORMAT="text") == "text True"


def test_compose_web_healthcheck_probes_readyz():
    import yaml

    compose = yaml.safe_load((health.settings.BASE_DIR / "docker-compose.yml").read_text())
    assert "/readyz" in " ".join(compose["services"]["web"]["healthcheck"]["test"])


def test_production_keeps_sessions_in_redis_when_it_is_configured():
    show = "from django.conf import settings; print(settings.SESSION_ENGINE)"
    assert _production(show) == "django.contrib.sessions.backends.db"
    assert _production(show, REDIS_URL="redis://127.0.0.1:6379/0") == \
        "django.contrib.sessions.backends.cached_db"
