"""Settings of the benchmarks: the test settings on a throw-away SQLite file.

``BENCH_DB`` names the file (``bench/run.py`` points it into a temporary directory it removes
afterwards), so a benchmark never touches the development database or the configured one.
Tables are created from the models (no migrations), as in the test suite; e-mail goes to
memory and tasks run in-process."""

import os
import tempfile

from config.settings.test import *  # noqa: F403

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("BENCH_DB")
        or os.path.join(tempfile.gettempdir(), "keurmerk-bench.sqlite3"),
        "ATOMIC_REQUESTS": False,
    },
}
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
