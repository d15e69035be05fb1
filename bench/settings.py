"""Settings of the benchmarks: the test settings on a throw-away database.

SQLite by default: ``BENCH_DB`` names the file, which ``bench/run.py`` puts in a temporary
directory it removes afterwards. With ``BENCH_DATABASE_URL`` (``bench/run.py
--database-url``) a PostgreSQL server is used instead, in a database of its own
(``BENCH_DB`` is then its name) that ``bench/run.py`` creates and drops. Either way the
development database and ``DATABASE_URL`` are never touched. Tables are created from the
models (no migrations), as in the test suite; e-mail goes to memory, tasks run in-process."""

import os
import tempfile

import environ

from config.settings.test import *  # noqa: F403

_url = os.environ.get("BENCH_DATABASE_URL")
if _url:
    DATABASES = {"default": environ.Env.db_url_config(_url)}
    DATABASES["default"]["NAME"] = os.environ["BENCH_DB"]
else:
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("BENCH_DB")
        or os.path.join(tempfile.gettempdir(), "keurmerk-bench.sqlite3"),
    }}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
MEDIA_ROOT = os.environ.get("BENCH_MEDIA") or os.path.join(tempfile.gettempdir(),
                                                           "keurmerk-bench-media")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
CELERY_TASK_ALWAYS_EAGER = True
CELERY_BROKER_URL = ""
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "root": {"handlers": [], "level": "WARNING"}}


class _NoMigrations(dict):
    def __contains__(self, item):
        return True

    def __getitem__(self, item):
        return None


MIGRATION_MODULES = _NoMigrations()
