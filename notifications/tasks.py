"""Thin Celery wrappers around ``notifications.services`` (R-Z6).

``send_notification`` is acknowledged late (a worker that dies mid-task gets the message
redelivered) and retried with backoff on transient SMTP and network errors; the claim in
``notification_send`` makes both safe. What the task's own retries do not cover is picked up
by ``retry_due_notifications``, which beat runs every few minutes."""

from smtplib import SMTPException

from celery import shared_task

from . import services


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
