"""Sending from the outbox (R-Z6): each message is claimed before it is sent, so it is sent
once; a failure is recorded, retried with backoff, and reported to the bureau — never lost."""

import datetime as dt
import smtplib
from unittest import mock

import pytest
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.test import RequestFactory
from django.utils import timezone

from core.exceptions import RuleViolation
from core.history import change_reason_text, reason_starts_with
from core.models import Flag, FlagAudience
from notifications.admin import NotificationAdmin
from notifications.models import Notification, NotificationStatus
from notifications.selectors import timeline_events
from notifications.sending import CLAIM_TIMEOUT, MAX_ATTEMPTS, notification_send
from notifications.services import notification_queue, notification_retry
from notifications.tasks import (
    notifications_retry_due,
    retry_due_notifications,
    send_notification,
)
from tests.concurrency import run_together
from tests.factories import CertificateFactory

NOW = dt.datetime(2026, 4, 30, 8, 0, tzinfo=dt.UTC)  # 10:00 in Amsterdam
LOCMEM_SEND = "django.core.mail.backends.locmem.EmailBackend.send_messages"


def _disconnected(*args, **kwargs):
    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


@pytest.fixture
def certificate(member_x, body_a):
    return CertificateFactory(number="NVVK-2023-0042", audit__member=member_x,
                              audit__body=body_a, valid_from=dt.date(2023, 6, 1),
                              valid_until=dt.date(2026, 5, 31))


@pytest.fixture
def reminder(xena, member_x, certificate):
    """A queued (pending) R-Z6 reminder to Xena; the commit has not handed it to the task."""
    return notification_queue(
        template="certificate-reminder", to=xena, member=member_x,
        key=f"reminder:certificate:{certificate.pk}:1m",
        context={"certificate": certificate, "expired": False})


def test_send_delivers_the_stored_message_and_marks_it_sent(reminder):
    assert notification_send(notification_id=reminder.pk, now=NOW) is True

    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.SENT
    assert reminder.attempts == 1
    assert reminder.claimed_at == NOW
    assert reminder.sent_at is not None
    [message] = mail.outbox
    assert message.to == ["xena@x.example"]
    assert message.subject == reminder.subject
    assert message.body == reminder.body_text
    assert message.alternatives[0][1] == "text/html"
    assert message.extra_headers["Content-Language"] == "nl"
    assert change_reason_text(reminder.history.first().history_change_reason) == "verzonden"


def test_r_z6_two_sends_of_one_message_deliver_one_mail(reminder):
    """R-Z6: The claim: the second send finds the row sent and does nothing."""
    assert notification_send(notification_id=reminder.pk, now=NOW) is True
    assert notification_send(notification_id=reminder.pk, now=NOW) is False
    assert send_notification.delay(reminder.pk).get() is False
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.attempts == 1


def test_a_message_being_sent_is_not_claimed_again(reminder):
    Notification.objects.filter(pk=reminder.pk).update(status=NotificationStatus.SENDING,
                                                       claimed_at=NOW)
    assert notification_send(notification_id=reminder.pk,
                             now=NOW + CLAIM_TIMEOUT - dt.timedelta(seconds=1)) is False
    assert mail.outbox == []


def test_a_claim_of_a_dead_worker_is_taken_over_after_the_timeout(reminder):
    Notification.objects.filter(pk=reminder.pk).update(status=NotificationStatus.SENDING,
                                                       claimed_at=NOW, attempts=1)
    assert notification_send(notification_id=reminder.pk,
                             now=NOW + CLAIM_TIMEOUT + dt.timedelta(seconds=1)) is True
    assert len(mail.outbox) == 1


def test_r_z6_smtp_failure_marks_failed_with_the_error_and_the_next_attempt(reminder):
    """R-Z6: SMTP failure marks failed with the error and the next attempt."""
    with mock.patch(LOCMEM_SEND, side_effect=_disconnected), \
            pytest.raises(smtplib.SMTPServerDisconnected):
        notification_send(notification_id=reminder.pk, now=NOW)

    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.FAILED
    assert reminder.attempts == 1
    assert reminder.last_error == ("SMTPServerDisconnected: Connection unexpectedly closed")
    assert reminder.next_attempt_at == NOW + dt.timedelta(minutes=5)
    assert change_reason_text(reminder.history.first().history_change_reason) == "poging 1 mislukt"
    assert mail.outbox == []


def test_r_z6_backoff_doubles_per_attempt(reminder):
    """R-Z6: backoff doubles per attempt."""
    expected_minutes = [5, 10, 20, 40, 80, 160, 320]
    for attempt, minutes in enumerate(expected_minutes, start=1):
        with mock.patch(LOCMEM_SEND, side_effect=_disconnected), \
                pytest.raises(smtplib.SMTPServerDisconnected):
            notification_send(notification_id=reminder.pk, now=NOW)
        reminder.refresh_from_db()
        assert reminder.attempts == attempt
        assert reminder.next_attempt_at - NOW == dt.timedelta(minutes=minutes)


def test_r_z6_a_failed_message_is_retried_when_due_and_then_sent(reminder):
    """R-Z6: a failed message is retried when due and then sent."""
    with mock.patch(LOCMEM_SEND, side_effect=_disconnected), \
            pytest.raises(smtplib.SMTPServerDisconnected):
        notification_send(notification_id=reminder.pk, now=NOW)

    assert notifications_retry_due(now=NOW + dt.timedelta(minutes=4)) == {"scheduled": 0}
    assert mail.outbox == []

    # Due after five minutes: handed to the (eager) task, which sends it.
    assert notifications_retry_due(now=NOW + dt.timedelta(minutes=5)) == {"scheduled": 1}
    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.SENT
    assert reminder.attempts == 2
    assert len(mail.outbox) == 1
    # A rerun finds nothing due.
    assert notifications_retry_due(now=NOW + dt.timedelta(hours=1)) == {"scheduled": 0}
    assert len(mail.outbox) == 1


def test_r_z6_a_pending_message_whose_task_was_lost_is_sent_by_the_retry(reminder):
    """R-Z6: The broker was down at commit: the row stays pending and is picked up later."""
    assert notifications_retry_due(now=timezone.now()) == {"scheduled": 0}
    assert notifications_retry_due(now=timezone.now() + dt.timedelta(minutes=11)) == {
        "scheduled": 1}
    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1


def test_r_z6_after_the_last_attempt_it_stays_failed_and_the_bureau_is_flagged(reminder,
                                                                               member_x):
    """R-Z6: after the last attempt it stays failed and the bureau is flagged."""
    Notification.objects.filter(pk=reminder.pk).update(
        status=NotificationStatus.FAILED, attempts=MAX_ATTEMPTS - 1,
        next_attempt_at=NOW, last_error="SMTPServerDisconnected: earlier")

    with mock.patch(LOCMEM_SEND, side_effect=_disconnected):
        # No automatic attempt left: nothing to re-raise for the task's retry.
        assert notification_send(notification_id=reminder.pk, now=NOW) is False

    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.FAILED
    assert reminder.attempts == MAX_ATTEMPTS
    assert reminder.next_attempt_at is None
    flag = Flag.objects.get(key=f"notification:{reminder.pk}:failed")
    assert flag.rule_id == "R-Z6"
    assert flag.audience == FlagAudience.BUREAU
    assert flag.member == member_x
    assert flag.subject == reminder
    assert flag.message.startswith("R-Z6: e-mail kon niet worden verzonden")
    assert "xena@x.example" in flag.message
    assert flag.raised_on == dt.date(2026, 4, 30)
    # Not retried automatically any more; still in the outbox.
    assert notifications_retry_due(now=NOW + dt.timedelta(days=30)) == {"scheduled": 0}
    assert Notification.objects.filter(pk=reminder.pk, status="failed").exists()


def test_r_z6_the_bureau_retries_by_hand_and_the_flag_is_resolved(reminder, bea,
                                                                  django_capture_on_commit_callbacks):
    """R-Z6: the bureau retries by hand and the flag is resolved."""
    Notification.objects.filter(pk=reminder.pk).update(
        status=NotificationStatus.FAILED, attempts=MAX_ATTEMPTS - 1, next_attempt_at=NOW)
    with mock.patch(LOCMEM_SEND, side_effect=_disconnected):
        notification_send(notification_id=reminder.pk, now=NOW)
    assert Flag.objects.open().filter(key=f"notification:{reminder.pk}:failed").exists()

    with django_capture_on_commit_callbacks(execute=True):
        notification_retry(notification=reminder, actor=bea)

    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.SENT
    assert reminder.attempts == MAX_ATTEMPTS + 1
    assert len(mail.outbox) == 1
    manual = reminder.history.get(reason_starts_with("handmatig opnieuw aangeboden"))
    assert manual.history_user == bea
    assert not Flag.objects.open().filter(key=f"notification:{reminder.pk}:failed").exists()


def test_r_z6_only_the_bureau_retries_by_hand(reminder, dirk, xena):
    """R-Z6: only the bureau retries by hand."""
    for actor in (dirk, xena.user):
        with pytest.raises(RuleViolation) as refused:
            notification_retry(notification=reminder, actor=actor)
        assert refused.value.rule_id == "R-Z6"
        assert "verenigingsbureau" in refused.value.message


def test_r_z6_a_sent_message_is_not_retried(reminder, bea):
    """R-Z6: a sent message is not retried."""
    notification_send(notification_id=reminder.pk, now=NOW)
    with pytest.raises(RuleViolation, match="R-Z6: Dit bericht is al verzonden"):
        notification_retry(notification=reminder, actor=bea)
    assert len(mail.outbox) == 1


def test_r_z6_a_message_being_sent_is_not_retried_by_hand(reminder, bea):
    """R-Z6: a message being sent is not retried by hand."""
    Notification.objects.filter(pk=reminder.pk).update(status=NotificationStatus.SENDING,
                                                       claimed_at=timezone.now())
    with pytest.raises(RuleViolation, match="op dit moment verzonden"):
        notification_retry(notification=reminder, actor=bea)


def test_send_task_is_acked_late_and_retries_transient_errors_with_backoff():
    assert send_notification.acks_late is True
    assert smtplib.SMTPException in send_notification.autoretry_for
    assert ConnectionError in send_notification.autoretry_for
    assert OSError in send_notification.autoretry_for
    assert send_notification.retry_backoff and send_notification.max_retries >= 1


def test_the_task_retries_a_transient_smtp_error_itself(reminder):
    """The Celery task's own retry delivers on the second try. (Run with ``apply`` without
    propagation, where a retry runs at once; a real worker waits the backoff.)"""
    calls = {"n": 0}
    real_send = EmailBackend.send_messages

    def flaky(self, messages):
        calls["n"] += 1
        if calls["n"] == 1:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(self, messages)

    with mock.patch(LOCMEM_SEND, flaky):
        result = send_notification.apply(args=[reminder.pk], throw=False)

    assert result.get() is True
    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.SENT
    assert reminder.attempts == 2
    assert len(mail.outbox) == 1
    assert "poging 1 mislukt" in [change_reason_text(row.history_change_reason)
                                  for row in reminder.history.all()]


def test_retry_due_task_wraps_the_service(reminder):
    assert retry_due_notifications.delay().get() == {"scheduled": 0}


def test_r_z6_sent_reminders_are_on_the_members_timeline(reminder, member_x):
    """R-Z6: sent reminders are on the members timeline."""
    notification_send(notification_id=reminder.pk, now=NOW)
    reminder.refresh_from_db()

    [event] = timeline_events(member=member_x, today=dt.date(2026, 5, 1))

    assert event.rule_id == "R-Z6"
    assert event.title == f"E-mail verzonden: {reminder.subject}"
    assert event.on == timezone.localdate(reminder.sent_at)
    assert event.detail == "xena@x.example"


def test_admin_retry_action_goes_through_the_service(reminder, bea):
    Notification.objects.filter(pk=reminder.pk).update(status=NotificationStatus.FAILED,
                                                       attempts=3)
    model_admin = NotificationAdmin(Notification, admin.site)
    request = RequestFactory().post("/admin/notifications/notification/")
    request.user = bea
    request.session = {}
    request._messages = FallbackStorage(request)

    model_admin.retry(request, Notification.objects.filter(pk=reminder.pk))

    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.PENDING
    assert reminder.history.first().history_user == bea
    assert [str(m) for m in request._messages] == ["1 bericht opnieuw aangeboden."]
    assert not model_admin.has_change_permission(request, reminder)
    assert not model_admin.has_delete_permission(request, reminder)


@pytest.mark.django_db(transaction=True)
def test_r_z6_two_workers_at_the_same_moment_send_one_mail(postgres, xena, member_x,
                                                            certificate):
    """R-Z6: Two threads, each with its own database connection, claim the same row at once."""
    with mock.patch("notifications.services.send_notification"):  # no send at commit
        reminder = notification_queue(template="certificate-reminder", to=xena,
                                      member=member_x,
                                      context={"certificate": certificate, "expired": False})
    results = run_together(*[lambda: notification_send(notification_id=reminder.pk)] * 2)

    assert sorted(results) == [False, True]
    # (The certificate fixture's own certificate-issued e-mail went out at its commit.)
    assert len([m for m in mail.outbox if m.subject == reminder.subject]) == 1
    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.SENT
    assert reminder.attempts == 1
