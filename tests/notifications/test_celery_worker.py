"""The real thing (issue #5 acceptance): a Celery worker consuming from the real Redis runs the
sweep and the reminders through the broker; running them twice sends each reminder exactly
once; an SMTP failure is retried by the worker and then shown in the outbox as failed — never
lost — and goes out once the mail server is back.

Skipped locally without Redis (``REDIS_URL``), failing in CI (``CI=true``). The worker runs
in a thread with the solo pool, so Django's ``mail.outbox`` (per process) sees what it sends.
"""

import datetime as dt
import os
import smtplib
import time
from unittest import mock
from urllib.parse import urlsplit

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import OperationalError, connection, connections
from django.utils import timezone
from kombu import pools as kombu_pools

from certificates.models import Certificate, CertificateState
from config.celery import app
from core.tasks import sweep_deadlines_task
from notifications.models import Notification, NotificationStatus
from notifications.services import notification_queue
from notifications.tasks import retry_due_notifications, send_notification, send_reminders
from tests.factories import CertificateFactory

D = dt.date
pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
LOCMEM_SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


def _db15(url: str) -> str:
    """The same Redis, database 15 (or ``CELERY_TEST_BROKER_URL``): the test never touches
    the application's queues."""
    return urlsplit(url)._replace(path="/15").geturl()


def _forget_connections():
    """Drop the app's cached broker pool and result backend, so the next use reads the
    configuration as it is now."""
    kombu_pools.reset()  # the broker connection pools are global, keyed by URL
    app._pool = None
    if "amqp" in app.__dict__:
        app.amqp._producer_pool = None
    vars(app._local).pop("backend", None)


def _close_worker_connections(**kwargs):
    """The worker thread's database connection is closed after each task (as the Django
    fixup of a real worker does), so the test database can be flushed and dropped."""
    connections.close_all()


@pytest.fixture
def worker(redis_url):
    import redis

    url = os.environ.get("CELERY_TEST_BROKER_URL") or _db15(redis_url)
    overrides = {
        "broker_url": url,
        "result_backend": url,
        "task_always_eager": False,
        "task_eager_propagates": False,
        "worker_hijack_root_logger": False,
        "broker_connection_retry_on_startup": False,
    }
    saved = {key: app.conf.get(key) for key in overrides}
    if connection.vendor == "sqlite":
        # The in-memory test database is shared between this thread and the worker's in
        # SQLite's shared-cache mode, where a reader's table lock makes the writer fail at
        # once ("database table is locked"); reading uncommitted takes no read locks.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = true")
    redis.Redis.from_url(url).flushdb()
    app.conf.update(overrides)
    _forget_connections()
    task_postrun.connect(_close_worker_connections, weak=False)
    try:
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=30):
            yield app
    finally:
        task_postrun.disconnect(_close_worker_connections)
        app.conf.update(saved)
        _forget_connections()
        redis.Redis.from_url(url).flushdb()


def wait_until(condition, timeout=30.0, message="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except OperationalError:  # SQLite: the worker holds a write lock for a moment
            pass
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {message}")


def outbox_settled():
    """Every queued message left the outbox (sent or failed) and nothing is in flight."""
    return not Notification.objects.filter(
        status__in=[NotificationStatus.PENDING, NotificationStatus.SENDING]).exists()


def test_sweep_and_reminders_through_the_broker_twice_send_each_reminder_once_r_z6(
        worker, member_x, member_y, body_a, body_b, xena, yuri):
    """R-Z6: 31 January 2026: X's certificate (to 31 August) is 7 months from its end; Y's ended on
    30 January, so the sweep expires it and the day-after reminder goes out."""
    ending = CertificateFactory(audit__member=member_x, audit__body=body_a,
                                valid_from=D(2023, 9, 1), valid_until=D(2026, 8, 31))
    ended = CertificateFactory(audit__member=member_y, audit__body=body_b,
                               valid_from=D(2023, 1, 31), valid_until=D(2026, 1, 30))

    reports = []
    for _run in range(2):
        sweep = sweep_deadlines_task.delay("2026-01-31").get(timeout=60)
        reminders = send_reminders.delay("2026-01-31").get(timeout=60)
        reports.append((sweep, reminders))
        wait_until(outbox_settled, message="the outbox to settle")

    (first_sweep, first), (second_sweep, second) = reports
    assert first_sweep["certificates"]["certificates_expired"] == 1
    assert second_sweep["certificates"]["certificates_expired"] == 0
    assert first["certificate"] == 1 and first["certificate_expired"] == 1
    assert second["certificate"] == second["certificate_expired"] == 0
    assert Certificate.objects.get(pk=ended.pk).state == CertificateState.EXPIRED

    time.sleep(0.5)  # anything still in flight would arrive now
    # (The factories' certificates also got their certificate-issued e-mail, R-Z7.)
    reminders_sent = [m for m in mail.outbox if "verl" in m.subject]
    assert sorted((m.to[0], m.subject) for m in reminders_sent) == [
        (xena.email, "Herinnering: uw NVVK-certificaat "
                     f"{ending.number} verloopt op 31 augustus 2026"),
        (yuri.email, f"Uw NVVK-certificaat {ended.number} is verlopen"),
    ]
    assert Notification.objects.filter(template="certificate-reminder",
                                       status=NotificationStatus.SENT).count() == 2


def test_an_smtp_failure_is_retried_by_the_worker_then_shown_as_failed_never_lost_r_z6(
        worker, member_x, xena):
    """R-Z6: an SMTP failure is retried by the worker then shown as failed never lost."""
    attempts = 1 + send_notification.max_retries

    def disconnected(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    # The task's own backoff (30 s and up, with jitter) is made immediate for the test.
    with (mock.patch(LOCMEM_SEND, side_effect=disconnected) as smtp,
          mock.patch("celery.app.autoretry.get_exponential_backoff_interval", return_value=0)):
        notification = notification_queue(
            template="application-received", to=xena, member=member_x,
            context={"member": member_x, "submitted_on": D(2026, 1, 12)})
        wait_until(lambda: Notification.objects.get(pk=notification.pk).attempts >= attempts
                   and outbox_settled(), message="the task's retries")
        time.sleep(0.3)  # no further attempt comes

    notification.refresh_from_db()
    assert smtp.call_count == attempts  # retried by the worker
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == attempts
    assert "SMTPServerDisconnected" in notification.last_error
    assert notification.next_attempt_at is not None  # the automatic retry is scheduled
    assert mail.outbox == []

    # The mail server is back; beat's retry job hands the due message to the worker again.
    Notification.objects.filter(pk=notification.pk).update(
        next_attempt_at=timezone.now() - dt.timedelta(seconds=1))
    assert retry_due_notifications.delay().get(timeout=30) == {"scheduled": 1}
    wait_until(lambda: Notification.objects.get(pk=notification.pk).status
               == NotificationStatus.SENT, message="the retried message to be sent")

    assert [m.to for m in mail.outbox] == [[xena.email]]
