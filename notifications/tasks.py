"""The Celery side of the outbox (R-Z6).

``send_notification`` is acknowledged late (a worker that dies mid-task gets the message
redelivered) and retried with backoff on transient SMTP and network errors; the claim in
:func:`notifications.sending.notification_send` makes both safe. What the task's own retries do
not cover is picked up by ``retry_due_notifications``, which beat runs every few minutes.

This module imports :mod:`notifications.sending`, never :mod:`notifications.services` (which
schedules through it): ``services → tasks → sending``."""

import datetime as dt
import logging
from smtplib import SMTPException

from celery import shared_task
from django.db import OperationalError
from django.utils import timezone

from core.dates import today as amsterdam_today
from core.task_limits import time_limits

from . import reminders, sending

logger = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    autoretry_for=(SMTPException, ConnectionError, OSError),
    retry_backoff=30,
    retry_backoff_max=600,
    retry_jitter=True,
    max_retries=3,
    **time_limits("mail"),
)
def send_notification(notification_id: int) -> bool:
    return sending.notification_send(notification_id=notification_id)


def notifications_retry_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Hand every message that is due (:func:`notifications.sending.notifications_due`) to the
    send task again (R-Z6: none is lost). Idempotent: the claim decides who sends."""
    now = now or timezone.now()
    scheduled = 0
    for notification_id in sending.notifications_due(now=now):
        try:
            send_notification.delay(notification_id)
        except Exception:  # eager mode re-raises the send's error; the row stays due
            logger.exception("could not hand notification %s to the send task",
                             notification_id)
            continue
        scheduled += 1
    return {"scheduled": scheduled}


@shared_task(acks_late=True, **time_limits())
def retry_due_notifications() -> dict[str, int]:
    return notifications_retry_due()


# Transient database errors (a restarting PostgreSQL, a lock timeout) are retried with
# backoff; the work is idempotent, so a retry after a partial run does only what is left.
DB_RETRY = {
    "acks_late": True,
    "autoretry_for": (OperationalError,),
    "retry_backoff": 30,
    "retry_backoff_max": 900,
    "retry_jitter": True,
    "max_retries": 5,
    **time_limits(),
}


@shared_task(**{**DB_RETRY, **time_limits("batch")})
def send_reminders(today: str | None = None) -> dict[str, int]:
    """R-Z6: the daily reminders the apps registered (``notifications.reminders``); ``today``
    as ``YYYY-MM-DD`` pins the date (default: today in Amsterdam)."""
    day = dt.date.fromisoformat(today) if today else amsterdam_today()
    return reminders.reminders_send(today=day)
