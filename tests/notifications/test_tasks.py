"""The Celery side of issue #5: the beat schedule (Europe/Amsterdam) and the thin tasks
around the idempotent services — acknowledged late, retried with backoff on transient
database errors."""

import datetime as dt
from unittest import mock

import pytest
from celery.exceptions import Retry
from celery.schedules import crontab
from django.conf import settings
from django.db import OperationalError

from certificates.tasks import issue_certificate_documents, issue_missing_certificate_documents
from complaints.tasks import check_complaint_deadlines
from config.celery import app
from core.tasks import sweep_deadlines_task
from notifications.tasks import send_reminders
from suspensions.tasks import queue_suspension_notice

D = dt.date
TASKS = [sweep_deadlines_task, send_reminders, check_complaint_deadlines,
         issue_certificate_documents, issue_missing_certificate_documents,
         queue_suspension_notice]


def test_beat_runs_the_sweep_the_reminders_the_complaints_and_the_outbox():
    schedule = settings.CELERY_BEAT_SCHEDULE
    assert settings.CELERY_TIMEZONE == "Europe/Amsterdam"
    expected = {
        "core.tasks.sweep_deadlines_task": crontab(hour=1, minute=30),  # daily, first
        "notifications.tasks.send_reminders": crontab(hour=7, minute=0),  # daily, after it
        "complaints.tasks.check_complaint_deadlines": crontab(minute=0),  # hourly (R-K2)
        "notifications.tasks.retry_due_notifications": crontab(minute="*/5"),  # R-Z6
        "certificates.tasks.issue_missing_certificate_documents": crontab(minute=15),  # R-Z7
        "core.tasks.prune_login_throttles_task": crontab(hour=3, minute=10),  # issue #17
    }
    assert {entry["task"]: entry["schedule"] for entry in schedule.values()} == expected
    app.loader.import_default_modules()
    for task in expected:
        assert task in app.tasks, task


@pytest.mark.parametrize("task", TASKS, ids=lambda task: task.name)
def test_every_task_is_acknowledged_late_and_retried_on_database_errors(task):
    assert task.acks_late is True
    assert OperationalError in task.autoretry_for
    assert task.retry_backoff and task.max_retries >= 3


@pytest.mark.django_db
def test_the_sweep_task_runs_the_sweep_for_the_given_day():
    with mock.patch("core.tasks.sweep_deadlines", return_value={"certificates": {}}) as sweep:
        assert sweep_deadlines_task.delay("2026-01-31").get() == {"certificates": {}}
    sweep.assert_called_once_with(D(2026, 1, 31))


@pytest.mark.django_db
def test_the_reminders_task_runs_the_reminders_for_today_by_default(time_machine):
    time_machine.move_to(dt.datetime(2026, 1, 30, 23, 30, tzinfo=dt.UTC))  # 00:30 in NL
    with mock.patch("notifications.reminders.reminders_send", return_value={}) as send:
        send_reminders.delay().get()
    send.assert_called_once_with(today=D(2026, 1, 31))  # the Amsterdam date


@pytest.mark.django_db
def test_the_complaint_check_runs_the_complaints_sweep_r_k2(time_machine):
    """R-K2: the complaint check runs the complaints sweep."""
    time_machine.move_to(dt.datetime(2026, 3, 9, 8, 0, tzinfo=dt.UTC))
    with mock.patch("complaints.tasks.complaints_sweep", return_value={}) as sweep:
        check_complaint_deadlines.delay().get()
    sweep.assert_called_once_with(today=D(2026, 3, 9))


@pytest.mark.django_db
def test_a_transient_database_error_schedules_a_retry(monkeypatch):
    """(The real worker's retries are shown in test_celery_worker.py.)"""

    def down(*, today):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("notifications.reminders.reminders_send", down)
    with pytest.raises(Retry) as retry:  # in-process the retry surfaces as an exception
        send_reminders.apply(args=["2026-01-31"])
    assert isinstance(retry.value.exc, OperationalError)
