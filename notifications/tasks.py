"""Thin Celery wrappers around ``notifications.services`` (R-Z6).

``send_notification`` is acknowledged late (a worker that dies mid-task gets the message
redelivered) and retried with backoff on transient SMTP and network errors; the claim in
``notification_send`` makes both safe. What the task's own retries do not cover is picked up
by ``retry_due_notifications``, which beat runs every few minutes."""

import datetime as dt
from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError

from core.dates import today as amsterdam_today

from . import reminders, services


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, ConnectionError, OSError),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=3,
)
def send_notification(notification_id: int) -> bool:
    return services.notification_send(notification_id=notification_id)


@shared_task(acks_late=True)
def retry_due_notifications() -> dict[str, int]:
    return services.notifications_retry_due()


# Transient database errors (a restarting PostgreSQL, a lock timeout) are retried with
# backoff; the work is idempotent, so a retry after a partial run does only what is left.
DB_RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": 30,
    "retry_backoff_max": 900,
    "retry_jitter": True,
    "max_retries": 5,
}


@shared_task(**DB_RETRY)
def send_reminders(today: str | None = None) -> dict[str, int]:
    """R-Z6: the daily reminders the apps registered (``notifications.reminders``); ``today``
    as ``YYYY-MM-DD`` pins the date (default: today in Amsterdam)."""
    day = dt.date.fromisoformat(today) if today else amsterdam_today()
    return reminders.reminders_send(today=day)

