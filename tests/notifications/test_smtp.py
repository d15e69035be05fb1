"""Delivery through a real SMTP server on localhost (aiosmtpd): what arrives is parsed back —
subject, recipient, language and the certificate PDF attachment (R-Z7) — and a server that
refuses a message leaves it failed in the outbox until it is retried (R-Z6)."""

import datetime as dt
import email
import email.policy
import socket

import pytest
from aiosmtpd.controller import Controller

from certificates.pdf import certificate_store_pdf
from notifications.models import NotificationStatus
from notifications.services import notification_queue
from notifications.tasks import notifications_retry_due
from tests.factories import CertificateFactory, UserFactory


class Inbox:
    """An aiosmtpd handler that keeps every message; ``refuse`` makes it answer 451."""

    def __init__(self):
        self.envelopes = []
        self.refuse = 0

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            self.refuse -= 1
            return "451 4.3.0 Mailbox temporarily unavailable"
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp_inbox(settings):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.DEFAULT_FROM_EMAIL = "Keurmerk NVVK <keurmerk@nvvk.example>"
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def certificate(member_x, body_a):
    return CertificateFactory(number="NVVK-2023-0042", audit__member=member_x,
                              audit__body=body_a, valid_from=dt.date(2023, 6, 1),
                              valid_until=dt.date(2026, 5, 31), decided_on=dt.date(2023, 5, 15))


def _parse(envelope) -> email.message.EmailMessage:
    return email.message_from_bytes(envelope.original_content or envelope.content,
                                    policy=email.policy.default)


def test_r_z7_certificate_issued_arrives_in_english_with_the_pdf(
        smtp_inbox, member_x, certificate, bea, django_capture_on_commit_callbacks):
    """R-Z7: certificate issued arrives in English with the PDF."""
    contact = UserFactory(email="eve@x.example", full_name="Eve English", language="en")
    document = certificate_store_pdf(certificate=certificate, actor=bea)

    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_queue(
            template="certificate-issued", to=contact, member=member_x,
            context={"certificate": certificate}, attachments=[document])

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    [envelope] = smtp_inbox.envelopes
    assert envelope.rcpt_tos == ["eve@x.example"]
    assert envelope.mail_from == "keurmerk@nvvk.example"
    message = _parse(envelope)
    assert message["Subject"] == notification.subject
    assert "NVVK-2023-0042" in message["Subject"]
    assert message["To"] == "Eve English <eve@x.example>"  # issue #18: a display name
    assert message["Content-Language"] == "en"
    assert message["Message-ID"] == notification.message_id  # issue #18: random, stored
    assert notification.message_id.endswith("@127.0.0.1>")
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Dear Eve English," in text  # locale/en
    assert "31 May 2026" in text and "1 June 2023" in text
    assert '<html lang="en">' in html
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == "NVVK-2023-0042.pdf"
    assert attachment.get_content_type() == "application/pdf"
    content = attachment.get_content()
    assert content.startswith(b"%PDF")
    with document.file.open("rb") as handle:
        assert content == handle.read()


def test_r_z6_a_refused_message_stays_failed_in_the_outbox_and_is_retried(
        smtp_inbox, xena, member_x, certificate, django_capture_on_commit_callbacks):
    """R-Z6: a refused message stays failed in the outbox and is retried."""
    smtp_inbox.refuse = 1

    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_queue(
            template="certificate-reminder", to=xena, member=member_x,
            key=f"reminder:certificate:{certificate.pk}:3m",
            context={"certificate": certificate, "expired": False})

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 1
    assert notification.last_error.startswith("SMTPDataError: (451")
    assert smtp_inbox.envelopes == []

    notifications_retry_due(now=notification.next_attempt_at)

    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 2
    [envelope] = smtp_inbox.envelopes
    message = _parse(envelope)
    assert message["Content-Language"] == "nl"
    assert message["Subject"] == ("Herinnering: uw NVVK-certificaat NVVK-2023-0042 verloopt op "
                                  "31 mei 2026")
