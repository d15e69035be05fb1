"""Issue #13, time limits everywhere: every Celery task has a soft and a hard limit below the
broker's visibility timeout, a send task ends before its outbox claim may be taken over, web
requests run under a PostgreSQL statement timeout, and bad values fail at start-up."""

import datetime as dt
import subprocess
import sys

from django.conf import settings

from config.celery import app
from config.settings.base import postgres_options
from notifications.sending import CLAIM_TIMEOUT
from notifications.tasks import send_notification
from tests.config.test_settings_and_deploy import _import_settings


def _our_tasks():
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if not name.startswith("celery.")}


def test_every_task_has_soft_and_hard_time_limits_within_the_visibility_timeout():
    tasks = _our_tasks()
    assert "notifications.tasks.send_notification" in tasks
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    for name, task in tasks.items():
        soft = task.soft_time_limit or app.conf.task_soft_time_limit
        hard = task.time_limit or app.conf.task_time_limit
        assert soft and hard and soft < hard, name
        assert hard + settings.TASK_MAX_RETRY_COUNTDOWN < visibility, name
        assert (getattr(task, "retry_backoff_max", 0) or 0) <= settings.TASK_MAX_RETRY_COUNTDOWN, name


def test_a_send_task_ends_before_its_outbox_claim_can_be_taken_over():
    assert send_notification.time_limit < CLAIM_TIMEOUT.total_seconds()
    assert send_notification.soft_time_limit > settings.EMAIL_TIMEOUT


def test_email_timeout_defaults_to_30_seconds_and_bad_values_fail_at_start_up():
    result = _import_settings("config.settings.local")
    assert result.returncode == 0, result.stderr
    code = ("import django, os; os.environ['DJANGO_SETTINGS_MODULE']='config.settings.local';"
            "from django.conf import settings; print(settings.EMAIL_TIMEOUT)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=settings.BASE_DIR, timeout=60)
    assert out.stdout.strip() == "30", out.stderr
    for value in ("0", "600", "soon"):
        assert _import_settings("config.settings.local", EMAIL_TIMEOUT=value).returncode != 0
    too_short = _import_settings("config.settings.local", CELERY_BROKER_VISIBILITY_TIMEOUT="600")
    assert too_short.returncode != 0
    assert "CELERY_BROKER_VISIBILITY_TIMEOUT must exceed" in too_short.stderr
    inverted = _import_settings("config.settings.local", CELERY_TASK_SOFT_TIME_LIMIT="100",
                                CELERY_TASK_TIME_LIMIT="50")
    assert inverted.returncode != 0


def test_postgres_options_carry_the_statement_timeout_in_milliseconds():
    assert postgres_options(connect_timeout=10, statement_timeout=30) == {
        "connect_timeout": 10, "options": "-c statement_timeout=30000"}
    assert postgres_options(connect_timeout=5, statement_timeout=0) == {"connect_timeout": 5}


def test_the_web_process_runs_under_a_statement_timeout_and_manage_py_does_not():
    """config/wsgi.py applies WEB_STATEMENT_TIMEOUT (default 30 s) to the web process only."""
    url = "postgres://u:p@127.0.0.1:1/db"
    show = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url,
           "DJANGO_SETTINGS_MODULE": "config.settings.local"}

    def options(code, **extra):
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                cwd=settings.BASE_DIR, env={**env, **extra}, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert "statement_timeout=30000" in options("import config.wsgi; " + show)
    assert "statement_timeout=5000" in options("import config.wsgi; " + show,
                                               WEB_STATEMENT_TIMEOUT="5")
    assert "statement_timeout" not in options("import django; django.setup(); " + show)


def test_claim_timeout_is_fifteen_minutes():
    assert dt.timedelta(minutes=15) == CLAIM_TIMEOUT
