"""Issue #13, time limits: a mail server that accepts the connection and never answers (a
tarpit) does not stall the sender (EMAIL_TIMEOUT); the message is marked failed with its next
attempt, not left "sending", and the next retry delivers it (R-Z6: retried, never lost)."""

import datetime as dt
import smtplib
import socket
import threading

import pytest
from aiosmtpd.controller import Controller
from django.utils import timezone

from notifications.models import Notification, NotificationStatus
from notifications.sending import CLAIM_TIMEOUT, notification_send
from notifications.services import notification_queue
from notifications.tasks import notifications_retry_due
from tests.factories import CertificateFactory
from tests.notifications.test_smtp import Inbox, _free_port

# Without EMAIL_TIMEOUT the client would wait until the tarpit lets go after this long and then
# see the connection closed ("Connection unexpectedly closed"), not "timed out": the test fails, never hangs.
TARPIT_HOLD_SECONDS = 30


class Tarpit:
    """A TCP server in a thread that accepts every connection and never says a word."""

    def __init__(self):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.port = self.listener.getsockname()[1]
        self.accepted = []
        self.released = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        self.listener.settimeout(0.2)
        while not self.released.is_set():
            try:
                conn, _addr = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted.append(conn)
            threading.Timer(TARPIT_HOLD_SECONDS, conn.close).start()

    def close(self):
        self.released.set()
        self.thread.join(timeout=5)
        for conn in self.accepted:
            conn.close()
        self.listener.close()


def _smtp(settings, port, timeout):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = timeout


@pytest.fixture
def tarpit(settings):
    server = Tarpit()
    _smtp(settings, server.port, timeout=1)
    yield server
    server.close()


@pytest.fixture
def reminder(xena, member_x, body_a):
    certificate = CertificateFactory(number="NVVK-2023-0042", audit__member=member_x,
                                     audit__body=body_a, valid_from=dt.date(2023, 6, 1),
                                     valid_until=dt.date(2026, 5, 31))
    return notification_queue(
        template="certificate-reminder", to=xena, member=member_x,
        key=f"reminder:certificate:{certificate.pk}:1m",
        context={"certificate": certificate, "expired": False})


def test_r_z6_a_tarpit_mail_server_times_out_and_the_message_is_retried_later(
        tarpit, reminder, settings):
    """R-Z6 / issue #13: the tarpit does not hold the sender beyond EMAIL_TIMEOUT; the message
    is failed with a next attempt (not stuck "sending") and the next retry delivers it."""
    now = timezone.now()

    with pytest.raises(smtplib.SMTPServerDisconnected, match="timed out"):
        notification_send(notification_id=reminder.pk, now=now)

    assert tarpit.accepted, "the sender never reached the tarpit"
    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.FAILED
    assert reminder.attempts == 1
    assert "timed out" in reminder.last_error
    assert reminder.next_attempt_at > now

    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        _smtp(settings, port, timeout=10)
        assert notifications_retry_due(now=reminder.next_attempt_at) == {"scheduled": 1}
    finally:
        controller.stop()

    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.SENT
    assert reminder.attempts == 2
    assert [envelope.rcpt_tos for envelope in inbox.envelopes] == [[reminder.recipient_email]]


def test_r_z6_a_row_left_sending_by_a_killed_worker_does_not_block_the_retry(
        reminder, settings, mailoutbox):
    """R-Z6 / issue #13: a send killed at its hard time limit leaves the row "sending"; after
    the claim timeout the periodic retry claims it again and delivers it."""
    claimed_at = timezone.now() - CLAIM_TIMEOUT - dt.timedelta(minutes=1)
    Notification.objects.filter(pk=reminder.pk).update(
        status=NotificationStatus.SENDING, claimed_at=claimed_at, attempts=1)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

    assert notifications_retry_due() == {"scheduled": 1}

    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.SENT
    assert reminder.attempts == 2
    assert len(mailoutbox) == 1
