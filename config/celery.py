"""Celery application. Tasks are thin wrappers around idempotent services.

By default (``make run``, tests) tasks run eagerly in-process; set ``CELERY_BROKER_URL``
to use real workers (docker compose runs ``worker`` and ``beat``).
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("keurmerk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
